import Contracts
import PostgresNIO
import ServiceKit

/// The instrument ledger (计量器具台账): ListInstruments, GetInstrument, CreateInstrument, UpdateInstrument, ImportInstruments.
struct InstrumentHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {}
}
