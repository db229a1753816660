/// Splits RFC 4180 CSV bytes into records, one at a time.
///
/// A field is either unquoted (it runs to the next comma or line end) or starts with `"` and
/// runs to the matching `"`, with `""` standing for one quote; a quoted field may hold commas and
/// line breaks. Records end at LF or CRLF. Field contents are copied, unescaped, into one scratch
/// buffer that the next record reuses.
struct CSVRecordScanner {
    /// How a record ended.
    enum Outcome: Equatable {
        /// A record was read into `fields`.
        case record
        /// A quoted field that starts on `line` has no closing quote; the scanner is at the end.
        case unterminatedQuote(line: Int)
        /// A closing quote is followed by something other than a comma or a line end on `line`;
        /// the scanner has moved past that line.
        case strayQuote(line: Int)
    }

    /// The whole input.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next record starts.
    private(set) var position: Int
    /// The 1-based line where the next record starts.
    private(set) var line = 1
    /// The unescaped contents of the current record's fields, back to back.
    private(set) var scratch: [UInt8] = []
    /// The range of each field of the current record in `scratch`.
    private(set) var fields: [Range<Int>] = []
    /// Whether any field of the current record was quoted (a quoted empty field is not blank).
    private(set) var hasQuotedField = false

    /// A scanner over `bytes`, starting at `start`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        self.bytes = bytes
        position = start
    }

    /// Whether all records have been read.
    var isAtEnd: Bool { position >= bytes.count }

    /// Reads the next record (call only when not `isAtEnd`).
    mutating func next() -> Outcome {
        scratch.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        hasQuotedField = false
        let end = bytes.count
        while true {
            let fieldStart = scratch.count
            if position < end, bytes[position] == CorpusBytes.quote {
                hasQuotedField = true
                let quoteLine = line
                position += 1
                while true {
                    let close = CorpusBytes.firstIndex(of: CorpusBytes.quote, in: bytes, from: position, to: end)
                    guard close < end else {
                        position = end
                        return .unterminatedQuote(line: quoteLine)
                    }
                    copy(position ..< close)
                    position = close + 1
                    guard position < end, bytes[position] == CorpusBytes.quote else { break }
                    scratch.append(CorpusBytes.quote)  // "" inside a quoted field
                    position += 1
                }
                fields.append(fieldStart ..< scratch.count)
                if position >= end { return .record }
                switch bytes[position] {
                case CorpusBytes.comma:
                    position += 1
                    continue
                case CorpusBytes.lineFeed:
                    position += 1
                    line += 1
                    return .record
                case CorpusBytes.carriageReturn
                where position + 1 == end || bytes[position + 1] == CorpusBytes.lineFeed:
                    position = min(position + 2, end)
                    line += 1
                    return .record
                default:
                    let badLine = line
                    skipLine()
                    return .strayQuote(line: badLine)
                }
            }
            // An unquoted field: up to the next comma or line feed.
            var fieldEnd = position
            while fieldEnd < end, bytes[fieldEnd] != CorpusBytes.comma, bytes[fieldEnd] != CorpusBytes.lineFeed {
                fieldEnd += 1
            }
            let atLineFeed = fieldEnd < end && bytes[fieldEnd] == CorpusBytes.lineFeed
            var contentEnd = fieldEnd
            if atLineFeed, contentEnd > position, bytes[contentEnd - 1] == CorpusBytes.carriageReturn {
                contentEnd -= 1
            }
            copy(position ..< contentEnd)
            fields.append(fieldStart ..< scratch.count)
            position = fieldEnd + 1
            if fieldEnd == end {
                position = end
                return .record
            }
            if atLineFeed {
                line += 1
                return .record
            }
        }
    }

    /// Appends `bytes[range]` to `scratch`, counting the line feeds it holds.
    private mutating func copy(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let slice = CorpusBytes.slice(bytes, range)
        var index = 0
        while true {
            index = CorpusBytes.firstIndex(of: CorpusBytes.lineFeed, in: slice, from: index, to: slice.count)
            guard index < slice.count else { break }
            line += 1
            index += 1
        }
        scratch.append(contentsOf: slice)
    }

    /// Moves past the rest of the current line.
    private mutating func skipLine() {
        let lineFeed = CorpusBytes.firstIndex(of: CorpusBytes.lineFeed, in: bytes, from: position, to: bytes.count)
        position = min(lineFeed + 1, bytes.count)
        line += 1
    }
}
