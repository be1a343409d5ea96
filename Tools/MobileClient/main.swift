import Crypto
import Foundation

// mobile-client: a command-line stand-in for the mobile app. It logs in with a device (which the platform sees as
// pending until a device administrator enables it), keeps its ECDSA P-256 key in a file, and signs challenges as
// the app does after a biometric unlock. Tests and demos use it.
//
//   mobile-client login  --gateway URL --state DIR --user NAME --password PW [--imei N] [--name N] [--model M]
//   mobile-client wait   (same options, plus --timeout SECONDS): repeats login until the device is enabled
//   mobile-client whoami --gateway URL --state DIR
//   mobile-client sign   --gateway URL --state DIR --resource R --file F [--meaning verification|review|approval] [--method fingerprint]
//   mobile-client rotate-key --gateway URL --state DIR
//
// Raw records (one task from start to review; the reviewer logs in on the same state folder):
//   mobile-client tasks  --gateway URL --state DIR [--view mine|review|returned|all] [--state-filter S] [--item ID]
//   mobile-client task   --gateway URL --state DIR --task ID
//   mobile-client start  --gateway URL --state DIR --task ID --standards need=standardId[,need=standardId…]
//   mobile-client enter  --gateway URL --state DIR --task ID --item CODE [--point N] [--run N] --value V [--reason R]
//   mobile-client batch  --gateway URL --state DIR --task ID --file values.json
//   mobile-client submit --gateway URL --state DIR --task ID [--method fingerprint]
//   mobile-client review --gateway URL --state DIR --task ID --decision pass|return [--reason R]
//
// Approval (批准; the approver logs in on the same state folder):
//   mobile-client approvals --gateway URL --state DIR [--state-filter pending|approved|returned|all] [--item ID] [--type CODE]
//                           [--sort time|name|number|item] [--descending true] [--page-size N] [--cursor C]
//   mobile-client approve   --gateway URL --state DIR [--task ID] [--method fingerprint]   (no --task: the first pending)
//   mobile-client return    --gateway URL --state DIR --task ID --reason R
//
// Each command prints one JSON object and exits 0 on success, 3 while the device awaits authorization, 4 when it
// is disabled, 1 on any other refusal (the platform's problem document is printed), 2 on bad usage.
// A batch the platform answered but in which a capture was not taken (conflict, invalid) exits 5.

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(
        Data(
            "usage: mobile-client login|wait|whoami|sign|rotate-key|tasks|task|start|enter|batch|submit|review|approvals|approve|return --gateway URL --state DIR …\n"
                .utf8))
    exit(2)
}
var options: [String: String] = [:]
var index = 1
while index < arguments.count {
    let name = arguments[index]
    guard name.hasPrefix("--"), index + 1 < arguments.count else {
        FileHandle.standardError.write(Data("bad option \(name)\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = arguments[index + 1]
    index += 2
}

@MainActor func require(_ name: String) -> String {
    guard let value = options[name] else {
        FileHandle.standardError.write(Data("missing --\(name)\n".utf8))
        exit(2)
    }
    return value
}

@MainActor func output(_ object: [String: Any], code: Int32 = 0) -> Never {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
    exit(code)
}

let gateway = GatewayClient(base: URL(string: require("gateway"))!)
let folder = URL(fileURLWithPath: require("state"))
var state = try DeviceState.load(from: folder, imei: options["imei"], name: options["name"], model: options["model"])
try state.save(to: folder)

/// Logs in with the device; returns the exit code that describes the outcome.
@MainActor func login() async throws -> (Int32, [String: Any]) {
    let device: [String: Any] = [
        "imei": state.imei, "name": state.name, "model": state.model, "os": "Linux CLI", "appVersion": "1.0.0",
        "publicKey": try state.key.publicKey.x963Representation.base64EncodedString(),
    ]
    // The device proves it holds its key: it signs a single-use nonce from the platform (an empty or wrong proof is refused).
    let challenge = try await gateway.send("POST", "/v1/auth/login-challenge")
    guard challenge.status == 200, let challengeID = challenge.json["challengeId"] as? String, let text = challenge.json["challenge"] as? String,
        let bytes = Data(base64Encoded: text)
    else { return (1, ["status": "refused", "httpStatus": challenge.status, "problem": challenge.json]) }
    let proof = try state.key.signature(for: bytes).derRepresentation.base64EncodedString()
    let reply = try await gateway.send(
        "POST", "/v1/auth/login",
        body: [
            "username": require("user"), "password": require("password"), "device": device, "deviceChallengeId": challengeID, "deviceProof": proof,
        ])
    switch (reply.status, reply.json["code"] as? String) {
    case (200, _):
        state.accessToken = reply.json["accessToken"] as? String
        state.refreshToken = reply.json["refreshToken"] as? String
        state.deviceID = (reply.json["deviceId"] as? String) ?? TokenPayload.deviceID(fromToken: state.accessToken)
        try state.save(to: folder)
        return (0, ["status": "logged_in", "deviceId": state.deviceID ?? "", "imei": state.imei, "user": reply.json["user"] ?? [:]])
    case (_, "DEVICE_PENDING_AUTHORIZATION"?):
        return (3, ["status": "pending", "imei": state.imei, "problem": reply.json])
    case (_, "DEVICE_DISABLED"?):
        return (4, ["status": "disabled", "imei": state.imei, "problem": reply.json])
    default:
        return (1, ["status": "refused", "httpStatus": reply.status, "problem": reply.json])
    }
}

enum TokenPayload {
    /// The device id the platform bound the session to (the token's `dev` claim).
    static func deviceID(fromToken token: String?) -> String? {
        guard let token, case let parts = token.split(separator: "."), parts.count == 3 else { return nil }
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        guard let data = Data(base64Encoded: payload), let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return nil
        }
        return claims["dev"] as? String
    }
}

@MainActor func session() -> (token: String, device: String) {
    guard let token = state.accessToken, let device = state.deviceID else { output(["status": "not_logged_in"], code: 1) }
    return (token, device)
}

switch command {
case "login":
    let (code, result) = try await login()
    output(result, code: code)

case "wait":
    let deadline = Date().addingTimeInterval(Double(options["timeout"] ?? "120") ?? 120)
    while true {
        let (code, result) = try await login()
        if code != 3 || Date() > deadline { output(result, code: code) }
        try await Task.sleep(for: .seconds(1))
    }

case "whoami":
    let (token, device) = session()
    let reply = try await gateway.send("GET", "/v1/me", token: token, device: device)
    output(
        reply.status == 200 ? reply.json : ["status": "refused", "httpStatus": reply.status, "problem": reply.json], code: reply.status == 200 ? 0 : 1
    )

case "sign":
    let (token, device) = session()
    let content = try Data(contentsOf: URL(fileURLWithPath: require("file")))
    let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    let challenge = try await gateway.send(
        "POST", "/v1/signatures/challenges",
        body: ["meaning": options["meaning"] ?? "verification", "resource": require("resource"), "digest": digest, "deviceId": device], token: token,
        device: device)
    guard challenge.status == 201, let bytes = (challenge.json["challenge"] as? String).flatMap({ Data(base64Encoded: $0) }),
        let id = challenge.json["challengeId"] as? String
    else { output(["status": "refused", "httpStatus": challenge.status, "problem": challenge.json], code: 1) }
    // Here the app would unlock the key with the fingerprint sensor.
    let signature = try state.key.signature(for: bytes).derRepresentation
    let receipt = try await gateway.send(
        "POST", "/v1/signatures/challenges/\(id)/complete",
        body: ["digest": digest, "signature": signature.base64EncodedString(), "method": options["method"] ?? "fingerprint"], token: token,
        device: device)
    output(
        receipt.status == 201 ? receipt.json : ["status": "refused", "httpStatus": receipt.status, "problem": receipt.json],
        code: receipt.status == 201 ? 0 : 1)

case "rotate-key":
    let (token, device) = session()
    let newKey = P256.Signing.PrivateKey()
    let fingerprint = SHA256.hash(data: newKey.publicKey.x963Representation).map { String(format: "%02x", $0) }.joined()
    let proof = try state.key.signature(for: Data("metrology-device-key-rotation-v1\n\(device)\n\(fingerprint)".utf8)).derRepresentation
    let reply = try await gateway.send(
        "POST", "/v1/devices/\(device)/key",
        body: ["newPublicKey": newKey.publicKey.x963Representation.base64EncodedString(), "proof": proof.base64EncodedString()], token: token,
        device: device)
    guard reply.status == 200 else { output(["status": "refused", "httpStatus": reply.status, "problem": reply.json], code: 1) }
    state.privateKey = newKey.rawRepresentation.base64EncodedString()
    try state.save(to: folder)
    output(reply.json)

case "tasks", "task", "start", "enter", "batch", "submit", "review":
    let (token, device) = session()
    let records = RecordsCommands(gateway: gateway, token: token, device: device, key: try state.key)
    let method = options["method"] ?? "fingerprint"
    // --state names the folder, so the task list's state filter is --state-filter.
    var listOptions = options
    listOptions["state"] = options["state-filter"]
    let outcome =
        switch command {
        case "tasks": try await records.tasks(listOptions)
        case "task": try await records.task(require("task"))
        case "start": try await records.start(require("task"), standards: options["standards"] ?? "")
        case "enter": try await records.enter(require("task"), options, value: require("value"), item: require("item"))
        case "batch": try await records.batch(require("task"), file: URL(fileURLWithPath: require("file")))
        case "submit": try await records.submit(require("task"), method: method)
        default: try await records.review(require("task"), decision: require("decision"), reason: options["reason"], method: method)
        }
    output(outcome.json, code: outcome.code)

case "approvals", "approve", "return":
    let (token, device) = session()
    let approvals = ApprovalCommands(records: RecordsCommands(gateway: gateway, token: token, device: device, key: try state.key))
    var listOptions = options
    listOptions["state"] = options["state-filter"]
    let outcome =
        switch command {
        case "approvals": try await approvals.approvals(listOptions)
        case "approve": try await approvals.approve(options["task"], method: options["method"] ?? "fingerprint")
        default: try await approvals.giveBack(require("task"), reason: require("reason"))
        }
    output(outcome.json, code: outcome.code)

default:
    FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
    exit(2)
}
