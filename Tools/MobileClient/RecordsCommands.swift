import Crypto
import Foundation

/// The raw-record commands (issue 16): what the app does for one task, each as one command so a whole task can be
/// scripted — list tasks, start one with its standards, enter values one by one or as an offline batch, submit with
/// the tester's signature, review (pass with the reviewer's signature, or return with a reason). Each answers the
/// platform's JSON, or `{"status":"refused","httpStatus":…,"problem":…}` with exit code 1. A batch the platform
/// answered but in which some captures were not taken (conflict, invalid) exits 5, so a script cannot mistake it for
/// a clean sync; the outcomes say which.
struct RecordsCommands {
    let gateway: GatewayClient
    let token: String
    let device: String
    let key: P256.Signing.PrivateKey

    struct Outcome {
        var json: [String: Any]
        var code: Int32
    }

    static func refused(_ reply: GatewayClient.Reply) -> Outcome {
        Outcome(json: ["status": "refused", "httpStatus": reply.status, "problem": reply.json], code: 1)
    }

    func send(_ method: String, _ path: String, body: [String: Any]? = nil, expect: Int = 200) async throws -> Outcome {
        let reply = try await gateway.send(method, path, body: body, token: token, device: device)
        return reply.status == expect ? Outcome(json: reply.json, code: 0) : Self.refused(reply)
    }

    /// `tasks [--view mine|review|returned|all] [--state S] [--item ID] [--page-size N] [--cursor C]`
    func tasks(_ options: [String: String]) async throws -> Outcome {
        var query = URLComponents()
        query.queryItems = [("view", "view"), ("state", "state"), ("item", "itemId"), ("page-size", "pageSize"), ("cursor", "cursor")]
            .compactMap { option, name in options[option].map { URLQueryItem(name: name, value: $0) } }
        let suffix = query.percentEncodedQuery.map { $0.isEmpty ? "" : "?" + $0 } ?? ""
        return try await send("GET", "/v1/tasks" + suffix)
    }

    func task(_ id: String) async throws -> Outcome {
        try await send("GET", "/v1/tasks/\(Self.segment(id))")
    }

    /// `start --task ID --standards need=standardId[,need=standardId…]`
    func start(_ id: String, standards: String) async throws -> Outcome {
        let chosen: [[String: Any]] = standards.split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? ["needCode": parts[0], "standardId": parts[1]] : nil
        }
        return try await send("POST", "/v1/tasks/\(Self.segment(id))/start", body: ["standards": chosen])
    }

    /// `enter --task ID --item CODE [--point N] [--run N] --value V [--base-revision N] [--reason R]`: the value stays
    /// text ("20.00" keeps its zeros).
    func enter(_ id: String, _ options: [String: String], value: String, item: String) async throws -> Outcome {
        var body: [String: Any] = [
            "cell": ["itemCode": item, "point": Int(options["point"] ?? "0") ?? 0, "run": Int(options["run"] ?? "0") ?? 0], "value": value,
        ]
        if let revision = options["base-revision"].flatMap({ Int($0) }) { body["baseRevision"] = revision }
        if let reason = options["reason"] { body["reason"] = reason }
        return try await send("POST", "/v1/tasks/\(Self.segment(id))/values", body: body)
    }

    /// `batch --task ID --file F`: F holds `{"values":[…]}` or just the array, each value with its `clientId`, `cell`,
    /// `value` and optionally `capturedAt`, `baseRevision`, `reason` — as the app stored them while offline.
    func batch(_ id: String, file: URL) async throws -> Outcome {
        let parsed = try JSONSerialization.jsonObject(with: try Data(contentsOf: file))
        guard let values = (parsed as? [[String: Any]]) ?? ((parsed as? [String: Any])?["values"] as? [[String: Any]]) else {
            return Outcome(json: ["status": "bad_file", "message": "批量文件须为数组或含 values 数组的对象"], code: 2)
        }
        var outcome = try await send("POST", "/v1/tasks/\(Self.segment(id))/offline-batches", body: ["values": values])
        let taken: Set<String> = ["accepted", "already_applied"]
        if outcome.code == 0, let outcomes = outcome.json["outcomes"] as? [[String: Any]],
            outcomes.contains(where: { !taken.contains($0["outcome"] as? String ?? "") })
        {
            outcome.code = 5
        }
        return outcome
    }

    /// `submit --task ID [--method fingerprint]`: prepare → the signature ceremony over the record's digest with this
    /// device's key → submit with the receipt and the prepared revision.
    func submit(_ id: String, method: String) async throws -> Outcome {
        let prepared = try await send("GET", "/v1/tasks/\(Self.segment(id))/submission")
        guard prepared.code == 0 else { return prepared }
        let signed = try await sign(prepared.json, method: method)
        guard signed.code == 0, let receipt = signed.json["receipt"] as? String else { return signed }
        return try await send(
            "POST", "/v1/tasks/\(Self.segment(id))/submit", body: ["receipt": receipt, "revision": prepared.json["revision"] as? Int ?? 0])
    }

    /// `review --task ID --decision pass|return [--reason R]`: a pass signs the submitted digest (meaning review) first.
    func review(_ id: String, decision: String, reason: String?, method: String) async throws -> Outcome {
        var body: [String: Any] = ["decision": decision]
        if let reason { body["reason"] = reason }
        if decision == "pass" {
            let prepared = try await send("GET", "/v1/tasks/\(Self.segment(id))/review-submission")
            guard prepared.code == 0 else { return prepared }
            let signed = try await sign(prepared.json, method: method)
            guard signed.code == 0, let receipt = signed.json["receipt"] as? String else { return signed }
            body["receipt"] = receipt
        }
        return try await send("POST", "/v1/tasks/\(Self.segment(id))/review", body: body)
    }

    /// The ceremony for a prepared submission: check the digest is the canonical content's (what is signed is what
    /// was shown), ask identity for a challenge bound to it, sign the challenge with the device key (the app would
    /// unlock it with a fingerprint here) and complete it.
    func sign(_ submission: [String: Any], method: String) async throws -> Outcome {
        guard let digest = submission["digest"] as? String, let resource = submission["resource"] as? String,
            let meaning = submission["meaning"] as? String
        else { return Outcome(json: ["status": "bad_submission", "submission": submission], code: 1) }
        if let canonical = (submission["canonical"] as? String).flatMap({ Data(base64Encoded: $0) }),
            Self.hex(SHA256.hash(data: canonical)) != digest
        {
            return Outcome(json: ["status": "digest_mismatch", "digest": digest], code: 1)
        }
        let challenge = try await send(
            "POST", "/v1/signatures/challenges", body: ["meaning": meaning, "resource": resource, "digest": digest, "deviceId": device],
            expect: 201)
        guard challenge.code == 0, let id = challenge.json["challengeId"] as? String,
            let bytes = (challenge.json["challenge"] as? String).flatMap({ Data(base64Encoded: $0) })
        else { return challenge }
        let signature = try key.signature(for: bytes).derRepresentation
        return try await send(
            "POST", "/v1/signatures/challenges/\(Self.segment(id))/complete",
            body: ["digest": digest, "signature": signature.base64EncodedString(), "method": method], expect: 201)
    }

    static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// An id as one path segment (a stray "/" or "?" cannot reach another route).
    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id
    }
}
