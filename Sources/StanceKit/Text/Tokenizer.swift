/// Splits UTF-8 text into tokens, byte by byte.
///
/// ASCII bytes take a table-driven fast path; other bytes are decoded as UTF-8 and classified
/// with the Unicode general category (letters L*, numbers Nd/Nl/No are word characters, as in
/// Python's `\w`). Invalid UTF-8 decodes to U+FFFD, which is a separator, so no input can crash
/// the scan. Lower-casing uses the full Unicode mapping for non-ASCII scalars.
public struct Tokenizer: Sendable {
    /// The options this tokenizer applies.
    public let options: TokenizerOptions
    /// Stop words, looked up by bytes.
    let stopWords: Vocabulary?

    /// A tokenizer applying `options`.
    public init(options: TokenizerOptions = .init()) {
        self.options = options
        let words = options.stopWords.words
        stopWords = words.isEmpty ? nil : Vocabulary(terms: words)
    }

    /// `isWordByte[b]` for ASCII: letters, digits and `_`.
    static let isWordByte: [Bool] = (0 ..< 128).map { b in
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// Whether `scalar` is a word character (Python's `\w` for str patterns).
    @inlinable
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return scalar == "_"
        }
    }

    /// Tokenizes `text` into `buffer`, replacing what it held.
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout TokenBuffer) {
        buffer.removeAll()
        let lowercase = options.lowercase
        let minimumLength = options.minimumTokenLength
        var tokenStart = -1
        var scalars = 0
        var i = 0
        let n = text.count
        Tokenizer.isWordByte.withUnsafeBufferPointer { wordTable in
            while i < n {
                let b = text[i]
                if b < 0x80 {
                    if wordTable[Int(b)] {
                        if tokenStart < 0 {
                            tokenStart = buffer.beginToken()
                            scalars = 0
                        }
                        buffer.bytes.append(lowercase && b &- 0x41 < 26 ? b | 0x20 : b)
                        scalars += 1
                    } else if tokenStart >= 0 {
                        finish(&buffer, start: tokenStart, scalars: scalars, minimumLength: minimumLength)
                        tokenStart = -1
                    }
                    i += 1
                    continue
                }
                let (scalar, length) = UTF8Decoding.decode(text, at: i)
                if let scalar, Tokenizer.isWord(scalar) {
                    if tokenStart < 0 {
                        tokenStart = buffer.beginToken()
                        scalars = 0
                    }
                    if lowercase && scalar.properties.changesWhenLowercased {
                        buffer.bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                    } else {
                        buffer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[i ..< i + length]))
                    }
                    scalars += 1
                } else if tokenStart >= 0 {
                    finish(&buffer, start: tokenStart, scalars: scalars, minimumLength: minimumLength)
                    tokenStart = -1
                }
                i += length
            }
        }
        if tokenStart >= 0 {
            finish(&buffer, start: tokenStart, scalars: scalars, minimumLength: minimumLength)
        }
    }

    /// Keeps the token that started at `start`, or drops it when too short or a stop word.
    @inline(__always)
    private func finish(_ buffer: inout TokenBuffer, start: Int, scalars: Int, minimumLength: Int) {
        var keep = scalars >= minimumLength
        if keep, let stopWords {
            keep = buffer.bytes.withUnsafeBufferPointer { all in
                stopWords.id(of: UnsafeBufferPointer(rebasing: all[start...])) == nil
            }
        }
        if keep {
            buffer.starts.append(start)
            buffer.ends.append(buffer.bytes.count)
        } else {
            buffer.bytes.removeSubrange((start > 0 ? start - 1 : 0)...)
        }
    }

    /// The tokens of `text`, as strings (for tests and explanations; not the hot path).
    public func tokens(of text: String) -> [String] {
        var buffer = TokenBuffer()
        var copy = text
        copy.withUTF8 { tokenize($0, into: &buffer) }
        return (0 ..< buffer.count).map { buffer.token($0) }
    }
}

/// The tokens of one document: their bytes back to back, separated by one space, so that the
/// word n-gram `i ..< i + n` is the contiguous byte range `starts[i] ..< ends[i + n - 1]`.
public struct TokenBuffer: Sendable {
    /// Token bytes separated by single spaces.
    public var bytes: [UInt8] = []
    /// Start offset of each token in `bytes`.
    public var starts: [Int] = []
    /// End offset (exclusive) of each token in `bytes`.
    public var ends: [Int] = []

    /// An empty buffer.
    public init() {}

    /// The number of tokens.
    public var count: Int { starts.count }

    /// Token `index` as a string.
    public func token(_ index: Int) -> String {
        String(decoding: bytes[starts[index] ..< ends[index]], as: UTF8.self)
    }

    /// Empties the buffer, keeping its capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Appends the separator if needed and returns where the next token starts.
    @inline(__always)
    mutating func beginToken() -> Int {
        if !bytes.isEmpty { bytes.append(0x20) }
        return bytes.count
    }
}
