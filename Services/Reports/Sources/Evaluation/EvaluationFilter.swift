import Contracts
import Foundation

/// The WHERE clause of an evaluation: issued certificates (voided ones do not count: the result was withdrawn) whose
/// conclusion is known, narrowed by the query's filters, each bound as a parameter.
struct EvaluationFilter: Sendable {
    var itemID = ""
    var manufacturer = ""
    var model = ""
    var regionPrefix = ""
    var use = ""
    var customerID = ""
    var fromDate = ""
    var toDate = ""
    var mandatoryOnly = false
    /// The caller's rows (`ReaderScope`), on top of the query's own filters.
    var scope = ReaderScope.nothing

    init(_ query: Metrology_Reports_V1_EvaluationQuery, scope: ReaderScope) throws {
        let texts = [query.itemID, query.manufacturer, query.model, query.regionPrefix, query.use, query.customerID]
        guard texts.allSatisfy({ $0.count <= 200 }) else { throw EvaluationErrors.tooLong }
        for date in [query.fromDate, query.toDate] where !date.isEmpty {
            guard Self.isDate(date) else { throw EvaluationErrors.date }
        }
        if !query.regionPrefix.isEmpty {
            guard [2, 4, 6].contains(query.regionPrefix.utf8.count), query.regionPrefix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw EvaluationErrors.region
            }
        }
        if !query.use.isEmpty { guard EvaluationDimension.useTitles[query.use] != nil else { throw EvaluationErrors.use } }
        itemID = query.itemID
        manufacturer = query.manufacturer
        model = query.model
        regionPrefix = query.regionPrefix
        use = query.use
        customerID = query.customerID
        fromDate = query.fromDate
        toDate = query.toDate
        mandatoryOnly = query.mandatoryOnly
        self.scope = scope
    }

    /// Appends " WHERE …"; `field` leaves out the manufacturer and model, for the field a manufacturer compares with.
    func append(to sql: inout SQLText, field: Bool = false) {
        sql.append(" WHERE certificate_state = 'issued' AND passed IS NOT NULL")
        if !itemID.isEmpty { sql.append(" AND item_id = \(sql.bind(itemID))") }
        if !field, !manufacturer.isEmpty { sql.append(" AND instrument_manufacturer = \(sql.bind(manufacturer))") }
        if !field, !model.isEmpty { sql.append(" AND instrument_model = \(sql.bind(model))") }
        if !regionPrefix.isEmpty { sql.append(" AND customer_region_code LIKE \(sql.bind(regionPrefix + "%"))") }
        if !use.isEmpty { sql.append(" AND instrument_use = \(sql.bind(use))") }
        if !customerID.isEmpty { sql.append(" AND customer_id = \(sql.bind(customerID))") }
        if !fromDate.isEmpty { sql.append(" AND test_date >= \(sql.bind(fromDate))::date") }
        if !toDate.isEmpty { sql.append(" AND test_date <= \(sql.bind(toDate))::date") }
        if mandatoryOnly { sql.append(" AND instrument_mandatory") }
        if scope != .everything { sql.append(" AND \(scope.condition(&sql))") }
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1900, (1...12).contains(month),
            (1...31).contains(day)
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar.date(from: DateComponents(year: year, month: month, day: day)).map { calendar.component(.day, from: $0) == day } ?? false
    }
}
