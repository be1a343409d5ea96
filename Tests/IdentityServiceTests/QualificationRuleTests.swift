import Auth
import ServiceKit
import Testing

@testable import IdentityService

@Suite struct QualificationRuleTests {
    let certificate = QualificationRule.Qualification(
        id: "q1", issuedOn: CalendarDay("2024-01-01")!, expiresOn: CalendarDay("2026-12-31")!, items: ["JJG443"])

    func decide(
        status: String = "active", permissions: Set<Permission> = [.recordsEnter], approved: Set<String> = ["JJG443"],
        qualifications: [QualificationRule.Qualification]? = nil, item: String = "JJG443", action: String = "enter", on day: String = "2025-06-01"
    ) -> QualificationRule.Decision {
        QualificationRule.decide(
            status: status, permissions: permissions, approvedItems: approved, qualifications: qualifications ?? [certificate], item: item,
            action: action, on: CalendarDay(day)!)
    }

    @Test func allowsWithPermissionApprovedItemAndValidCertificate() {
        let decision = decide()
        #expect(decision.allowed)
        #expect(decision.qualificationID == "q1")
    }

    @Test func theLastDayOfValidityStillCounts() {
        #expect(decide(on: "2026-12-31").allowed)
        #expect(decide(on: "2027-01-01").reason == "QUALIFICATION_EXPIRED")
        #expect(decide(on: "2023-12-31").reason == "QUALIFICATION_NOT_YET_VALID")
    }

    @Test func refusesInTheOrderPeopleFixThings() {
        #expect(decide(action: "sing").reason == "QUALIFICATION_ACTION_INVALID")
        #expect(decide(status: "disabled").reason == "QUALIFICATION_USER_INACTIVE")
        #expect(decide(action: "review").reason == "QUALIFICATION_NO_PERMISSION")
        #expect(decide(approved: []).reason == "QUALIFICATION_ITEM_NOT_APPROVED")
        #expect(decide(qualifications: []).reason == "QUALIFICATION_MISSING")
    }

    @Test func anyValidCertificateCoveringTheItemIsEnough() {
        let old = QualificationRule.Qualification(
            id: "old", issuedOn: CalendarDay("2018-01-01")!, expiresOn: CalendarDay("2020-12-31")!, items: ["JJG443"])
        let renewed = QualificationRule.Qualification(
            id: "new", issuedOn: CalendarDay("2021-01-01")!, expiresOn: CalendarDay("2031-12-31")!, items: ["JJG443"])
        #expect(decide(qualifications: [old, renewed]).qualificationID == "new")
    }
}
