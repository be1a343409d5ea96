import Contracts
import RecordsAPI

/// `/v1/customers*`: the customers (委托单位 / 送检单位) commissions are taken for. The records service checks the
/// USCC (GB 32100), the region code and the texts; a list pages by keyset cursor with a true `total`.
extension RecordsRoutes {
    func listCustomers(_ input: Operations.ListCustomers.Input) async throws -> Operations.ListCustomers.Output {
        var message = Metrology_Records_V1_ListCustomersRequest()
        message.query = input.query.query ?? ""
        message.regionCode = input.query.regionCode ?? ""
        message.pageSize = input.query.pageSize ?? 0
        message.cursor = input.query.cursor ?? ""
        let response = try await call(RecordsMethods.listCustomers, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        customers: response.customers.map(Components.Schemas.Customer.init), total: response.total,
                        nextCursor: response.nextCursor))))
    }

    func createCustomer(_ input: Operations.CreateCustomer.Input) async throws -> Operations.CreateCustomer.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_CreateCustomerRequest()
        message.name = body.name
        message.uscc = body.uscc ?? ""
        message.address = body.address ?? ""
        message.contactPerson = body.contactPerson ?? ""
        message.contactPhone = body.contactPhone ?? ""
        message.regionCode = body.regionCode ?? ""
        return .created(.init(body: .json(.init(try await call(RecordsMethods.createCustomer, message)))))
    }

    func getCustomer(_ input: Operations.GetCustomer.Input) async throws -> Operations.GetCustomer.Output {
        var message = Metrology_Records_V1_GetCustomerRequest()
        message.customerID = input.path.id
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.getCustomer, message)))))
    }

    /// Only the fields present in the body change (proto3 `optional`: absent stays unset).
    func updateCustomer(_ input: Operations.UpdateCustomer.Input) async throws -> Operations.UpdateCustomer.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_UpdateCustomerRequest()
        message.customerID = input.path.id
        if let name = body.name { message.name = name }
        if let uscc = body.uscc { message.uscc = uscc }
        if let address = body.address { message.address = address }
        if let contactPerson = body.contactPerson { message.contactPerson = contactPerson }
        if let contactPhone = body.contactPhone { message.contactPhone = contactPhone }
        if let regionCode = body.regionCode { message.regionCode = regionCode }
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.updateCustomer, message)))))
    }
}
