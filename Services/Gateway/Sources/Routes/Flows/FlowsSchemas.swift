import Contracts
import FlowsAPI
import Foundation
import GatewayAPISupport
import SwiftProtobuf

// The flows service's protobuf messages as the document's schemas (Components.Schemas of FlowsAPI), both ways where
// a schema is also a request. Dates of a legal basis are "YYYY-MM-DD" strings the service validates; times are Dates
// (RFC 3339 in JSON), absent when unset. Values a service owns (kinds, categories, reasons) pass through as
// ServiceValue, so the service's own refusal reason reaches the client and a value the document does not list yet is
// no 500.

extension Components.Schemas.LegalBasis {
    init(_ basis: Metrology_Flows_V1_LegalBasis) {
        self.init(kind: .init(basis.kind), certificateNo: basis.certificateNo, validUntil: basis.validUntil, issuer: basis.issuer)
    }

    /// The issuer may be left out (not every authorisation names one); the rest the service requires and checks.
    var message: Metrology_Flows_V1_LegalBasis {
        var basis = Metrology_Flows_V1_LegalBasis()
        basis.kind = kind.rawValue
        basis.certificateNo = certificateNo
        basis.validUntil = validUntil
        basis.issuer = issuer ?? ""
        return basis
    }
}

extension Components.Schemas.Item {
    init(_ item: Metrology_Flows_V1_Item) {
        self.init(
            id: item.id, code: item.code, name: item.name, bases: item.bases.map(Components.Schemas.LegalBasis.init),
            types: item.types.map {
                .init(category: .init($0.category), subtype: $0.subtype, code: $0.code, title: $0.title, retired: $0.retired)
            },
            usable: item.usable, unusableReason: item.unusableReason, regulationCodes: item.regulationCodes,
            createdAt: item.hasCreatedAt ? item.createdAt.date : nil, updatedAt: item.hasUpdatedAt ? item.updatedAt.date : nil,
            retired: item.retired, retiredAt: item.hasRetiredAt ? item.retiredAt.date : nil, retiredReason: item.retiredReason)
    }
}

/// One data item, field for field. In a request every field may be left out and takes the proto default (empty, 0,
/// false), as in the editor where a new item starts blank; the service validates the whole list when it saves. An
/// answer carries every field.
extension Components.Schemas.DataItem {
    init(_ item: Metrology_Flows_V1_DataItem) {
        self.init(
            code: item.code, title: item.title, kind: .init(item.kind), section: .init(item.section), unit: item.unit,
            resolution: item.resolution, significantDigits: item.significantDigits, min: item.min, max: item.max,
            choices: item.choices, points: item.points, runs: item.runs, pointLabels: item.pointLabels, formula: item.formula,
            required: item.required, group: item.group, headerField: .init(item.headerField))
    }

    var message: Metrology_Flows_V1_DataItem {
        var item = Metrology_Flows_V1_DataItem()
        item.code = code ?? ""
        item.title = title ?? ""
        item.kind = kind?.rawValue ?? ""
        item.section = section?.rawValue ?? ""
        item.unit = unit ?? ""
        item.resolution = resolution ?? ""
        item.significantDigits = significantDigits ?? 0
        item.min = min ?? ""
        item.max = max ?? ""
        item.choices = choices ?? []
        item.points = points ?? 0
        item.runs = runs ?? 0
        item.pointLabels = pointLabels ?? []
        item.formula = formula ?? ""
        item.required = required ?? false
        item.group = group ?? ""
        item.headerField = headerField?.rawValue ?? ""
        return item
    }
}

extension Components.Schemas.Procedure {
    init(_ procedure: Metrology_Flows_V1_Procedure) {
        self.init(
            itemId: procedure.itemID, typeCode: procedure.typeCode, draft: procedure.draft.map(Components.Schemas.DataItem.init),
            draftStandards: procedure.draftStandards.map(Components.Schemas.StandardNeed.init), draftRevision: procedure.draftRevision,
            latestVersion: procedure.latestVersion,
            draftSavedAt: procedure.hasDraftSavedAt ? procedure.draftSavedAt.date : nil, draftSavedBy: procedure.draftSavedBy)
    }
}

/// 所需计量标准: code and title both ways; the service checks them when the draft is saved.
extension Components.Schemas.StandardNeed {
    init(_ need: Metrology_Flows_V1_StandardNeed) {
        self.init(code: need.code, title: need.title)
    }

    var message: Metrology_Flows_V1_StandardNeed {
        var need = Metrology_Flows_V1_StandardNeed()
        need.code = code
        need.title = title
        return need
    }
}

extension Components.Schemas.ProcedureVersionSummary {
    init(_ version: Metrology_Flows_V1_ProcedureVersion) {
        self.init(
            itemId: version.itemID, typeCode: version.typeCode, version: version.version,
            publishedAt: version.hasPublishedAt ? version.publishedAt.date : nil, publishedBy: version.publishedBy,
            publishedByName: version.publishedByName, note: version.note)
    }
}

extension Components.Schemas.ValidationIssue {
    /// The severity is an enum of the shared ValidationIssue schema (templates answer it too); the service says only
    /// "error" or "warning", and anything else is read as an error, the reading that does not let a draft pass.
    init(_ issue: Metrology_Flows_V1_ValidationIssue) {
        self.init(
            severity: .init(rawValue: issue.severity) ?? .error, itemCode: issue.itemCode, code: issue.code, message: issue.message,
            line: issue.line, column: issue.column, length: issue.length)
    }
}
