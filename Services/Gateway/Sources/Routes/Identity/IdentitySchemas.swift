import Contracts
import Foundation
import GatewayAPISupport
import IdentityAPI
import SwiftProtobuf

// The identity service's protobuf messages as the document's schemas (Components.Schemas of IdentityAPI). Times
// are Dates (RFC 3339 in JSON, see APIConfiguration); an unset timestamp is absent where the schema makes it optional.

extension Components.Schemas.User {
    init(_ user: Metrology_Identity_V1_User) throws {
        self.init(
            id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, permissions: user.permissions,
            disabled: user.disabled, createdAt: user.hasCreatedAt ? user.createdAt.date : nil,
            gender: .init(user.gender), birthMonth: user.birthMonth, idNumberMasked: user.idNumberMasked,
            education: user.education, professionalTitle: user.professionalTitle, position: user.position,
            status: .init(user.status), locked: user.locked,
            updatedAt: user.hasUpdatedAt ? user.updatedAt.date : nil, qualifications: user.qualifications.map(Components.Schemas.Qualification.init),
            approvedItems: user.approvedItems, supervisionRegion: user.supervisionRegion)
    }
}

extension Components.Schemas.Qualification {
    init(_ qualification: Metrology_Identity_V1_Qualification) {
        self.init(
            id: qualification.id, certificateNo: qualification.certificateNo, issuedOn: qualification.issuedOn, issuer: qualification.issuer,
            expiresOn: qualification.expiresOn, items: qualification.items, valid: qualification.valid)
    }
}

extension Components.Schemas.Role {
    init(_ role: Metrology_Identity_V1_Role) {
        self.init(
            code: role.code, name: role.name, builtin: role.builtin, disabled: role.disabled, permissions: role.permissions,
            description: role.description_p)
    }
}

extension Components.Schemas.SignatureReceipt {
    init(_ receipt: Metrology_Identity_V1_SignatureReceipt) throws {
        self.init(
            receiptId: receipt.receiptID, receipt: receipt.receipt, signerId: receipt.signerID, printedName: receipt.printedName,
            meaning: .init(receipt.meaning), resource: receipt.resource, digest: receipt.digest,
            signedAt: receipt.signedAt.date, deviceId: receipt.deviceID, method: receipt.method,
            handwritingSha256: receipt.handwritingSha256, credentialId: receipt.credentialID.isEmpty ? nil : receipt.credentialID)
    }
}
