import Contracts
import PostgresNIO
import ServiceKit

/// Customers (委托单位 / 送检单位): ListCustomers, GetCustomer, CreateCustomer, UpdateCustomer.
struct CustomerHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {}
}
