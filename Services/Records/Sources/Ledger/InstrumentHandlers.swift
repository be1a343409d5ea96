import Auth
import Contracts
import Foundation
import Messaging
import PostgresNIO
import RPCCore
import ServiceKit

/// The instrument ledger (计量器具台账): ListInstruments, GetInstrument, CreateInstrument, UpdateInstrument, ImportInstruments
/// (in `InstrumentHandlers+Import.swift`).
///
/// Rules: one line per (customer, name, model, serial number) — RECORDS_INSTRUMENT_DUPLICATE; a mandatory instrument
/// (强检) names its use and only a mandatory one does; a cycle of 1–120 months (12 when not given); a manufacture date
/// that is a real day, not in the future; status in_use | stopped | scrapped, and a scrapped instrument is not changed
/// again. The last and next due dates come from the results (submission), not from these forms; a changed cycle moves
/// the next due date. Every change is audited in its transaction; the contract announces no event for the ledger.
struct InstrumentHandlers: Sendable {
    let store: InstrumentStore
    let customers: CustomerStore

    init(database: PostgresClient) {
        store = InstrumentStore(client: database)
        customers = CustomerStore(client: database)
    }

    func register(on router: inout ServiceRouter) {
        router.query(RecordsMethods.listInstruments, access: .permission(.recordsQuery), listInstruments)
        router.query(RecordsMethods.getInstrument, access: .permission(.recordsQuery), getInstrument)
        router.write(RecordsMethods.createInstrument, access: .permission(.recordsEdit), createInstrument)
        router.write(RecordsMethods.updateInstrument, access: .permission(.recordsEdit), updateInstrument)
        router.write(RecordsMethods.importInstruments, access: .permission(.recordsEdit), prepare: parseImport, importInstruments)
    }

    static let cursorList = "instruments"

    // MARK: Reading

    func listInstruments(
        _ request: Metrology_Records_V1_ListInstrumentsRequest, _ context: CallContext
    ) async throws -> Metrology_Records_V1_ListInstrumentsResponse {
        let size = try PageRequest(page: 0, pageSize: request.pageSize).size
        let customer = request.customerID.isEmpty ? nil : try CustomerValidation.customerID(request.customerID)
        let query = try HumanText.query(request.query.trimmingCharacters(in: .whitespaces))
        if !request.status.isEmpty { _ = try InstrumentValidation.status(request.status) }
        let due = try InstrumentValidation.day(request.dueBefore, field: "dueBefore", title: "到期日期")
        let cursor = try PageCursor.decode(request.cursor, list: Self.cursorList, parts: 2)
        var after: (name: String, id: UUID)?
        if let cursor {
            guard let id = UUID(uuidString: cursor.key[1]) else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            after = (cursor.key[0], id)
        }
        var (instruments, total) = try await store.list(
            .init(
                customerID: customer, text: query.nilIfEmpty, mandatoryOnly: request.mandatoryOnly, status: request.status.nilIfEmpty,
                dueBefore: due?.description, limit: size + 1, after: after),
            logger: context.logger)
        var response = Metrology_Records_V1_ListInstrumentsResponse()
        if instruments.count > size {
            instruments.removeLast()
            let last = instruments[instruments.count - 1]
            response.nextCursor = PageCursor(list: Self.cursorList, key: [last.name, last.idString]).token
        }
        response.instruments = instruments.map(\.message)
        response.total = total
        return response
    }

    func getInstrument(
        _ request: Metrology_Records_V1_GetInstrumentRequest, _ context: CallContext
    ) async throws -> Metrology_Records_V1_Instrument {
        let id = try InstrumentValidation.instrumentID(request.instrumentID)
        let instrument = try await store.client.withConnection { try await store.instrument(id: id, on: $0, logger: context.logger) }
        guard let instrument else { throw InstrumentValidation.notFound }
        return instrument.message
    }

    // MARK: Writing

