import Foundation
import Messaging
public import RPCCore
public import SwiftProtobuf

/// The backstop under `HumanText`: a request whose any string field, at any depth, holds U+0000 is refused before
/// its handler runs. PostgreSQL cannot store NUL in text and answers SQLSTATE 22021, which reached callers as a 500
/// from almost every text input (a search query, the anonymous login's username); a field a handler forgot to check
/// must still give a 400 naming the field. Every RPC the `ServiceRouter` registers passes through it.
///
/// Walks the decoded message with a protobuf `Visitor` (no copy, no allocation for a clean request); only once a NUL
/// is found does it encode the message as JSON to name the field as the HTTP caller wrote it (`items[2].title`).
public enum NULBackstop {
    public static func check(_ message: some Message) throws(RPCError) {
        var finder = Finder()
        try? message.traverse(visitor: &finder)
        guard finder.found else { return }
        var field: String?
        if let json: [UInt8] = try? message.jsonUTF8Bytes(), let object = try? JSONSerialization.jsonObject(with: Data(json)) {
            field = path(to: object, prefix: "")
        }
        throw RPCError.invalidArgument(
            "“\(field ?? "请求")”含有不允许的字符（U+0000）：不能包含控制字符", reason: "TEXT_INVALID_CHARACTERS",
            details: ["field": field ?? "", "character": "U+0000"])
    }

    /// The first place in a decoded JSON value whose key or string value contains NUL.
    static func path(to value: Any, prefix: String) -> String? {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains("\0") ? prefix : nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = path(to: element, prefix: "\(prefix)[\(index)]") { return found }
            }
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let here = prefix.isEmpty ? key : "\(prefix).\(key)"
                if key.unicodeScalars.contains("\0") { return here }
                if let found = path(to: object[key]!, prefix: here) { return found }
            }
        default:
            break
        }
        return nil
    }

    /// Stops at the first NUL by throwing (`traverse` has no other way out).
    struct Finder: Visitor {
        struct Found: Error {}
        var found = false

        mutating func look(_ text: String) throws {
            guard text.utf8.contains(0) else { return }
            found = true
            throw Found()
        }

        mutating func visitSingularStringField(value: String, fieldNumber: Int) throws { try look(value) }
        mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {
            for text in value { try look(text) }
        }
        mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws { try value.traverse(visitor: &self) }
        mutating func visitSingularGroupField<G: Message>(value: G, fieldNumber: Int) throws { try value.traverse(visitor: &self) }

        mutating func visitMapField<KeyType, ValueType: MapValueType>(
            fieldType: _ProtobufMap<KeyType, ValueType>.Type, value: _ProtobufMap<KeyType, ValueType>.BaseType, fieldNumber: Int
        ) throws {
            for (key, element) in value {
                if let text = key as? String { try look(text) }
                if let text = element as? String { try look(text) }
            }
        }
        mutating func visitMapField<KeyType, ValueType>(
            fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type, value: _ProtobufEnumMap<KeyType, ValueType>.BaseType, fieldNumber: Int
        ) throws {
            for key in value.keys { if let text = key as? String { try look(text) } }
        }
        mutating func visitMapField<KeyType, ValueType>(
            fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type, value: _ProtobufMessageMap<KeyType, ValueType>.BaseType, fieldNumber: Int
        ) throws {
            for (key, element) in value {
                if let text = key as? String { try look(text) }
                try element.traverse(visitor: &self)
            }
        }

        // Numbers, flags, bytes and enums cannot hold text.
        mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {}
        mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
        mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
        mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
        mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {}
        mutating func visitSingularEnumField<E: Enum>(value: E, fieldNumber: Int) throws {}
        mutating func visitUnknown(bytes: Data) throws {}
    }
}
