/// A strict JSON parser for one line of a JSON-lines corpus, on bytes.
///
/// It checks the whole line against RFC 8259, but keeps only what a corpus needs: the values of
/// the top-level keys `"label"` and `"text"` (the last one wins if a key repeats). Strings are
/// decoded (escapes, `\u` surrogate pairs) into one scratch buffer, `strings`; a number is kept as
/// written. Any input ends in a value or a `Failure`: nesting is limited to `maxDepth` levels so
/// hostile input cannot exhaust the stack.
struct JSONLineParser {
    /// What a top-level key held.
    enum Value: Equatable {
        /// The key did not appear.
        case missing
        /// A string, decoded into `strings[range]`.
        case string(Range<Int>)
        /// A number, its literal text copied into `strings[range]`.
        case number(Range<Int>)
        /// Any other JSON value; the payload names its type (`"object"`, `"boolean"`, ...).
        case other(String)
    }

    /// Why a line is not valid JSON, with the 1-based byte column.
    struct Failure: Error {
        /// What was expected, and where (`"expected ':' after the key at column 9"`).
        let detail: String
    }

    /// The deepest nesting of arrays and objects accepted.
    static let maxDepth = 64

    /// The bytes of the file holding the lines.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var position = 0
    /// The end of the current line.
    private(set) var end = 0
    /// The start of the current line (for columns in messages).
    private var lineStart = 0
    /// Decoded strings and number literals of the current line.
    var strings: [UInt8] = []
    /// The value of `"label"` on the current line.
    private(set) var label = Value.missing
    /// The value of `"text"` on the current line.
    private(set) var text = Value.missing

    /// The keys a corpus line needs, as bytes.
    private static let labelKey = Array("label".utf8), textKey = Array("text".utf8)

    /// A parser for lines of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses the line `bytes[line]`, which must hold exactly one JSON object.
    mutating func parse(_ line: Range<Int>) throws(Failure) {
        (position, end, lineStart) = (line.lowerBound, line.upperBound, line.lowerBound)
        strings.removeAll(keepingCapacity: true)
        (label, text) = (.missing, .missing)
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { throw failure("expected an object") }
        position += 1
        try parseObject(depth: 1, topLevel: true)
        skipWhitespace()
        guard position == end else { throw failure("unexpected characters after the object") }
    }

    // MARK: Values

    /// Parses the members of an object whose `{` has been read.
    private mutating func parseObject(depth: Int, topLevel: Bool) throws(Failure) {
        skipWhitespace()
        if peek == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let keyStart = strings.count
            try parseString()
            let key = keyStart ..< strings.count
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw failure("expected ':' after the key") }
            position += 1
            skipWhitespace()
            if topLevel, strings[key].elementsEqual(Self.labelKey) {
                label = try parseValue(depth: depth)
            } else if topLevel, strings[key].elementsEqual(Self.textKey) {
                text = try parseValue(depth: depth)
            } else {
                strings.removeSubrange(keyStart...)
                _ = try parseValue(depth: depth)
                strings.removeSubrange(keyStart...)
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return
            default: throw failure("expected ',' or '}' in the object")
            }
        }
    }

    /// Parses the elements of an array whose `[` has been read.
    private mutating func parseArray(depth: Int) throws(Failure) {
        skipWhitespace()
        if peek == UInt8(ascii: "]") { position += 1; return }
        while true {
            skipWhitespace()
            let mark = strings.count
            _ = try parseValue(depth: depth)
            strings.removeSubrange(mark...)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return
            default: throw failure("expected ',' or ']' in the array")
            }
        }
    }

    /// Parses any value at `position`; `depth` is the nesting level of the enclosing container.
    private mutating func parseValue(depth: Int) throws(Failure) -> Value {
        guard let byte = peek else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            let start = strings.count
            try parseString()
            return .string(start ..< strings.count)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
            let isObject = byte == UInt8(ascii: "{")
            position += 1
            if isObject { try parseObject(depth: depth + 1, topLevel: false) } else { try parseArray(depth: depth + 1) }
            return .other(isObject ? "object" : "array")
        case UInt8(ascii: "t"): try parseLiteral("true"); return .other("boolean")
        case UInt8(ascii: "f"): try parseLiteral("false"); return .other("boolean")
        case UInt8(ascii: "n"): try parseLiteral("null"); return .other("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
            let start = position
            try parseNumber()
            let copied = strings.count
            strings.append(contentsOf: CorpusBytes.slice(bytes, start ..< position))
            return .number(copied ..< strings.count)
        default:
            throw failure("expected a value")
        }
    }

    /// Checks that `word` is at `position` and moves past it.
    private mutating func parseLiteral(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = end - position >= count
            && word.withUTF8Buffer { CorpusBytes.slice(bytes, position ..< position + count).elementsEqual($0) }
        guard matches else { throw failure("expected a value") }
        position += count
    }

    /// Checks a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func parseNumber() throws(Failure) {
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw failure("expected a digit in the number") }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw failure("expected a digit after '.' in the number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw failure("expected a digit in the exponent") }
        }
    }

    // MARK: Bytes

    /// The byte at `position`, or `nil` at the end of the line.
    var peek: UInt8? { position < end ? bytes[position] : nil }

    /// Moves past JSON whitespace (space, tab, CR, LF).
    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { position += 1 }
    }

    /// Moves past ASCII digits; returns how many.
    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    /// A failure saying `expected`, at the current column, naming what was found there.
    func failure(_ expected: String) -> Failure {
        let found: String
        switch peek {
        case nil: found = "the end of the line"
        case let byte? where byte >= 0x20 && byte < 0x7F: found = "'\(Character(Unicode.Scalar(byte)))'"
        case let byte?: found = "byte 0x" + String(byte, radix: 16, uppercase: true)
        }
        return Failure(detail: "\(expected) at column \(position - lineStart + 1), found \(found)")
    }
}
