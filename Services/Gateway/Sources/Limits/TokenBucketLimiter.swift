import Synchronization

/// One token bucket per client address: `burst` requests at once, then `perMinute` a minute. Memory is bounded: at
/// `maxAddresses` buckets, those refilled to the brim (idle clients, who lose nothing by being forgotten) go first,
/// then the least recently seen until half the room is free, so a flood of new addresses costs a sweep every
/// `maxAddresses / 2` newcomers rather than one per request. The clock is injected so tests need not wait.
final class TokenBucketLimiter: Sendable {
    enum Decision: Equatable {
        case allowed
        /// Refused; a token is back after this many seconds (rounded up, at least 1), for `Retry-After`.
        case limited(retryAfterSeconds: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Duration
    }

    let settings: RateLimitSettings
    private let now: @Sendable () -> Duration
    private let buckets = Mutex<[String: Bucket]>([:])

    /// `now` is any monotonic time since a fixed origin; the default is the continuous clock.
    init(settings: RateLimitSettings, now: @escaping @Sendable () -> Duration = TokenBucketLimiter.continuousNow) {
        self.settings = settings
        self.now = now
    }

    static let continuousNow: @Sendable () -> Duration = {
        let origin = ContinuousClock.now
        return { ContinuousClock.now - origin }
    }()

    private var refillPerSecond: Double { Double(settings.perMinute) / 60 }

    func take(for address: String) -> Decision {
        let now = self.now()
        let capacity = Double(max(settings.burst, 1))
        let rate = refillPerSecond
        return buckets.withLock { buckets in
            if buckets[address] == nil, buckets.count >= settings.maxAddresses {
                Self.evict(&buckets, now: now, capacity: capacity, rate: rate, limit: settings.maxAddresses)
            }
            var bucket = buckets[address] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + Self.seconds(now - bucket.updated) * rate)
            bucket.updated = now
            defer { buckets[address] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return .allowed
            }
            guard rate > 0 else { return .limited(retryAfterSeconds: 60) }
            return .limited(retryAfterSeconds: max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))))
        }
    }

    /// How many addresses are remembered (tests check the bound).
    var count: Int { buckets.withLock { $0.count } }

    private static func evict(_ buckets: inout [String: Bucket], now: Duration, capacity: Double, rate: Double, limit: Int) {
        buckets = buckets.filter { $0.value.tokens + seconds(now - $0.value.updated) * rate < capacity }
        guard buckets.count >= limit else { return }
        let keep = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(limit / 2)
        buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
