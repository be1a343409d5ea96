import Auth
import Contracts
import Foundation
import Messaging
import PostgresNIO
import RPCCore
import ServiceKit

/// Customers (委托单位 / 送检单位): ListCustomers, GetCustomer, CreateCustomer, UpdateCustomer.
///
/// Rules: a name (≤ 100); a USCC, when given, valid by GB 32100 (check characters of the code and of its embedded
/// GB 11714 organisation code), stored upper-cased and held by one customer only; a region code, when given, six
/// digits of a real province; a phone of a plausible shape. Every change is audited in its transaction; the contract
/// announces no event for customers.
struct CustomerHandlers: Sendable {
    let store: CustomerStore

    init(database: PostgresClient) {
        store = CustomerStore(client: database)
    }

    func register(on router: inout ServiceRouter) {
        router.query(RecordsMethods.listCustomers, access: .permission(.recordsQuery), listCustomers)
        router.query(RecordsMethods.getCustomer, access: .permission(.recordsQuery), getCustomer)
        router.write(RecordsMethods.createCustomer, access: .permission(.recordsEdit), createCustomer)
        router.write(RecordsMethods.updateCustomer, access: .permission(.recordsEdit), updateCustomer)
    }

    static let cursorList = "customers"

    // MARK: Reading

    func listCustomers(
        _ request: Metrology_Records_V1_ListCustomersRequest, _ context: CallContext
    ) async throws -> Metrology_Records_V1_ListCustomersResponse {
        let size = try PageRequest(page: 0, pageSize: request.pageSize).size
        let query = try HumanText.query(request.query.trimmingCharacters(in: .whitespaces))
        let region = try CustomerValidation.regionFilter(request.regionCode)
        let cursor = try PageCursor.decode(request.cursor, list: Self.cursorList, parts: 2)
        var after: (name: String, id: UUID)?
        if let cursor {
            guard let id = UUID(uuidString: cursor.key[1]) else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            after = (cursor.key[0], id)
        }
        // One row more than the page tells whether another follows.
        var (customers, total) = try await store.list(
            .init(text: query.nilIfEmpty, regionPrefix: region.nilIfEmpty, limit: size + 1, after: after), logger: context.logger)
        var response = Metrology_Records_V1_ListCustomersResponse()
        if customers.count > size {
            customers.removeLast()
            let last = customers[customers.count - 1]
            response.nextCursor = PageCursor(list: Self.cursorList, key: [last.name, last.idString]).token
        }
        response.customers = customers.map(\.message)
        response.total = total
        return response
    }

    func getCustomer(_ request: Metrology_Records_V1_GetCustomerRequest, _ context: CallContext) async throws -> Metrology_Records_V1_Customer {
        let id = try CustomerValidation.customerID(request.customerID)
        let customer = try await store.client.withConnection { try await store.customer(id: id, on: $0, logger: context.logger) }
        guard let customer else { throw CustomerValidation.notFound }
        return customer.message
    }

    // MARK: Writing

    func createCustomer(
        _ request: Metrology_Records_V1_CreateCustomerRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Customer {
        let customer = CustomerRecord(
            id: UUID(), name: try CustomerValidation.name(request.name), uscc: try CustomerValidation.uscc(request.uscc),
            address: try CustomerValidation.text(request.address, field: "address", title: "地址", max: 200),
            contactPerson: try CustomerValidation.text(request.contactPerson, field: "contactPerson", title: "联系人", max: 50),
            contactPhone: try CustomerValidation.phone(request.contactPhone), regionCode: try CustomerValidation.region(request.regionCode).code)
        if !customer.uscc.isEmpty, try await store.holder(of: customer.uscc, except: nil, on: connection, logger: context.logger) != nil {
            throw CustomerValidation.usccTaken(customer.uscc)
        }
        guard try await store.insert(customer, on: connection, logger: context.logger) else { throw CustomerValidation.usccTaken(customer.uscc) }
        try await context.audit(
            "customer.created", entityType: "customer", entityID: customer.idString, summary: "新增委托单位 \(customer.name)",
            details: Self.fields(customer), on: connection)
        return try await reread(customer.id, context, connection)
    }

    func updateCustomer(
        _ request: Metrology_Records_V1_UpdateCustomerRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Customer {
        let id = try CustomerValidation.customerID(request.customerID)
        guard let before = try await store.customer(id: id, lock: true, on: connection, logger: context.logger) else {
            throw CustomerValidation.notFound
        }
        var after = before
        if request.hasName { after.name = try CustomerValidation.name(request.name) }
        if request.hasUscc { after.uscc = try CustomerValidation.uscc(request.uscc) }
        if request.hasAddress { after.address = try CustomerValidation.text(request.address, field: "address", title: "地址", max: 200) }
        if request.hasContactPerson {
            after.contactPerson = try CustomerValidation.text(request.contactPerson, field: "contactPerson", title: "联系人", max: 50)
        }
        if request.hasContactPhone { after.contactPhone = try CustomerValidation.phone(request.contactPhone) }
        if request.hasRegionCode { after.regionCode = try CustomerValidation.region(request.regionCode).code }
        let old = Self.fields(before)
        let new = Self.fields(after)
        let changes = new.filter { old[$0.key] != $0.value }.reduce(into: [String: String]()) { $0[$1.key] = "\(old[$1.key] ?? "") → \($1.value)" }
        guard !changes.isEmpty else { return before.message }
        if after.uscc != before.uscc, !after.uscc.isEmpty,
            try await store.holder(of: after.uscc, except: id, on: connection, logger: context.logger) != nil
        {
            throw CustomerValidation.usccTaken(after.uscc)
        }
        do {
            try await store.update(after, on: connection, logger: context.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // Another customer took the code between the check and the update.
            throw CustomerValidation.usccTaken(after.uscc)
        }
        try await context.audit(
            "customer.updated", entityType: "customer", entityID: before.idString, summary: "修改委托单位 \(after.name) 的信息", details: changes,
            on: connection)
        return try await reread(id, context, connection)
    }

    // MARK: Helpers

    static func fields(_ customer: CustomerRecord) -> [String: String] {
        [
            "name": customer.name, "uscc": customer.uscc, "address": customer.address, "contactPerson": customer.contactPerson,
            "contactPhone": customer.contactPhone, "regionCode": customer.regionCode,
        ]
    }

    private func reread(_ id: UUID, _ context: CallContext, _ connection: PostgresConnection) async throws -> Metrology_Records_V1_Customer {
        guard let customer = try await store.customer(id: id, on: connection, logger: context.logger) else { throw CustomerValidation.notFound }
        return customer.message
    }
}
