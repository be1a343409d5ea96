/// A header value; AMQP tables carry more kinds, but these are all the platform sends.
public enum AMQPHeaderValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .string(let value): Int64(value)
        case .bool: nil
        }
    }
}

/// The basic properties the platform uses (AMQP 0-9-1 §4.2.6).
public struct AMQPProperties: Sendable, Hashable {
    public var contentType: String?
    public var correlationID: String?
    public var replyTo: String?
    public var messageID: String?
    public var type: String?
    /// Milliseconds, as a decimal string (AMQP's per-message TTL).
    public var expiration: String?
    public var timestamp: UInt64?
    public var appID: String?
    public var persistent: Bool
    public var headers: [String: AMQPHeaderValue]

    public init(
        contentType: String? = nil, correlationID: String? = nil, replyTo: String? = nil, messageID: String? = nil,
        type: String? = nil, expiration: String? = nil, timestamp: UInt64? = nil, appID: String? = nil,
        persistent: Bool = false, headers: [String: AMQPHeaderValue] = .init()
    ) {
        self.contentType = contentType
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.messageID = messageID
        self.type = type
        self.expiration = expiration
        self.timestamp = timestamp
        self.appID = appID
        self.persistent = persistent
        self.headers = headers
    }
}

/// A message to publish.
public struct AMQPOutgoing: Sendable {
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPProperties
    public var body: [UInt8]
    /// Ask the broker to return the message when no queue takes it, instead of dropping it.
    public var mandatory: Bool

    public init(exchange: String = "", routingKey: String, properties: AMQPProperties, body: [UInt8], mandatory: Bool = false) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.body = body
        self.mandatory = mandatory
    }
}

/// A message the broker delivered to one of our consumers.
public struct AMQPDelivery: Sendable {
    public var consumerTag: String
    public var deliveryTag: UInt64
    public var redelivered: Bool
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPProperties
    public var body: [UInt8]
    /// Which connection attempt delivered it: an ack for an older generation is meaningless and is dropped.
    public var generation: UInt64

    public init(
        consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String,
        properties: AMQPProperties, body: [UInt8], generation: UInt64
    ) {
        self.consumerTag = consumerTag
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.body = body
        self.generation = generation
    }
}

/// A message the broker handed back because no queue was bound for it (basic.return).
public struct AMQPReturned: Sendable {
    public var replyCode: UInt16
    public var replyText: String
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPProperties
}

extension AMQPOutgoing {
    /// At least the size of this message's frames on the wire (publish method, content header, body frames of at
    /// most `frameMax` bytes) plus one ack frame; what the single-write publish encodes into.
    func encodedSizeBound(frameMax: Int) -> Int {
        let strings = [
            properties.contentType, properties.correlationID, properties.replyTo, properties.messageID, properties.type,
            properties.expiration, properties.appID,
        ]
        let shortStrings = strings.reduce(0) { $0 + 1 + ($1?.utf8.count ?? 0) }
        let table = properties.headers.reduce(4) { size, entry in
            let value =
                switch entry.value {
                case .string(let text): 4 + text.utf8.count
                case .int: 8
                case .bool: 1
                }
            return size + 1 + entry.key.utf8.count + 1 + value
        }
        let bodyFrames = body.count / max(1, frameMax - 8) + 1
        // Frame envelopes, method and header fixed fields, timestamp, delivery mode and the ack frame fit in 128.
        return 128 + exchange.utf8.count + routingKey.utf8.count + shortStrings + table + body.count + 8 * bodyFrames
    }
}
