import RPCCore
import Testing

/// The reason code a throwing call refused with, or nil when it did not throw an RPCError.
func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as RPCError {
        return error.reason
    } catch {
        return "\(error)"
    }
}
