/// What a connection declares each time it (re)connects, so nothing is lost when the broker restarts:
/// exchanges, queues, bindings, prefetch, publisher confirms and consumers.
public struct AMQPTopology: Sendable {
    public struct Exchange: Sendable {
        public var name: String
        public var type: String
        public var durable: Bool
        public init(name: String, type: String = "topic", durable: Bool = true) {
            self.name = name
            self.type = type
            self.durable = durable
        }
    }

    public struct Queue: Sendable {
        public var name: String
        public var durable: Bool
        public var exclusive: Bool
        public var autoDelete: Bool
        public var arguments: [String: AMQPHeaderValue]
        public init(name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false, arguments: [String: AMQPHeaderValue] = [:])
        {
            self.name = name
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.arguments = arguments
        }
    }

    public struct Binding: Sendable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public init(queue: String, exchange: String, routingKey: String) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public struct Consumer: Sendable {
        public var queue: String
        public var tag: String
        public var noAck: Bool
        public init(queue: String, tag: String, noAck: Bool = false) {
            self.queue = queue
            self.tag = tag
            self.noAck = noAck
        }
    }

    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]
    /// basic.qos prefetch count per consumer; 0 means unlimited, which we never use for work queues.
    public var prefetch: UInt16
    public var publisherConfirms: Bool
    public var consumers: [Consumer]

    public init(
        exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = [], prefetch: UInt16 = 0,
        publisherConfirms: Bool = true, consumers: [Consumer] = []
    ) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
        self.prefetch = prefetch
        self.publisherConfirms = publisherConfirms
        self.consumers = consumers
    }
}
