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

    /// For each ASCII byte: 0 for a separator, else the byte as written into a token (lower-cased
    /// when `lowercase`). Letters, digits and `_` are word bytes.
    static func asciiTable(lowercase: Bool) -> [UInt8] {
        (0 ..< 128).map { b -> UInt8 in
            let isWord = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
            guard isWord else { return 0 }
            return lowercase && b >= 0x41 && b <= 0x5A ? UInt8(b | 0x20) : UInt8(b)
        }
    }

    static let lowercaseTable = asciiTable(lowercase: true)
    static let caseKeepingTable = asciiTable(lowercase: false)

    /// Whether `scalar` is a word character (Python's `\w` for str patterns).
    @inline(__always)
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
    ///
    /// The output is written through pointers into buffers sized for the worst case up front:
    /// a token byte is written once (lower-casing never more than doubles a non-ASCII scalar's
    /// bytes) plus one separator per token, so `3 * text.count + 16` bytes always suffice.
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout TokenBuffer) {
        let n = text.count
        buffer.prepare(byteCapacity: Tokenizer.byteCapacity(for: n), tokenCapacity: n / 2 + 2)
        var tokens = 0
        let written = buffer.bytes.withUnsafeMutableBufferPointer { out in
            buffer.starts.withUnsafeMutableBufferPointer { starts in
                buffer.ends.withUnsafeMutableBufferPointer { ends in
                    scan(text, into: out.baseAddress!) { start, end in
                        starts[tokens] = start
                        ends[tokens] = end
                        tokens += 1
                    }
                }
            }
        }
        buffer.byteCount = written
        buffer.count = tokens
    }

    /// The bytes `scan` may write for a text of `count` bytes.
    @inline(__always)
    static func byteCapacity(for count: Int) -> Int { 3 * count + 16 }

    /// Tokenizes `text` into `out`, which has room for `byteCapacity(for: text.count)` bytes:
    /// the kept tokens' bytes, separated by single spaces. Calls `emit` with each kept token's
    /// byte range in `out`, in order, and returns the bytes written.
    @inline(__always)
    func scan(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, _ emit: (Int, Int) -> Void) -> Int {
        let n = text.count
        let lowercase = options.lowercase
        let minimumLength = options.minimumTokenLength
        let table = lowercase ? Tokenizer.lowercaseTable : Tokenizer.caseKeepingTable
        var written = 0
        table.withUnsafeBufferPointer { table in
            var tokenStart = -1
            var scalars = 0
            @inline(__always) func finish() {
                var keep = scalars >= minimumLength
                if keep, let stopWords {
                    keep = stopWords.id(of: UnsafeBufferPointer(start: out + tokenStart, count: written - tokenStart)) == nil
                }
                if keep {
                    emit(tokenStart, written)
                } else {
                    written = tokenStart > 0 ? tokenStart - 1 : 0
                }
                tokenStart = -1
            }
            @inline(__always) func begin() {
                if written > 0 {
                    out[written] = 0x20
                    written += 1
                }
                tokenStart = written
                scalars = 0
            }
            var i = 0
            let base = text.baseAddress
            while i < n {
                // 64 ASCII bytes at once: a bit per byte marks the word bytes (`AsciiWord`, each
                // word's eight marks packed by one multiply), and the tokens are the runs of set
                // bits, found with bit operations. The loops then branch once per token and once
                // per block, where the 8-byte steps below branched on each token's boundaries
                // within each word. The copies read 8 bytes past a run, so a block needs 72
                // readable bytes.
                if i + 72 <= n, let base {
                    let raw = UnsafeRawPointer(base + i)
                    var any: UInt64 = 0, mask: UInt64 = 0
                    for k in 0 ..< 8 {
                        let word = raw.loadUnaligned(fromByteOffset: 8 &* k, as: UInt64.self)
                        any |= word
                        mask |= ((AsciiWord.wordBytes(word) >> 7 &* AsciiWord.packBits) >> 56) << UInt64(8 &* k)
                    }
                    if AsciiWord.isASCII(any) {
                        // Bytes `from ..< to` of the block (one run of word bytes, `to > from`)
                        // appended to the open token: 8 at a time, each store possibly writing
                        // past the run into room the capacity bound leaves.
                        @inline(__always) func append(_ from: Int, _ to: Int) {
                            var k = from
                            let target = out + (written &- from)
                            repeat {
                                let word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                                UnsafeMutableRawPointer(target + k).storeBytes(of: lowercase ? AsciiWord.lowercased(word) : word, as: UInt64.self)
                                k &+= 8
                            } while k < to
                            written &+= to &- from
                            scalars &+= to &- from
                        }
                        // A token starts at a word byte after a non-word byte, and ends at a
                        // non-word byte after a word byte; a token open before the block counts
                        // as a word byte before it. Starts and ends alternate.
                        let before = mask << 1 | (tokenStart >= 0 ? 1 : 0)
                        var starts = mask & ~before
                        var ends = ~mask & before
                        if tokenStart >= 0 {
                            guard ends != 0 else {
                                append(0, 64)
                                i &+= 64
                                continue
                            }
                            let end = ends.trailingZeroBitCount
                            ends &= ends &- 1
                            if end > 0 { append(0, end) }
                            finish()
                        }
                        while starts != 0 {
                            let start = starts.trailingZeroBitCount
                            starts &= starts &- 1
                            begin()
                            if ends != 0 {
                                let end = ends.trailingZeroBitCount
                                ends &= ends &- 1
                                append(start, end)
                                finish()
                            } else {
                                append(start, 64)
                            }
                        }
                        i &+= 64
                        continue
                    }
                }
                // Up to 64 bytes (the block's) eight or one at a time.
                let stop = min(n, i &+ 64)
                while i < stop {
                    // Eight ASCII bytes at once (`AsciiWord`): each run of word bytes is one 8-byte
                    // copy and a scan of bit masks, not a table lookup and a branch per byte.
                    if i + 8 <= n, let base {
                        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                        if AsciiWord.isASCII(word) {
                            let marks = AsciiWord.wordBytes(word)
                            let mapped = lowercase ? AsciiWord.lowercased(word) : word
                            var j: UInt64 = 0
                            while j < 8 {
                                if tokenStart < 0 {
                                    let next = marks >> (8 &* j)
                                    guard next != 0 else { break }
                                    j &+= UInt64(next.trailingZeroBitCount >> 3)
                                    begin()
                                }
                                let rest = marks >> (8 &* j)
                                // The open token's bytes from j on: the copy may write up to 8 bytes
                                // past them, into room the capacity bound leaves (and that the next
                                // token overwrites).
                                let run = min(8 &- j, UInt64((~rest & AsciiWord.high).trailingZeroBitCount >> 3))
                                UnsafeMutableRawPointer(out + written).storeBytes(of: mapped >> (8 &* j), as: UInt64.self)
                                written &+= Int(run)
                                scalars &+= Int(run)
                                j &+= run
                                if j < 8 {
                                    finish()
                                    j &+= 1
                                }
                            }
                            i &+= 8
                            continue
                        }
                    }
                    let b = text[i]
                    if b < 0x80 {
                        let mapped = table[Int(b)]
                        if mapped != 0 {
                            if tokenStart < 0 { begin() }
                            out[written] = mapped
                            written += 1
                            scalars += 1
                        } else if tokenStart >= 0 {
                            finish()
                        }
                        i += 1
                        continue
                    }
                    let (decoded, length) = UTF8Decoding.decode(text, at: i)
                    if let scalar = decoded, Tokenizer.isWord(scalar) {
                        if tokenStart < 0 { begin() }
                        if lowercase && scalar.properties.changesWhenLowercased {
                            for byte in scalar.properties.lowercaseMapping.utf8 {
                                out[written] = byte
                                written += 1
                            }
                        } else {
                            for k in 0 ..< length { out[written + k] = text[i + k] }
                            written += length
                        }
                        scalars += 1
                    } else if tokenStart >= 0 {
                        finish()
                    }
                    i += length
                }
            }
            if tokenStart >= 0 { finish() }
        }
        return written
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
/// The arrays are kept at their largest size between documents; `byteCount` and `count` say
/// how much of them is in use.
public struct TokenBuffer: Sendable {
    /// Token bytes separated by single spaces (valid up to `byteCount`).
    public internal(set) var bytes: [UInt8] = []
    /// Start offset of each token in `bytes` (valid up to `count`).
    public internal(set) var starts: [Int] = []
    /// End offset (exclusive) of each token in `bytes` (valid up to `count`).
    public internal(set) var ends: [Int] = []
    /// Bytes in use.
    public internal(set) var byteCount = 0
    /// The number of tokens.
    public internal(set) var count = 0

    /// An empty buffer.
    public init() {}

    /// Token `index` as a string.
    public func token(_ index: Int) -> String {
        precondition(index >= 0 && index < count, "token \(index) out of 0..<\(count)")
        return String(decoding: bytes[starts[index] ..< ends[index]], as: UTF8.self)
    }

    /// Makes the buffer hold exactly one token, `token`.
    mutating func setSingleToken(_ token: [UInt8]) {
        prepare(byteCapacity: token.count, tokenCapacity: 1)
        bytes.replaceSubrange(0 ..< token.count, with: token)
        starts[0] = 0
        ends[0] = token.count
        byteCount = token.count
        count = 1
    }

    /// Empties the buffer and makes room for `byteCapacity` bytes and `tokenCapacity` tokens.
    mutating func prepare(byteCapacity: Int, tokenCapacity: Int) {
        if bytes.count < byteCapacity { bytes = [UInt8](repeating: 0, count: max(byteCapacity, bytes.count * 2)) }
        if starts.count < tokenCapacity {
            let size = max(tokenCapacity, starts.count * 2)
            starts = [Int](repeating: 0, count: size)
            ends = [Int](repeating: 0, count: size)
        }
        byteCount = 0
        count = 0
    }
}
