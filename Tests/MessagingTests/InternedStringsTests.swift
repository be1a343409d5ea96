import CRabbitMQ
import Testing

@testable import Messaging

@Suite struct InternedStringsTests {
    private func read(_ interned: InternedStrings, _ text: String) -> String {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { interned.string(amqp_bytes_t(len: $0.count, bytes: $0.baseAddress)) }
    }

    @Test func sameBytesGiveTheSameStringAndOthersTheirOwn() {
        let interned = InternedStrings(capacity: 4)
        let type = "/metrology.records.v1.RecordService/SubmitRecord"
        #expect(read(interned, type) == type)
        #expect(read(interned, type) == type)
        // Same length, one byte different: must not be taken for the cached one.
        let other = "/metrology.records.v1.RecordService/SubmitRecorD"
        #expect(read(interned, other) == other)
        #expect(read(interned, "") == "")
        #expect(read(interned, "证书.签发") == "证书.签发")
    }

    @Test func evictionNeverReturnsAStaleString() {
        let interned = InternedStrings(capacity: 3)
        for round in 0..<5 {
            for index in 0..<10 {
                let name = "amq.rabbitmq.reply-to.connection-\(index)-of-ten"
                #expect(read(interned, name) == name, "round \(round)")
            }
        }
        let long = String(repeating: "长", count: 200)  // longer than kept: made each time, still right
        #expect(read(interned, long) == long)
    }
}
