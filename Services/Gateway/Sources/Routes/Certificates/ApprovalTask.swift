import CertificatesAPI
import Contracts
import Foundation
import RPCCore
import RecordsAPI

/// The reviewed record inside an approval, as the document's `RecordTask`. Both generated modules have that schema
/// (an approval refers to it, so the certificates group generates its own copy), and the records routes already map
/// the whole task (values, computed values, signatures, history: a dozen nested schemas). Rather than keep a second
/// mapping in step by hand, the records module's value is converted through its JSON: the two types are generated
/// from the one schema, so they encode alike, and a field added to the schema reaches both with no code here. The
/// cost is one encode and decode of one record per GetApproval.
enum ApprovalTask {
    static func schema(_ task: Metrology_Records_V1_Task) throws -> CertificatesAPI.Components.Schemas.RecordTask {
        do {
            let json = try JSONEncoder().encode(RecordsAPI.Components.Schemas.RecordTask(task))
            return try JSONDecoder().decode(CertificatesAPI.Components.Schemas.RecordTask.self, from: json)
        } catch {
            // Only a schema the two modules disagree on (regenerated one without the other) gets here.
            throw RPCError(code: .internal, message: "原始记录无法转换", reason: "APPROVAL_TASK_MAPPING")
        }
    }
}
