import Contracts
import FlowsDocumentsAPI
import Foundation
import GatewayAPISupport
import SwiftProtobuf

// The flows service's template, regulation and numbering messages as the document's schemas (Components.Schemas of
// FlowsDocumentsAPI). Kinds, formats, statuses, targets and date patterns are ServiceValues: passed on as the service
// says them. Times are Dates (RFC 3339 in JSON, see APIConfiguration); an unset timestamp is absent.

extension Components.Schemas.TemplateInfo {
    init(_ info: Metrology_Flows_V1_TemplateInfo) {
        self.init(
            id: info.id, itemId: info.itemID, typeCode: info.typeCode, kind: .init(info.kind), version: info.version, filename: info.filename,
            format: .init(info.format), size: info.size, sha256: info.sha256, procedureVersion: info.procedureVersion,
            importedAt: info.hasImportedAt ? info.importedAt.date : nil, importedByName: info.importedByName, warnings: info.warnings)
    }
}

extension Components.Schemas.TemplateImport {
    /// The check's full answer, for both outcomes: the fields found and every issue, so the user can fix the file in
    /// one go. `template` is there only when the import was accepted.
    init(_ response: Metrology_Flows_V1_ImportTemplateResponse) {
        self.init(
            accepted: response.accepted, template: response.hasTemplate ? .init(response.template) : nil,
            fields: response.fields.map {
                .init(name: $0.name, location: $0.location, fieldKind: .init($0.fieldKind), reserved: $0.reserved)
            },
            issues: response.issues.map(Components.Schemas.ValidationIssue.init))
    }
}

extension Components.Schemas.ValidationIssue {
    /// `ValidationIssue` is shared with the procedure operations (FlowsAPI), whose schema keeps severity a generated
    /// enum. The template check answers only error and warning; anything else is shown as an error, the side that
    /// keeps a user from taking a file the service may not have accepted for a good one.
    init(_ issue: Metrology_Flows_V1_ValidationIssue) {
        self.init(
            severity: SeverityPayload(rawValue: issue.severity) ?? .error, itemCode: issue.itemCode, code: issue.code, message: issue.message,
            line: issue.line, column: issue.column, length: issue.length)
    }
}

extension Components.Schemas.Regulation {
    init(_ regulation: Metrology_Flows_V1_Regulation) {
        self.init(
            id: regulation.id, code: regulation.code, title: regulation.title, effectiveOn: regulation.effectiveOn,
            status: .init(regulation.status), replacedBy: regulation.replacedBy, itemCodes: regulation.itemCodes,
            filename: regulation.filename, format: .init(regulation.format), size: regulation.size, sha256: regulation.sha256,
            importedAt: regulation.hasImportedAt ? regulation.importedAt.date : nil)
    }
}

extension Components.Schemas.NumberingRule {
    init(_ rule: Metrology_Flows_V1_NumberingRule) {
        self.init(
            itemId: rule.itemID, typeCode: rule.typeCode, target: .init(rule.target), prefix: rule.prefix, suffix: rule.suffix,
            datePattern: .init(rule.datePattern), width: rule.width, start: rule.start, next: rule.next, issuedCount: rule.issuedCount,
            updatedAt: rule.hasUpdatedAt ? rule.updatedAt.date : nil)
    }
}

extension Components.Schemas.IssuedNumber {
    init(_ issued: Metrology_Flows_V1_IssuedNumber) {
        self.init(
            number: issued.number, sequence: issued.sequence, period: issued.period, issuedAt: issued.hasIssuedAt ? issued.issuedAt.date : nil)
    }
}
