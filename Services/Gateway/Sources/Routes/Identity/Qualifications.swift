import Contracts
import IdentityAPI

/// A person's qualifications (资质), approved items (核准开展项目) and the check records make before each step.
extension IdentityRoutes {
    func addQualification(_ input: Operations.AddQualification.Input) async throws -> Operations.AddQualification.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_AddQualificationRequest()
        message.userID = input.path.id
        message.certificateNo = body.certificateNo
        message.issuedOn = body.issuedOn
        message.issuer = body.issuer
        message.expiresOn = body.expiresOn
        message.items = body.items
        return .created(.init(body: .json(try .init(try await call(IdentityMethods.addQualification, message).user))))
    }

    func removeQualification(_ input: Operations.RemoveQualification.Input) async throws -> Operations.RemoveQualification.Output {
        var message = Metrology_Identity_V1_RemoveQualificationRequest()
        message.userID = input.path.id
        message.qualificationID = input.path.qualificationId
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.removeQualification, message).user))))
    }

    /// PUT: the list replaces the previous one as a whole.
    func setApprovedItems(_ input: Operations.SetApprovedItems.Input) async throws -> Operations.SetApprovedItems.Output {
        var message = Metrology_Identity_V1_SetApprovedItemsRequest()
        message.userID = input.path.id
        message.items =
            switch input.body {
            case .json(let body): body.items
            }
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.setApprovedItems, message).user))))
    }

    /// A refusal is an answer (allowed: false with a reason), not an error; the service validates item, action and date.
    func checkQualification(_ input: Operations.CheckQualification.Input) async throws -> Operations.CheckQualification.Output {
        var message = Metrology_Identity_V1_CheckQualificationRequest()
        message.userID = input.path.id
        message.item = input.query.item ?? ""
        message.action = input.query.action.rawValue
        message.onDate = input.query.date ?? ""
        let response = try await call(IdentityMethods.checkQualification, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        allowed: response.allowed, reason: response.reason, message: response.message, qualificationId: response.qualificationID))))
    }
}
