import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import NIOFoundationEssentialsCompat
import SwiftProtobuf
import Testing

/// `/v1/regulations*`: regulation texts on the flows service, uploaded as base64 and downloaded as files.
@Suite struct RegulationsRoutesTests {
    let gateway = TestGateway()

    static func regulation(id: String = "r-1") -> Metrology_Flows_V1_Regulation {
        var regulation = Metrology_Flows_V1_Regulation()
        regulation.id = id
        regulation.code = "JJG 443—2023"
        regulation.title = "燃油加油机检定规程"
        regulation.effectiveOn = "2024-03-01"
        regulation.status = "current"
        regulation.itemCodes = ["fuel_dispenser"]
        regulation.filename = "JJG 443—2023 燃油加油机.pdf"
        regulation.format = "pdf"
        regulation.size = 5
        regulation.sha256 = "cd34"
        regulation.importedAt = .init(seconds: 1_714_550_400)
        return regulation
    }

    @Test func importMapsEveryFieldDecodesTheFileAndIs201() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.importRegulation) { _ in Self.regulation() }
        let pdf = Data("%PDF-".utf8)
        let body = """
            {"code":"JJG 443—2023","title":"燃油加油机检定规程","effectiveOn":"2024-03-01","status":"current","replacedBy":"",
             "itemCodes":["fuel_dispenser","lpg_dispenser"],"filename":"JJG 443—2023 燃油加油机.pdf","content":"\(pdf.base64EncodedString())"}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/regulations", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["code"] as? String == "JJG 443—2023")
                #expect(json["effectiveOn"] as? String == "2024-03-01")
                #expect(json["importedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(json["itemCodes"] as? [String] == ["fuel_dispenser"])
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_ImportRegulationRequest.self)
        #expect(sent.code == "JJG 443—2023")
        #expect(sent.title == "燃油加油机检定规程")
        #expect(sent.effectiveOn == "2024-03-01")
        #expect(sent.status == "current")
        #expect(sent.itemCodes == ["fuel_dispenser", "lpg_dispenser"])
        #expect(sent.filename == "JJG 443—2023 燃油加油机.pdf")
        #expect(sent.content == pdf)
    }

    @Test func importWithBadBase64Is400() async throws {
        let backend = FakeBackend()
        let body = #"{"code":"JJG 1","title":"t","effectiveOn":"2024-03-01","filename":"a.pdf","content":"%PDF-"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/regulations", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)) {
                try expectProblem($0, .badRequest, code: "BASE64_INVALID")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func patchSetsOnlyThePresentFieldsAndReplacesItemCodesWhenSent() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.updateRegulation) { request in Self.regulation(id: request.regulationID) }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/regulations/r-1", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"status":"repealed","replacedBy":"JJG 443—2025"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/regulations/r-1", method: .patch, headers: headers, body: ByteBuffer(string: #"{"itemCodes":[]}"#)) {
                #expect($0.status == .ok)
            }
        }
        let sent = try backend.calls.all.map { try $0.request(as: Metrology_Flows_V1_UpdateRegulationRequest.self) }
        #expect(sent[0].regulationID == "r-1")
        #expect(sent[0].hasStatus && sent[0].status == "repealed")
        #expect(sent[0].hasReplacedBy && sent[0].replacedBy == "JJG 443—2025")
        #expect(!sent[0].hasTitle && !sent[0].replaceItemCodes)
        #expect(!sent[1].hasStatus && !sent[1].hasReplacedBy)
        #expect(sent[1].replaceItemCodes && sent[1].itemCodes.isEmpty)
    }

    @Test func listMapsTheQuery() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.listRegulations) { _ in
            var response = Metrology_Flows_V1_ListRegulationsResponse()
            response.regulations = [Self.regulation()]
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/regulations?query=JJG%20443&itemCode=fuel_dispenser&status=current", method: .get, headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect((json["regulations"] as? [[String: Any]])?.count == 1)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_ListRegulationsRequest.self)
        #expect(sent.query == "JJG 443")
        #expect(sent.itemCode == "fuel_dispenser")
        #expect(sent.status == "current")
    }

    @Test func downloadIsThePDFWithItsChineseName() async throws {
        let pdf = Data("%PDF-1.7\n".utf8)
        var backend = FakeBackend()
        backend.answer(FlowsMethods.downloadRegulation) { request in
            var file = Metrology_Flows_V1_RegulationFile()
            file.regulation = Self.regulation(id: request.regulationID)
            file.content = pdf
            file.contentType = "application/pdf"
            return file
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/regulations/r-3/content", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(
                    response.headers[.contentDisposition]
                        == "attachment; filename*=UTF-8''JJG%20443%E2%80%942023%20%E7%87%83%E6%B2%B9%E5%8A%A0%E6%B2%B9%E6%9C%BA.pdf")
                #expect(Data(buffer: response.body) == pdf)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_DownloadRegulationRequest.self)
        #expect(sent.regulationID == "r-3")
    }
}
