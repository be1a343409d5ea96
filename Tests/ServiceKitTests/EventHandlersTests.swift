import Contracts
import Foundation
import Messaging
import Persistence
import ServiceKit
import Testing

/// The consumer decides before any transaction whether an event can be applied (issue 15).
@Suite("Event handlers")
struct EventHandlersTests {
    let handlers: EventHandlers = {
        var handlers = EventHandlers()
        handlers.on(DevicesEvents.deviceDisabled) { _, _, _ in nil }
        return handlers
    }()

    @Test("binds exactly the declared routing keys")
    func bindings() {
        #expect(handlers.routingKeys == ["devices.device.disabled"])
    }
}
