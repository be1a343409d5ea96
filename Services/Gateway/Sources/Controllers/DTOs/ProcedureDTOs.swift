import Contracts
import Foundation

// Procedures (检测流程): a draft of data items edited freely, published as frozen versions. Bounds and resolutions are
// decimal text, never JSON numbers, so "0.010" comes back exactly as entered; a number there is a 400.

/// One data item, field for field. Every field may be left out and takes the proto default (empty, 0, false), as in
/// the editor where a new item starts blank; the service validates the whole list when it saves.
struct DataItemDTO: Codable, Sendable {
    var code = ""
    var title = ""
    /// text | number | date | choice | photo | table | computed | judgement | conclusion
    var kind = ""
    /// header | measurement | result | conclusion
    var section = ""
    var unit = ""
    var resolution = ""
    var significantDigits: Int32 = 0
    var min = ""
    var max = ""
    var choices: [String] = []
    var points: Int32 = 0
    var runs: Int32 = 0
    var pointLabels: [String] = []
    var formula = ""
    var required = false
    var group = ""
    var headerField = ""

    init(_ item: Metrology_Flows_V1_DataItem) {
        code = item.code
        title = item.title
        kind = item.kind
        section = item.section
        unit = item.unit
        resolution = item.resolution
        significantDigits = item.significantDigits
        min = item.min
        max = item.max
        choices = item.choices
        points = item.points
        runs = item.runs
        pointLabels = item.pointLabels
        formula = item.formula
        required = item.required
        group = item.group
        headerField = item.headerField
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value<Value: Decodable>(_ key: CodingKeys, _ fallback: Value) throws -> Value {
            try container.decodeIfPresent(Value.self, forKey: key) ?? fallback
        }
        code = try value(.code, "")
        title = try value(.title, "")
        kind = try value(.kind, "")
        section = try value(.section, "")
        unit = try value(.unit, "")
        resolution = try value(.resolution, "")
        significantDigits = try value(.significantDigits, 0)
        min = try value(.min, "")
        max = try value(.max, "")
        choices = try value(.choices, [])
        points = try value(.points, 0)
        runs = try value(.runs, 0)
        pointLabels = try value(.pointLabels, [])
        formula = try value(.formula, "")
        required = try value(.required, false)
        group = try value(.group, "")
        headerField = try value(.headerField, "")
    }

    var message: Metrology_Flows_V1_DataItem {
        var item = Metrology_Flows_V1_DataItem()
        item.code = code
        item.title = title
        item.kind = kind
        item.section = section
        item.unit = unit
        item.resolution = resolution
        item.significantDigits = significantDigits
        item.min = min
        item.max = max
        item.choices = choices
        item.points = points
        item.runs = runs
        item.pointLabels = pointLabels
        item.formula = formula
        item.required = required
        item.group = group
        item.headerField = headerField
        return item
    }
}

struct ProcedureDTO: Codable, Sendable {
    var itemId: String
    var typeCode: String
    var draft: [DataItemDTO]
    /// Send it back as `baseRevision` when saving, and as `draftRevision` when publishing.
    var draftRevision: Int32
    /// 0 when never published.
    var latestVersion: Int32
    var draftSavedAt: String?
    var draftSavedBy: String

    init(_ procedure: Metrology_Flows_V1_Procedure) {
        itemId = procedure.itemID
        typeCode = procedure.typeCode
        draft = procedure.draft.map(DataItemDTO.init)
        draftRevision = procedure.draftRevision
        latestVersion = procedure.latestVersion
        draftSavedAt = procedure.hasDraftSavedAt ? RFC3339.string(procedure.draftSavedAt) : nil
        draftSavedBy = procedure.draftSavedBy
    }
}

/// PUT: the list replaces the draft as a whole, order included.
struct SaveProcedureDraftBody: Codable, Sendable {
    var items: [DataItemDTO]
    /// The `draftRevision` the client edited; a stale one is 409 FLOWS_DRAFT_STALE (lost-update protection).
    var baseRevision: Int32
}

struct PublishProcedureBody: Codable, Sendable {
    /// Must equal the current draft revision: what was reviewed is what gets published.
    var draftRevision: Int32
    var note: String?
}

struct ValidationIssueDTO: Codable, Sendable {
    /// error | warning
    var severity: String
    var itemCode: String
    var code: String
    var message: String
    /// 1-based position in the item's formula, and the length of the bad part; 0 when not a formula error.
    var line: Int32
    var column: Int32
    var length: Int32

    init(_ issue: Metrology_Flows_V1_ValidationIssue) {
        severity = issue.severity
        itemCode = issue.itemCode
        code = issue.code
        message = issue.message
        line = issue.line
        column = issue.column
        length = issue.length
    }
}

struct ProcedureValidationDTO: Codable, Sendable {
    var ok: Bool
    var issues: [ValidationIssueDTO]

    init(_ validation: Metrology_Flows_V1_ProcedureValidation) {
        ok = validation.ok
        issues = validation.issues.map(ValidationIssueDTO.init)
    }
}

/// A published version. The list route leaves `items` out (the service sends none there); a single version has them.
struct ProcedureVersionDTO: Codable, Sendable {
    var itemId: String
    var typeCode: String
    var version: Int32
    var items: [DataItemDTO]?
    var publishedAt: String?
    var publishedBy: String
    var publishedByName: String
    var note: String

    init(_ version: Metrology_Flows_V1_ProcedureVersion, withItems: Bool) {
        itemId = version.itemID
        typeCode = version.typeCode
        self.version = version.version
        items = withItems ? version.items.map(DataItemDTO.init) : nil
        publishedAt = version.hasPublishedAt ? RFC3339.string(version.publishedAt) : nil
        publishedBy = version.publishedBy
        publishedByName = version.publishedByName
        note = version.note
    }
}

struct ProcedureVersionListDTO: Codable, Sendable {
    /// Newest first.
    var versions: [ProcedureVersionDTO]
}
