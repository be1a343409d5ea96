/// The test-only echo service's event (Tests/EchoService).
public enum EchoEvents {
    public static let counterBumped = EventType<Metrology_Testing_V1_CounterBumped>(producer: "echo", entity: "counter", event: "bumped")

    public static let all: [any EventDeclaration] = [counterBumped]
}
