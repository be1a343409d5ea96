import Persistence
import ServiceBootstrap

extension ServiceRuntime {
    /// The consumer of `handlers` on the queue `metrology.<service>.events.<subscriber>`, with the service's database,
    /// broker settings and redelivery count; pass it to `run(…, services:)`. Every service consumes events this way.
    public func eventConsumer(subscriber: String, handlers: EventHandlers) -> InboxConsumer {
        InboxConsumer(
            service: settings.service, subscriber: subscriber, handlers: handlers, database: database, configuration: settings.amqp,
            queueArguments: settings.queueArguments, redelivery: redelivery, logger: logger)
    }
}
