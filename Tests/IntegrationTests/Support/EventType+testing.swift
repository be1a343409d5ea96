import Contracts

extension EventType {
    /// A test's own event, `testing.<entity>.<event>`, on a routing key no other test binds.
    init(testRoutingKey routingKey: String) {
        let parts = routingKey.split(separator: ".", maxSplits: 2).map(String.init)
        precondition(parts.count == 3, "\(routingKey) is not <producer>.<entity>.<event>")
        self.init(producer: parts[0], entity: parts[1], event: parts[2])
    }
}
