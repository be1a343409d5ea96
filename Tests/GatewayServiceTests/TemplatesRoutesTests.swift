import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import NIOFoundationEssentialsCompat
import RPCCore
import SwiftProtobuf
import Testing

/// Templates: base64 upload per item and type, 201 or 422 with the check's issues, binary download.
@Suite struct TemplatesRoutesTests {
    let gateway = TestGateway()

    static func info(id: String = "t-1", filename: String = "加油机原始记录.docx") -> Metrology_Flows_V1_TemplateInfo {
        var info = Metrology_Flows_V1_TemplateInfo()
        info.id = id
        info.itemID = "i-1"
        info.typeCode = "verification:initial"
        info.kind = "raw_record"
        info.version = 3
        info.filename = filename
        info.format = "docx"
        info.size = 4
        info.sha256 = "ab12"
        info.importedAt = .init(seconds: 1_714_550_400)
        info.importedByName = "李四"
        info.warnings = 1
        return info
    }

    static func field(_ name: String, reserved: String = "") -> Metrology_Flows_V1_TemplateField {
        var field = Metrology_Flows_V1_TemplateField()
        field.name = name
        field.location = "word/document.xml"
        field.fieldKind = "value"
        field.reserved = reserved
        return field
    }

    static func issue(_ severity: String, _ code: String, item: String) -> Metrology_Flows_V1_ValidationIssue {
        var issue = Metrology_Flows_V1_ValidationIssue()
        issue.severity = severity
        issue.code = code
        issue.itemCode = item
        issue.message = "书签 \(item) 不是流程中的数据项"
        return issue
    }

    static func importBody(content: String = Data("PK\u{3}\u{4}".utf8).base64EncodedString()) -> String {
        #"{"typeCode":"verification:initial","kind":"raw_record","filename":"加油机原始记录.docx","content":"\#(content)"}"#
    }

