import Auth
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(logN: 12)

    @Test func verifiesTheRightPasswordOnly() throws {
        let stored = try hasher.hash("计量-Passw0rd")
        #expect(stored.hasPrefix("$scrypt$ln=12,r=8,p=1$"))
        #expect(PasswordHasher.verify("计量-Passw0rd", against: stored))
        #expect(!PasswordHasher.verify("计量-passw0rd", against: stored))
        #expect(!PasswordHasher.verify("", against: stored))
    }

    @Test func saltsEveryHash() throws {
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test(
        "malformed stored values never verify", arguments: ["", "plain", "$scrypt$ln=99,r=8,p=1$AAAA$AAAA", "$bcrypt$x$y$z", "$scrypt$ln=12$bad$bad"])
    func malformed(_ stored: String) {
        #expect(!PasswordHasher.verify("anything", against: stored))
    }
}
