import Contracts
import Foundation
import GatewayAPISupport
import RecordsAPI
import SwiftProtobuf

// The records service's protobuf messages as the document's schemas (Components.Schemas of RecordsAPI), and the
// request schemas back as messages. Times are Dates (RFC 3339 in JSON, see APIConfiguration); an unset timestamp
// (not yet started, submitted, decided) is absent, not 1970. Dates ("YYYY-MM-DD") and decimal values stay text the
// service validates and keeps exactly as entered.

/// Absent in JSON when the service left the timestamp unset.
private func optionalDate(_ isSet: Bool, _ timestamp: Google_Protobuf_Timestamp) -> Date? { isSet ? timestamp.date : nil }

extension Components.Schemas.Customer {
    init(_ customer: Metrology_Records_V1_Customer) {
        self.init(
            id: customer.id, name: customer.name, uscc: customer.uscc, address: customer.address, contactPerson: customer.contactPerson,
            contactPhone: customer.contactPhone, regionCode: customer.regionCode, regionName: customer.regionName,
            instrumentCount: customer.instrumentCount, createdAt: customer.createdAt.date, updatedAt: customer.updatedAt.date)
    }
}

extension Components.Schemas.Instrument {
    init(_ instrument: Metrology_Records_V1_Instrument) {
        self.init(
            id: instrument.id, customerId: instrument.customerID, customerName: instrument.customerName, name: instrument.name,
            model: instrument.model, serialNumber: instrument.serialNumber, manufacturer: instrument.manufacturer,
            manufactureDate: instrument.manufactureDate, accuracyClass: instrument.accuracyClass, measuringRange: instrument.measuringRange,
            placeOfUse: instrument.placeOfUse, mandatory: instrument.mandatory, mandatoryUse: .init(instrument.mandatoryUse),
            itemId: instrument.itemID, cycleMonths: instrument.cycleMonths, lastVerifiedOn: instrument.lastVerifiedOn,
            nextDueOn: instrument.nextDueOn, status: .init(instrument.status), createdAt: instrument.createdAt.date,
            updatedAt: instrument.updatedAt.date)
    }
}

extension Components.Schemas.CommissionLine {
    init(_ line: Metrology_Records_V1_CommissionLine) {
        self.init(
            id: line.id, instrumentId: line.instrumentID, instrumentName: line.instrumentName, instrumentModel: line.instrumentModel,
            instrumentSerialNumber: line.instrumentSerialNumber, itemId: line.itemID, itemCode: line.itemCode, itemName: line.itemName,
            typeCode: line.typeCode, typeTitle: line.typeTitle, taskId: line.taskID, testerId: line.testerID)
    }
}

extension Components.Schemas.Commission {
    init(_ commission: Metrology_Records_V1_Commission) {
        self.init(
            id: commission.id, number: commission.number, customerId: commission.customerID, customerName: commission.customerName,
            source: .init(commission.source), requestedOn: commission.requestedOn, state: .init(commission.state),
            refusalReason: commission.refusalReason, note: commission.note,
            lines: commission.lines.map(Components.Schemas.CommissionLine.init), createdAt: commission.createdAt.date,
            createdBy: commission.createdBy, decidedAt: optionalDate(commission.hasDecidedAt, commission.decidedAt),
            decidedBy: commission.decidedBy, decidedByName: commission.decidedByName)
    }
}

extension Components.Schemas.RecordCell {
    init(_ cell: Metrology_Records_V1_Cell) {
        self.init(itemCode: cell.itemCode, point: cell.point, run: cell.run)
    }
}

extension Metrology_Records_V1_Cell {
    init(_ cell: Components.Schemas.RecordCell) {
        self.init()
        itemCode = cell.itemCode
        point = cell.point ?? 0
        run = cell.run ?? 0
    }
}

extension Components.Schemas.StandardUsed {
    init(_ standard: Metrology_Records_V1_StandardUsed) {
        self.init(
            needCode: standard.needCode, needTitle: standard.needTitle, standardId: standard.standardID, code: standard.code,
            name: standard.name, model: standard.model, accuracy: standard.accuracy, certificateNo: standard.certificateNo,
            validUntil: standard.validUntil)
    }
}

extension Components.Schemas.RecordValue {
    init(_ value: Metrology_Records_V1_RecordValue) {
        self.init(
            cell: .init(value.cell), value: value.value, unit: value.unit, capturedAt: optionalDate(value.hasCapturedAt, value.capturedAt),
            enteredBy: value.enteredBy, enteredByName: value.enteredByName, deviceId: value.deviceID, reopened: value.reopened)
    }
}

