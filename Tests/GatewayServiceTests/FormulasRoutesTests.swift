import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import SwiftProtobuf
import Testing

/// `POST /v1/formulas/evaluate`: the editor's "try it".
@Suite struct FormulasRoutesTests {
    let gateway = TestGateway()

    @Test func mapsTheBodyAndAnswersStepsAsText() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.evaluateFormula) { _ in
            var step = Metrology_Flows_V1_EvaluationStep()
            step.expression = "V_disp - V_std"
            step.value = "0.040"
            step.unit = "L"
            var response = Metrology_Flows_V1_EvaluateFormulaResponse()
            response.ok = true
            response.value = "0.20"
            response.unit = "%"
            response.type = "number"
            response.steps = [step]
            return response
        }
        let body = """
            {"itemId":"i-1","typeCode":"verification:initial","items":[{"code":"V_std","kind":"number"},{"code":"V_disp","kind":"number"}],
             "expression":"round((V_disp - V_std) / V_std * 100, 2)","values":{"V_std":"20.00","V_disp":"20.04","T[1,2]":"x"}}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/formulas/evaluate", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)
            ) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["ok"] as? Bool == true)
                #expect(json["value"] as? String == "0.20")
                #expect(json["type"] as? String == "number")
                #expect(json["error"] == nil)
                let step = try #require((json["steps"] as? [[String: Any]])?.first)
                #expect(step["value"] as? String == "0.040")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_EvaluateFormulaRequest.self)
        #expect(sent.itemID == "i-1" && sent.typeCode == "verification:initial")
        #expect(sent.items.map(\.code) == ["V_std", "V_disp"])
        #expect(sent.expression == "round((V_disp - V_std) / V_std * 100, 2)")
        #expect(sent.values == ["V_std": "20.00", "V_disp": "20.04", "T[1,2]": "x"])
    }

    @Test func aFormulaThatFailsIsAnAnswerWithItsPosition() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.evaluateFormula) { _ in
            var error = Metrology_Flows_V1_ValidationIssue()
            error.severity = "error"
            error.code = "FORMULA_DIVISION_BY_ZERO"
            error.message = "除数为零"
            error.line = 1
            error.column = 9
            error.length = 5
            var response = Metrology_Flows_V1_EvaluateFormulaResponse()
            response.error = error
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/formulas/evaluate", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"expression":"1 / (a - a)","values":{"a":"1"}}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["ok"] as? Bool == false)
                let error = try #require(json["error"] as? [String: Any])
                #expect(error["code"] as? String == "FORMULA_DIVISION_BY_ZERO")
                #expect(error["column"] as? Int == 9 && error["length"] as? Int == 5)
                #expect(error["itemCode"] as? String == "")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_EvaluateFormulaRequest.self)
        #expect(sent.itemID.isEmpty && sent.items.isEmpty)
    }

    @Test func aSampleValueSentAsANumberIsRefused() async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/formulas/evaluate", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"expression":"a * 2","values":{"a":2.50}}"#)
            ) { try expectProblem($0, .badRequest, code: "INVALID_JSON") }
        }
        #expect(backend.calls.all.isEmpty)
    }
}
