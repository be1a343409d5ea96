import Contracts
import DocumentConversion
import Foundation
import PDFSeal
import RPCCore
import Testing

@testable import CertificatesService

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct CertificateRulesTests {
    @Test(
        "有效期至 is the test day plus the cycle less a day; 下次检定日期 the day after",
        arguments: [
            ("2026-03-15", 12, "2027-03-14", "2027-03-15"), ("2026-01-31", 1, "2026-02-27", "2026-02-28"),
            ("2024-02-29", 12, "2025-02-27", "2025-02-28"),
            ("2026-12-02", 6, "2027-06-01", "2027-06-02"),
        ])
    func validity(_ day: String, _ months: Int, _ end: String, _ next: String) {
        #expect(ValidityPeriod.end(testDate: day, months: months) == end)
        #expect(ValidityPeriod.nextDue(testDate: day, months: months) == next)
    }

    @Test("no cycle or no test day gives no validity", arguments: [("2026-03-15", 0), ("", 12), ("2026-3", 12)])
    func noValidity(_ day: String, _ months: Int) {
        #expect(ValidityPeriod.end(testDate: day, months: months).isEmpty)
    }

    @Test("a failed verification issues a notice")
    func kinds() {
        #expect(CertificateKind(conclusion: "合格") == .certificate)
        #expect(CertificateKind(conclusion: "不合格") == .notice)
        #expect(CertificateKind(conclusion: "检定不合格（示值误差超差）") == .notice)
    }

    @Test("check codes: eight characters without look-alikes; typed codes are normalised")
    func checkCodes() {
        let codes = (0..<200).map { _ in CheckCode.make() }
        #expect(codes.allSatisfy { $0.count == 8 && $0.allSatisfy { CheckCode.alphabet.contains($0) } })
        #expect(Set(codes).count > 190)
        #expect(codes.allSatisfy { !$0.contains("0") && !$0.contains("O") && !$0.contains("1") && !$0.contains("I") && !$0.contains("L") })
        #expect(CheckCode.normalized(" abcd-2345 ") == "ABCD2345")
    }

    @Test("the QR code's address carries the check parameters and a seal signature a holder of the seal certificate verifies offline")
    func checkURL() throws {
        let settings = IssueSettings(institution: "所", publicCheckURL: "https://lab.example.cn/check?lang=zh", converters: .init(urls: []))
        let seal = try SealIdentity.selfSigned(organization: "示例所", commonName: "示例所 电子印章")
        let items = try CheckToken.parameters(
            number: "JD 2026/001", code: "ABCD2345", day: "2026-12-02", conclusion: "合格", serial: "J01", identity: seal)
        let url = try #require(URLComponents(string: settings.checkURL(items)))
        let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["lang"] == "zh" && query["n"] == "JD 2026/001" && query["c"] == "ABCD2345" && query["r"] == "合格" && query["i"] == "J01")
        var base64 = try #require(query["s"]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let signature = try #require(Data(base64Encoded: base64))
        let message = CheckToken.message(number: "JD 2026/001", code: "ABCD2345", day: "2026-12-02", conclusion: "合格", serial: "J01")
        #expect(seal.isValidSignature(signature, for: message))
        let forged = CheckToken.message(number: "JD 2026/001", code: "ABCD2345", day: "2026-12-02", conclusion: "不合格", serial: "J01")
        #expect(!seal.isValidSignature(signature, for: forged), "a changed conclusion no longer verifies")
        let other = try SealIdentity.selfSigned(organization: "别的所", commonName: "别的所")
        #expect(!other.isValidSignature(signature, for: message), "another institution's key does not verify it")
    }

    @Test("a receipt binds this approval: resource, meaning 批准, signer, then digest, each with its code")
    func receipts() {
        let check = ApprovalReceiptCheck(resource: "certificates/approval/t1", digest: "d1", signer: "u1")
        func receipt(
            resource: String = "certificates/approval/t1", meaning: String = "approval", signer: String = "u1", digest: String = "d1"
        )
            -> Metrology_Identity_V1_SignatureReceipt
        {
            var receipt = Metrology_Identity_V1_SignatureReceipt()
            receipt.resource = resource
            receipt.meaning = meaning
            receipt.signerID = signer
            receipt.digest = digest
            return receipt
        }
        #expect(throws: Never.self) { try check.check(receipt()) }
        for (bad, reason) in [
            (receipt(resource: "records/task/t1"), "CERTIFICATES_RECEIPT_RESOURCE_MISMATCH"),
            (receipt(meaning: "review"), "CERTIFICATES_RECEIPT_MEANING_MISMATCH"),
            (receipt(signer: "u2"), "CERTIFICATES_RECEIPT_SIGNER_MISMATCH"), (receipt(digest: "d2"), "CERTIFICATES_RECEIPT_DIGEST_MISMATCH"),
        ] {
            do {
                try check.check(bad)
                Issue.record("accepted a receipt that should fail with \(reason)")
            } catch let error as RPCError {
                #expect(error.reason == reason)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("reasons: required, at most 500 characters, no control characters")
    func reasons() throws {
        #expect(try CertificatesErrors.reason("  原因  ", what: "退回") == "原因")
        for (text, code) in [
            ("", "CERTIFICATES_REASON_REQUIRED"), (String(repeating: "字", count: 501), "CERTIFICATES_REASON_TOO_LONG"),
            ("a\u{7}b", "CERTIFICATES_REASON_INVALID"),
        ] {
            #expect(throws: RPCError.self) { try CertificatesErrors.reason(text, what: "作废") }
            do { _ = try CertificatesErrors.reason(text, what: "作废") } catch let error as RPCError { #expect(error.reason == code) }
        }
    }

    @Test("the seal drawing is well-formed SVG with the institution's name, one glyph a character")
    func sealImage() throws {
        let svg = SealImage.svg(institution: "杭州市计量检定测试院<&>")
        let document = try XMLDocument(data: Data(svg.utf8))
        let texts = try document.nodes(forXPath: "//*[local-name()='text']")
        #expect(texts.count == "杭州市计量检定测试院<&>".count + 1)
        #expect(svg.contains("检定专用章") && svg.contains(">&lt;<") && svg.contains(">&amp;<"), "each character escaped in its own glyph")
    }
}