extension Components.Schemas.ComputedValue {
    init(_ value: Metrology_Records_V1_ComputedValue) {
        self.init(cell: .init(value.cell), kind: .init(value.kind), value: value.value, unit: value.unit, _type: .init(value.type))
    }
}

extension Components.Schemas.EntryStep {
    /// A complete record has no next cell: `cell` is absent then rather than an empty one.
    init(_ step: Metrology_Records_V1_EntryStep) {
        self.init(
            cell: step.hasCell ? .init(step.cell) : nil, title: step.title, pointLabel: step.pointLabel, kind: step.kind, unit: step.unit,
            complete: step.complete)
    }
}

extension Components.Schemas.RecordSignature {
    init(_ signature: Metrology_Records_V1_Signature) {
        self.init(
            meaning: .init(signature.meaning), signerId: signature.signerID, signerName: signature.signerName,
            receiptId: signature.receiptID, receipt: signature.receipt, digest: signature.digest,
            signedAt: optionalDate(signature.hasSignedAt, signature.signedAt), deviceId: signature.deviceID, method: signature.method,
            handwritingSha256: signature.handwritingSha256)
    }
}

extension Components.Schemas.ValueChange {
    init(_ change: Metrology_Records_V1_ValueChange) {
        self.init(
            cell: .init(change.cell), oldValue: change.oldValue, newValue: change.newValue, changedBy: change.changedBy,
            changedByName: change.changedByName, changedAt: optionalDate(change.hasChangedAt, change.changedAt), reason: change.reason,
            deviceId: change.deviceID, revision: change.revision)
    }
}

extension Components.Schemas.RecordTask {
    init(_ task: Metrology_Records_V1_Task) {
        self.init(
            id: task.id, commissionId: task.commissionID, commissionNumber: task.commissionNumber, customerId: task.customerID,
            customerName: task.customerName, instrument: task.hasInstrument ? .init(task.instrument) : nil, itemId: task.itemID,
            itemCode: task.itemCode, itemName: task.itemName, typeCode: task.typeCode, typeTitle: task.typeTitle,
            procedureVersion: task.procedureVersion, rawRecordNumber: task.rawRecordNumber, state: .init(task.state),
            testerId: task.testerID, testerName: task.testerName, reviewerId: task.reviewerID, reviewerName: task.reviewerName,
            deviceId: task.deviceID, standards: task.standards.map(Components.Schemas.StandardUsed.init), revision: task.revision,
            nextStep: task.hasNextStep ? .init(task.nextStep) : nil, values: task.values.map(Components.Schemas.RecordValue.init),
            computed: task.computed.map(Components.Schemas.ComputedValue.init), conclusion: task.conclusion,
            signatures: task.signatures.map(Components.Schemas.RecordSignature.init),
            history: task.history.map(Components.Schemas.ValueChange.init), submittedDigest: task.submittedDigest,
            returnReason: task.returnReason, testDate: task.testDate, createdAt: optionalDate(task.hasCreatedAt, task.createdAt),
            startedAt: optionalDate(task.hasStartedAt, task.startedAt), submittedAt: optionalDate(task.hasSubmittedAt, task.submittedAt),
            reviewedAt: optionalDate(task.hasReviewedAt, task.reviewedAt), updatedAt: optionalDate(task.hasUpdatedAt, task.updatedAt),
            certificateNumber: task.certificateNumber, approvedAt: optionalDate(task.hasApprovedAt, task.approvedAt))
    }
}

extension Components.Schemas.EntryResult {
    init(_ result: Metrology_Records_V1_EntryResult) {
        self.init(
            taskId: result.taskID, revision: result.revision, value: .init(result.value), nextStep: .init(result.nextStep),
            computed: result.computed.map(Components.Schemas.ComputedValue.init), conclusion: result.conclusion,
            reopened: result.reopened.map(Components.Schemas.RecordCell.init))
    }
}

extension Components.Schemas.OfflineBatchResult {
    init(_ result: Metrology_Records_V1_OfflineBatchResult) {
        self.init(
            taskId: result.taskID,
            outcomes: result.outcomes.map {
                .init(clientId: $0.clientID, outcome: .init($0.outcome), reason: $0.reason, message: $0.message, revision: $0.revision)
            }, revision: result.revision, nextStep: .init(result.nextStep),
            computed: result.computed.map(Components.Schemas.ComputedValue.init), conclusion: result.conclusion)
    }
}

extension Components.Schemas.Submission {
    init(_ submission: Metrology_Records_V1_Submission) {
        self.init(
            taskId: submission.taskID, resource: submission.resource, digest: submission.digest, canonical: .init(submission.canonical),
            revision: submission.revision, meaning: .init(submission.meaning))
    }
}
