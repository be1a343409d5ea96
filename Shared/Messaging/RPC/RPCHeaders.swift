/// AMQP header names and constants of the RPC wire format (see README, "Wire format").
public enum RPCHeaders {
    public static let contentType = "application/x-protobuf"
    /// Direct reply-to: replies go straight to the caller's channel, no reply queue is declared.
    public static let directReplyTo = "amq.rabbitmq.reply-to"
    /// W3C trace context on events. (A request carries its trace, deadline, token and device in its `RpcRequest`
    /// envelope instead.)
    public static let traceparent = "traceparent"
    /// Set on dead-lettered messages: why it was taken out of service.
    public static let deadLetterReason = "x-dead-letter-reason"
    /// Set on dead-lettered events beside the reason: a stable code (`EVENT_UNDECODABLE`, `EVENT_TYPE_UNDECLARED`, …).
    public static let deadLetterCode = "x-dead-letter-code"
    public static let originalQueue = "x-original-queue"
    public static let originalType = "x-original-type"
}