    @Test func acceptedImportIs201AndMapsTheBody() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.importTemplate) { _ in
            var response = Metrology_Flows_V1_ImportTemplateResponse()
            response.accepted = true
            response.template = Self.info()
            response.fields = [Self.field("V_std"), Self.field("SIGN_APPROVER", reserved: "SIGN_APPROVER")]
            response.issues = [Self.issue("warning", "TEMPLATE_FIELD_UNUSED", item: "V_old")]
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/templates", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: Self.importBody())
            ) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["accepted"] as? Bool == true)
                let template = try #require(json["template"] as? [String: Any])
                #expect(template["id"] as? String == "t-1")
                #expect(template["version"] as? Int == 3)
                #expect(template["importedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(template["warnings"] as? Int == 1)
                let fields = try #require(json["fields"] as? [[String: Any]])
                #expect(fields.map { $0["reserved"] as? String } == ["", "SIGN_APPROVER"])
                #expect((json["issues"] as? [[String: Any]])?.first?["severity"] as? String == "warning")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_ImportTemplateRequest.self)
        #expect(sent.itemID == "i-1")
        #expect(sent.typeCode == "verification:initial")
        #expect(sent.kind == "raw_record")
        #expect(sent.filename == "加油机原始记录.docx")
        #expect(sent.content == Data("PK\u{3}\u{4}".utf8))
    }

    @Test func rejectedImportIs422WithTheIssuesInThePlainBody() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.importTemplate) { _ in
            var response = Metrology_Flows_V1_ImportTemplateResponse()
            response.accepted = false
            response.fields = [Self.field("V_x")]
            response.issues = [
                Self.issue("error", "TEMPLATE_FIELD_UNKNOWN", item: "V_x"), Self.issue("warning", "TEMPLATE_FIELD_UNUSED", item: "V_std"),
            ]
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/templates", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: Self.importBody())
            ) { response in
                #expect(response.status == .unprocessableContent)
                // The check's answer itself, not a problem document: the issues are what the user needs.
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try jsonObject(response.body)
                #expect(json["accepted"] as? Bool == false)
                #expect(json["template"] == nil)
                #expect(json["code"] == nil)
                #expect((json["fields"] as? [[String: Any]])?.first?["name"] as? String == "V_x")
                let issues = try #require(json["issues"] as? [[String: Any]])
                #expect(issues.map { $0["code"] as? String } == ["TEMPLATE_FIELD_UNKNOWN", "TEMPLATE_FIELD_UNUSED"])
                #expect(issues.first?["itemCode"] as? String == "V_x")
                #expect(issues.first?["message"] as? String == "书签 V_x 不是流程中的数据项")
            }
        }
    }

    @Test("content that is not standard base64 is 400 before the backend", arguments: ["not base64!", "AQI", "AQID\u{2028}"])
    func badBase64(_ content: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/templates", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: Self.importBody(content: content))
            ) { response in
                try expectProblem(response, .badRequest, code: "BASE64_INVALID")
                #expect(try jsonObject(response.body)["fields"] as? [String: String] == ["content": "不是有效的 Base64 编码"])
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func aFileTheServiceCannotReadIsItsProblem() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.importTemplate) { _ in
            throw RPCError.invalidArgument("模板文件被拒绝：含有宏", reason: "TEMPLATE_MACROS", details: ["field": "content"])
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/templates", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: Self.importBody())
            ) { try expectProblem($0, .badRequest, code: "TEMPLATE_MACROS") }
        }
    }

    @Test func listMapsTheFilters() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.listTemplates) { _ in
            var response = Metrology_Flows_V1_ListTemplatesResponse()
            response.templates = [Self.info(id: "t-2"), Self.info(id: "t-1")]
            return response
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-1/templates?type=verification%3Ainitial&kind=certificate", method: .get, headers: headers) {
                response in
                #expect(response.status == .ok)
                let templates = try #require(try jsonObject(response.body)["templates"] as? [[String: Any]])
                #expect(templates.map { $0["id"] as? String } == ["t-2", "t-1"])
            }
            try await client.execute(uri: "/v1/items/i-1/templates", method: .get, headers: headers) { #expect($0.status == .ok) }
        }
        let sent = try backend.calls.all.map { try $0.request(as: Metrology_Flows_V1_ListTemplatesRequest.self) }
        #expect(sent.map(\.itemID) == ["i-1", "i-1"])
        #expect(sent.map(\.typeCode) == ["verification:initial", ""])
        #expect(sent.map(\.kind) == ["certificate", ""])
    }

    @Test func downloadIsTheFileWithItsTypeAndAChineseName() async throws {
        let docx = Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0x10])
        var backend = FakeBackend()
        backend.answer(FlowsMethods.downloadTemplate) { request in
            var file = Metrology_Flows_V1_TemplateFile()
            file.template = Self.info(id: request.templateID, filename: "燃油加油机 原始记录（首次检定）.docx")
            file.content = docx
            file.contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return file
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/templates/t-5/content", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                #expect(
                    response.headers[.contentDisposition]
                        == "attachment; filename*=UTF-8''%E7%87%83%E6%B2%B9%E5%8A%A0%E6%B2%B9%E6%9C%BA%20%E5%8E%9F%E5%A7%8B%E8%AE%B0%E5%BD%95%EF%BC%88%E9%A6%96%E6%AC%A1%E6%A3%80%E5%AE%9A%EF%BC%89.docx"
                )
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(Data(buffer: response.body) == docx)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_DownloadTemplateRequest.self)
        #expect(sent.templateID == "t-5")
    }

    /// What the service sends is still not trusted into headers: a name with quotes or line breaks stays inside the
    /// percent-encoding, and a content type that is not a plain type/subtype becomes opaque bytes.
    @Test func downloadHeadersCannotBeInjected() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.downloadTemplate) { _ in
            var file = Metrology_Flows_V1_TemplateFile()
            file.template = Self.info(filename: "a\"b;c\r\n.pdf")
            file.content = Data([1])
            file.contentType = "text/html\r\nSet-Cookie: x=1"
            return file
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/templates/t-1/content", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/octet-stream")
                #expect(response.headers[.contentDisposition] == "attachment; filename*=UTF-8''a%22b%3Bc%0D%0A.pdf")
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test func aMissingTemplateIsTheServices404() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.downloadTemplate) { _ in throw RPCError.notFound("模板不存在", reason: "FLOWS_TEMPLATE_NOT_FOUND") }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/templates/t-0/content", method: .get, headers: try gateway.authorization()) {
                try expectProblem($0, .notFound, code: "FLOWS_TEMPLATE_NOT_FOUND")
            }
        }
    }
}