    func createInstrument(
        _ request: Metrology_Records_V1_CreateInstrumentRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Instrument {
        let customerID = try CustomerValidation.customerID(request.customerID)
        let instrument = InstrumentRecord(
            id: UUID(), customerID: customerID, name: try InstrumentValidation.text(request.name, field: "name"),
            model: try InstrumentValidation.text(request.model, field: "model"),
            serialNumber: try InstrumentValidation.text(request.serialNumber, field: "serialNumber"),
            manufacturer: try InstrumentValidation.text(request.manufacturer, field: "manufacturer"),
            manufactureDate: try InstrumentValidation.manufactureDate(request.manufactureDate),
            accuracyClass: try InstrumentValidation.text(request.accuracyClass, field: "accuracyClass"),
            measuringRange: try InstrumentValidation.text(request.measuringRange, field: "measuringRange"),
            placeOfUse: try InstrumentValidation.text(request.placeOfUse, field: "placeOfUse"), mandatory: request.mandatory,
            mandatoryUse: try InstrumentValidation.mandatoryUse(request.mandatoryUse, mandatory: request.mandatory),
            itemID: try InstrumentValidation.itemID(request.itemID),
            cycleMonths: try InstrumentValidation.cycle(request.cycleMonths == 0 ? 12 : Int(request.cycleMonths)))
        guard let customer = try await customers.customer(id: customerID, on: connection, logger: context.logger) else {
            throw CustomerValidation.notFound
        }
        guard try await store.insert([instrument], on: connection, logger: context.logger).contains(instrument.id) else {
            throw InstrumentValidation.duplicate(instrument.key)
        }
        try await context.audit(
            "instrument.created", entityType: "instrument", entityID: instrument.idString,
            summary: "在委托单位 \(customer.name) 的台账中新增计量器具 \(Self.label(instrument))",
            details: Self.fields(instrument).merging(["customerId": customer.idString]) { $1 }, on: connection)
        return try await reread(instrument.id, context, connection)
    }

    func updateInstrument(
        _ request: Metrology_Records_V1_UpdateInstrumentRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Instrument {
        let id = try InstrumentValidation.instrumentID(request.instrumentID)
        guard let before = try await store.instrument(id: id, lock: true, on: connection, logger: context.logger) else {
            throw InstrumentValidation.notFound
        }
        guard before.status != "scrapped" else { throw InstrumentValidation.scrapped }
        var after = before
        if request.hasName { after.name = try InstrumentValidation.text(request.name, field: "name") }
        if request.hasModel { after.model = try InstrumentValidation.text(request.model, field: "model") }
        if request.hasSerialNumber { after.serialNumber = try InstrumentValidation.text(request.serialNumber, field: "serialNumber") }
        if request.hasManufacturer { after.manufacturer = try InstrumentValidation.text(request.manufacturer, field: "manufacturer") }
        if request.hasManufactureDate { after.manufactureDate = try InstrumentValidation.manufactureDate(request.manufactureDate) }
        if request.hasAccuracyClass { after.accuracyClass = try InstrumentValidation.text(request.accuracyClass, field: "accuracyClass") }
        if request.hasMeasuringRange { after.measuringRange = try InstrumentValidation.text(request.measuringRange, field: "measuringRange") }
        if request.hasPlaceOfUse { after.placeOfUse = try InstrumentValidation.text(request.placeOfUse, field: "placeOfUse") }
        if request.hasItemID { after.itemID = try InstrumentValidation.itemID(request.itemID) }
        if request.hasCycleMonths { after.cycleMonths = try InstrumentValidation.cycle(Int(request.cycleMonths)) }
        if request.hasStatus { after.status = try InstrumentValidation.status(request.status) }
        if request.hasMandatory { after.mandatory = request.mandatory }
        // Turning mandatory off without naming a use drops the old one; anything else is checked as a whole.
        if request.hasMandatoryUse {
            after.mandatoryUse = request.mandatoryUse
        } else if !after.mandatory {
            after.mandatoryUse = ""
        }
        after.mandatoryUse = try InstrumentValidation.mandatoryUse(after.mandatoryUse, mandatory: after.mandatory)
        let old = Self.fields(before)
        let new = Self.fields(after)
        let changes = new.filter { old[$0.key] != $0.value }.reduce(into: [String: String]()) { $0[$1.key] = "\(old[$1.key] ?? "") → \($1.value)" }
        guard !changes.isEmpty else { return before.message }
        if after.key != before.key,
            try await !store.existing([after.key], of: before.customerID, except: id, on: connection, logger: context.logger).isEmpty
        {
            throw InstrumentValidation.duplicate(after.key)
        }
        do {
            try await store.update(after, on: connection, logger: context.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw InstrumentValidation.duplicate(after.key)
        }
        let summary =
            after.status != before.status
            ? "将计量器具 \(Self.label(before)) 的状态由\(InstrumentValidation.statusTitles[before.status] ?? before.status)改为\(InstrumentValidation.statusTitles[after.status] ?? after.status)"
            : "修改计量器具 \(Self.label(before)) 的信息"
        try await context.audit(
            "instrument.updated", entityType: "instrument", entityID: before.idString, summary: summary, details: changes, on: connection)
        return try await reread(id, context, connection)
    }

    // MARK: Helpers

    static func label(_ instrument: InstrumentRecord) -> String {
        [instrument.name, instrument.model, instrument.serialNumber.isEmpty ? "" : "（出厂编号 \(instrument.serialNumber)）"].filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    static func fields(_ instrument: InstrumentRecord) -> [String: String] {
        [
            "name": instrument.name, "model": instrument.model, "serialNumber": instrument.serialNumber, "manufacturer": instrument.manufacturer,
            "manufactureDate": instrument.manufactureDate, "accuracyClass": instrument.accuracyClass, "measuringRange": instrument.measuringRange,
            "placeOfUse": instrument.placeOfUse, "mandatory": instrument.mandatory ? "true" : "false", "mandatoryUse": instrument.mandatoryUse,
            "itemId": instrument.itemID, "cycleMonths": "\(instrument.cycleMonths)", "status": instrument.status,
        ]
    }

    func reread(_ id: UUID, _ context: CallContext, _ connection: PostgresConnection) async throws -> Metrology_Records_V1_Instrument {
        guard let instrument = try await store.instrument(id: id, on: connection, logger: context.logger) else { throw InstrumentValidation.notFound }
        return instrument.message
    }
}
