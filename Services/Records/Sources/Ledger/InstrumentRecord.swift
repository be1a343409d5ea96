import Contracts
import Foundation
import SwiftProtobuf

/// A ledger line (计量器具台账): one physical instrument of a customer, as stored.
struct InstrumentRecord: Sendable, Equatable {
    var id: UUID
    var customerID: UUID
    var customerName: String = ""
    var name: String
    var model: String = ""
    var serialNumber: String = ""
    var manufacturer: String = ""
    /// YYYY-MM-DD or "".
    var manufactureDate: String = ""
    var accuracyClass: String = ""
    var measuringRange: String = ""
    var placeOfUse: String = ""
    var mandatory = false
    /// "" | trade | safety | medical | environment
    var mandatoryUse: String = ""
    var itemID: String = ""
    var cycleMonths: Int = 12
    var lastVerifiedOn: String = ""
    var nextDueOn: String = ""
    /// in_use | stopped | scrapped
    var status: String = "in_use"
    var createdAt = Date()
    var updatedAt = Date()

    var idString: String { id.uuidString.lowercased() }

    /// The ledger's identity of a physical instrument (the table's unique key within a customer).
    var key: InstrumentKey { InstrumentKey(name: name, model: model, serialNumber: serialNumber) }

    var message: Metrology_Records_V1_Instrument {
        var instrument = Metrology_Records_V1_Instrument()
        instrument.id = idString
        instrument.customerID = customerID.uuidString.lowercased()
        instrument.customerName = customerName
        instrument.name = name
        instrument.model = model
        instrument.serialNumber = serialNumber
        instrument.manufacturer = manufacturer
        instrument.manufactureDate = manufactureDate
        instrument.accuracyClass = accuracyClass
        instrument.measuringRange = measuringRange
        instrument.placeOfUse = placeOfUse
        instrument.mandatory = mandatory
        instrument.mandatoryUse = mandatoryUse
        instrument.itemID = itemID
        instrument.cycleMonths = Int32(clamping: cycleMonths)
        instrument.lastVerifiedOn = lastVerifiedOn
        instrument.nextDueOn = nextDueOn
        instrument.status = status
        instrument.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        instrument.updatedAt = Google_Protobuf_Timestamp(date: updatedAt)
        return instrument
    }
}

/// (name, model, serial number): one ledger line per physical instrument of a customer.
struct InstrumentKey: Hashable, Sendable {
    var name: String
    var model: String
    var serialNumber: String
}
