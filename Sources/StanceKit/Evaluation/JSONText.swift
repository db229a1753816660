/// A JSON value already rendered as text, built by hand so output is byte-for-byte deterministic:
/// object keys stay in the order given (unlike `JSONEncoder`, whose key order is unspecified) and
/// numbers print the same on every platform.
///
/// ```swift
/// JSONText.object([("accuracy", .number(0.75)), ("labels", .array([.string("a"), .string("b")]))]).text
/// // {"accuracy":0.75,"labels":["a","b"]}
/// ```
public struct JSONText: Sendable, Equatable, CustomStringConvertible {
    /// The compact JSON text (no spaces, no newline).
    public let text: String

    /// The JSON text; the same as `text`.
    public var description: String { text }

    private init(raw: String) {
        text = raw
    }

    /// `null`.
    public static let null = JSONText(raw: "null")

    /// `true` or `false`.
    public static func bool(_ value: Bool) -> JSONText {
        JSONText(raw: value ? "true" : "false")
    }

    /// An integer in decimal.
    public static func integer(_ value: Int) -> JSONText {
        JSONText(raw: String(value))
    }

    /// A number written with Swift's `Double.description`: the shortest digits that read back as the
    /// same `Double` (`0.1`, `1.0`, `1e-05`). JSON has no NaN or infinity; those become `null`.
    public static func number(_ value: Double) -> JSONText {
        value.isFinite ? JSONText(raw: value.description) : .null
    }

    /// A string in quotes, escaped per RFC 8259: `"` and `\` get a backslash, control characters
    /// below U+0020 become `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`; everything else is copied as UTF-8.
    public static func string(_ value: String) -> JSONText {
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(value.utf8.count + 2)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00 ..< 0x20:
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return JSONText(raw: String(decoding: bytes, as: UTF8.self))
    }

    /// An array of the given values, in order.
    public static func array(_ elements: [JSONText]) -> JSONText {
        JSONText(raw: "[" + elements.map(\.text).joined(separator: ",") + "]")
    }

    /// An array of numbers (see `number(_:)`).
    public static func numbers(_ values: [Double]) -> JSONText {
        array(values.map(number))
    }

    /// An array of integers.
    public static func integers(_ values: [Int]) -> JSONText {
        array(values.map(integer))
    }

    /// An object whose members appear in exactly the given order (keys should be distinct).
    public static func object(_ members: [(String, JSONText)]) -> JSONText {
        JSONText(raw: "{" + members.map { string($0.0).text + ":" + $0.1.text }.joined(separator: ",") + "}")
    }
}
