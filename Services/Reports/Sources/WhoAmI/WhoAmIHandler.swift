import Auth
import Contracts
import ServiceKit

/// Answers with the caller as this service sees it, after verifying the token itself.
struct WhoAmIHandler: Sendable {
    func whoAmI(_ request: Metrology_Reports_V1_WhoAmIRequest, _ context: CallContext) async throws -> Metrology_Reports_V1_WhoAmIResponse {
        let principal = try context.caller()
        var response = Metrology_Reports_V1_WhoAmIResponse()
        response.userID = principal.userID
        response.username = principal.username
        response.permissions = principal.permissions.map(\.code).sorted()
        return response
    }
}
