/// The events records publishes. Their payloads carry everything certificates and reports need (the record, its
/// signatures, the customer and the instrument), so no other service reads the records schema.
public enum RecordsEvents {
    static func event<Payload>(_ entity: String, _ event: String) -> EventType<Payload> {
        EventType(producer: "records", entity: entity, event: event)
    }

    /// 受理: the commission's tasks exist from here on.
    public static let commissionAccepted: EventType<Metrology_Records_V1_CommissionAccepted> = event("commission", "accepted")
    public static let taskCreated: EventType<Metrology_Records_V1_TaskCreated> = event("task", "created")
    /// The tester signed the record (检定); it is frozen until a reviewer returns it.
    public static let taskSubmitted: EventType<Metrology_Records_V1_TaskRecorded> = event("task", "submitted")
    /// The reviewer passed it (核验): it goes to approval (certificates).
    public static let taskReviewed: EventType<Metrology_Records_V1_TaskRecorded> = event("task", "reviewed")
    public static let taskReturned: EventType<Metrology_Records_V1_TaskReturned> = event("task", "returned")

    public static let all: [any EventDeclaration] = [commissionAccepted, taskCreated, taskSubmitted, taskReviewed, taskReturned]
}
