import Contracts
import RPCCore
import Testing

@testable import RecordsService

@Suite("Records: a reviewer's decision")
struct ReviewDecisionTests {
    static func request(_ decision: String, reason: String = "", receipt: String = "") -> Metrology_Records_V1_ReviewTaskRequest {
        var request = Metrology_Records_V1_ReviewTaskRequest()
        request.taskID = "t-1"
        request.decision = decision
        request.reason = reason
        request.receipt = receipt
        return request
    }

    static func reason(_ request: Metrology_Records_V1_ReviewTaskRequest) -> String? {
        do {
            _ = try ReviewDecision.parse(request)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("pass needs a receipt; return needs a reason of at most 500 characters, trimmed; nothing else is a decision")
    func parse() throws {
        #expect(try ReviewDecision.parse(Self.request("pass", receipt: " a.b.c ")) == .pass(receipt: "a.b.c"))
        #expect(Self.reason(Self.request("pass")) == "RECORDS_RECEIPT_REQUIRED")
        #expect(try ReviewDecision.parse(Self.request("return", reason: "  第 2 点示值误差计算有误\n请复核 ")) == .return(reason: "第 2 点示值误差计算有误\n请复核"))
        #expect(Self.reason(Self.request("return", reason: " \n ")) == "RECORDS_RETURN_REASON_REQUIRED")
        #expect(
            try ReviewDecision.parse(Self.request("return", reason: String(repeating: "误", count: 500)))
                == .return(reason: String(repeating: "误", count: 500)))
        #expect(Self.reason(Self.request("return", reason: String(repeating: "误", count: 501))) == "RECORDS_RETURN_REASON_TOO_LONG")
        #expect(Self.reason(Self.request("return", reason: "原因\u{202E}")) == "TEXT_INVALID_CHARACTERS")
        #expect(Self.reason(Self.request("approve")) == "RECORDS_REVIEW_DECISION_INVALID")
        #expect(Self.reason(Self.request("")) == "RECORDS_REVIEW_DECISION_INVALID")
    }
}
