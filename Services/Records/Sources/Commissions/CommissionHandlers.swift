import Contracts
import PostgresNIO
import ServiceKit

/// Commissions and appointments (委托单 / 预约): ListCommissions, GetCommission, CreateCommission, AcceptCommission, RefuseCommission.
struct CommissionHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {}
}
