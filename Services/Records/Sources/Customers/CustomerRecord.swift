import Contracts
import Foundation
import SwiftProtobuf

/// A customer (委托单位 / 送检单位) as stored, with the number of its ledger lines.
struct CustomerRecord: Sendable, Equatable {
    var id: UUID
    var name: String
    var uscc: String
    var address: String
    var contactPerson: String
    var contactPhone: String
    var regionCode: String
    var instrumentCount: Int = 0
    var createdAt = Date()
    var updatedAt = Date()

    var idString: String { id.uuidString.lowercased() }

    var message: Metrology_Records_V1_Customer {
        var customer = Metrology_Records_V1_Customer()
        customer.id = idString
        customer.name = name
        customer.uscc = uscc
        customer.address = address
        customer.contactPerson = contactPerson
        customer.contactPhone = contactPhone
        customer.regionCode = regionCode
        customer.regionName = RegionCode.provinceName(regionCode) ?? ""
        customer.instrumentCount = Int32(clamping: instrumentCount)
        customer.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        customer.updatedAt = Google_Protobuf_Timestamp(date: updatedAt)
        return customer
    }
}
