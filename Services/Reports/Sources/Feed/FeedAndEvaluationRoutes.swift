import Contracts
import Persistence
import PostgresNIO
import ServiceBootstrap
import ServiceKit

/// The feed's and the evaluation's RPCs, registered by `ReportsService.routes` with one call.
enum FeedAndEvaluationRoutes {
    static func register(_ router: inout ServiceRouter, database: PostgresClient) {
        FeedHandlers(database: database).register(on: &router)
        EvaluationHandlers(database: database).register(on: &router)
        // CreateFeedConsumer answers the consumer's API key once: its stored outcome (for retries) is sealed under
        // the data key. Without one (unit tests of the routing table) there is nothing to seal with, and the service
        // itself cannot sign the feed either.
        if let dataKey = try? DataKeyCipher.dataKey(service: "reports") {
            router.writer?.seal([ReportsMethods.createFeedConsumer.fullName], with: OutcomeSeal(deriving: dataKey))
        }
    }
}
