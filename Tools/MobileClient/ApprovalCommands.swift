import Foundation

/// The approval commands (批准, certificates): what the approver's phone does — list the queue of reviewed records,
/// approve one (prepare → the signature ceremony over the record's digest, meaning approval, with this device's key →
/// approve with the receipt, which issues the certificate) or return it with a reason. Answers as the records
/// commands do: the platform's JSON, or `{"status":"refused",…}` with exit code 1.
struct ApprovalCommands {
    let records: RecordsCommands

    /// `approvals [--state-filter pending|approved|returned|all] [--item ID] [--type CODE] [--sort time|name|number|item]
    /// [--descending true] [--page-size N] [--cursor C]`
    func approvals(_ options: [String: String]) async throws -> RecordsCommands.Outcome {
        var query = URLComponents()
        query.queryItems = [
            ("state", "state"), ("item", "itemId"), ("type", "typeCode"), ("sort", "sort"), ("descending", "descending"),
            ("page-size", "pageSize"), ("cursor", "cursor"),
        ]
        .compactMap { option, name in options[option].map { URLQueryItem(name: name, value: $0) } }
        let suffix = query.percentEncodedQuery.map { $0.isEmpty ? "" : "?" + $0 } ?? ""
        return try await records.send("GET", "/v1/approvals" + suffix)
    }

    /// `approve [--task ID] [--method fingerprint]`: without --task, the first record of the pending queue (reviewed
    /// first, first served). Answers the certificate (state issuing until its sealed PDF is stored).
    func approve(_ task: String?, method: String) async throws -> RecordsCommands.Outcome {
        var id = task
        if id == nil {
            let queue = try await records.send("GET", "/v1/approvals?state=pending&pageSize=1")
            guard queue.code == 0 else { return queue }
            id = ((queue.json["approvals"] as? [[String: Any]])?.first?["taskId"] as? String)
            guard id != nil else { return .init(json: ["status": "queue_empty", "message": "没有待批准的记录"], code: 1) }
        }
        let path = "/v1/approvals/\(RecordsCommands.segment(id ?? ""))"
        let prepared = try await records.send("POST", path + "/submission")
        guard prepared.code == 0 else { return prepared }
        let signed = try await records.sign(prepared.json, method: method)
        guard signed.code == 0, let receipt = signed.json["receipt"] as? String else { return signed }
        return try await records.send("POST", path + "/approve", body: ["receipt": receipt])
    }

    /// `return --task ID --reason R`: the task goes back to the tester.
    func giveBack(_ task: String, reason: String) async throws -> RecordsCommands.Outcome {
        try await records.send("POST", "/v1/approvals/\(RecordsCommands.segment(task))/return", body: ["reason": reason])
    }
}
