/// The events flows publishes.
public enum FlowsEvents {
    /// A test procedure version was published; its subject is `<itemId>/<typeCode>`.
    public static let procedurePublished = EventType<Metrology_Flows_V1_ProcedureVersion>(producer: "flows", entity: "procedure", event: "published")

    public static let all: [any EventDeclaration] = [procedurePublished]
}
