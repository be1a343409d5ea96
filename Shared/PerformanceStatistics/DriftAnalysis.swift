import Foundation

/// One verification of one instrument: when, and its largest |error| as a fraction of the maximum permissible error
/// (1.0 = at the MPE, above = failed).
public struct DriftPoint: Sendable, Hashable {
    /// Days since any fixed origin (the service uses days since 1970-01-01).
    public var day: Double
    public var ratio: Double

    public init(day: Double, ratio: Double) {
        self.day = day
        self.ratio = ratio
    }
}

/// The drift of an instrument's errors across its successive verifications: an ordinary least-squares line through
/// (day, |error|/MPE), extrapolated to where it reaches 1.0. With two points the line is exact, with more it averages
/// out the scatter of single verifications; a prediction is only as good as the assumption that wear is linear, so
/// the warning speaks of "likely", and the points stay on the chart for a person to judge.
public enum DriftAnalysis {
    public struct Fit: Sendable, Hashable {
        public var points: Int
        /// Ratio change per day.
        public var slopePerDay: Double
        /// The line's value at day 0.
        public var intercept: Double
        /// Day on which the line reaches 1.0; nil when it does not rise.
        public var crossingDay: Double?
        /// The newest point is already at or above the MPE.
        public var exceeded: Bool
        /// Predicted to reach the MPE on or before the next due date (or exceeded already).
        public var warning: Bool
    }

    /// nil with fewer than two usable points (finite values) or when all are on one day.
    /// - Parameter nextDueDay: the next verification's due day; no warning is predicted without it.
    public static func fit(_ points: [DriftPoint], nextDueDay: Double?) -> Fit? {
        let usable = points.filter { $0.day.isFinite && $0.ratio.isFinite }.sorted { $0.day < $1.day }
        guard usable.count >= 2, let newest = usable.last else { return nil }
        let count = Double(usable.count)
        let meanDay = usable.reduce(0) { $0 + $1.day } / count
        let meanRatio = usable.reduce(0) { $0 + $1.ratio } / count
        var sxx = 0.0
        var sxy = 0.0
        for point in usable {
            sxx += (point.day - meanDay) * (point.day - meanDay)
            sxy += (point.day - meanDay) * (point.ratio - meanRatio)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = meanRatio - slope * meanDay
        let crossing: Double? = slope > 0 ? (1 - intercept) / slope : nil
        let exceeded = newest.ratio >= 1
        var warning = exceeded
        if let crossing, let nextDueDay, crossing <= nextDueDay { warning = true }
        return Fit(
            points: usable.count, slopePerDay: slope, intercept: intercept, crossingDay: crossing, exceeded: exceeded, warning: warning)
    }
}
