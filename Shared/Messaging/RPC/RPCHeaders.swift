/// AMQP header names and constants of the RPC wire format (see README, "Wire format").
public enum RPCHeaders {
    public static let contentType = "application/x-protobuf"
    /// Direct reply-to: replies go straight to the caller's channel, no reply queue is declared.
    public static let directReplyTo = "amq.rabbitmq.reply-to"
    /// Absolute deadline, milliseconds since the Unix epoch. The server does not execute an expired call.
    public static let deadline = "x-deadline-ms"
    /// "Bearer <access token>".
    public static let authorization = "authorization"
    /// The mobile device a request claims to come from; checked against the token's `dev` claim.
    public static let deviceID = "x-device-id"
    /// W3C trace context.
    public static let traceparent = "traceparent"
    /// Set on dead-lettered messages: why it was taken out of service.
    public static let deadLetterReason = "x-dead-letter-reason"
    public static let originalQueue = "x-original-queue"
    public static let originalType = "x-original-type"
}
