/// Turns a document into its features: word n-grams over the tokens, plus optional character
/// n-grams within word boundaries.
///
/// Word n-gram `n` over tokens `t_i ... t_(i+n-1)` is their bytes joined by single spaces, as
/// scikit-learn's `_word_ngrams` joins them; stop words are removed before n-grams are formed.
/// Character n-grams are marked with a leading byte 0x01 so they never collide with a word.
public struct Analyzer: Sendable {
    /// The tokenizer.
    public let tokenizer: Tokenizer

    /// The prefix byte of a character n-gram feature.
    public static let characterNGramMarker: UInt8 = 0x01

    /// An analyzer applying `options`.
    public init(options: TokenizerOptions = .init()) {
        tokenizer = Tokenizer(options: options)
    }

    /// The options this analyzer applies.
    public var options: TokenizerOptions { tokenizer.options }

    /// Calls `body` with the bytes of every feature of `text`, in order (n-grams by increasing
    /// n, then character n-grams). `scratch` is reused across calls to avoid allocation.
    @inlinable
    public func forEachFeature(
        in text: UnsafeBufferPointer<UInt8>, scratch: inout AnalyzerScratch,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        tokenizer.tokenize(text, into: &scratch.tokens)
        let count = scratch.tokens.count
        let range = tokenizer.options.wordNGrams
        scratch.tokens.bytes.withUnsafeBufferPointer { bytes in
            scratch.tokens.starts.withUnsafeBufferPointer { starts in
                scratch.tokens.ends.withUnsafeBufferPointer { ends in
                    for n in range where n <= count {
                        for i in 0 ... (count - n) {
                            body(UnsafeBufferPointer(rebasing: bytes[starts[i] ..< ends[i + n - 1]]))
                        }
                    }
                }
            }
        }
        if let characterRange = tokenizer.options.characterNGrams {
            forEachCharacterNGram(range: characterRange, scratch: &scratch, body)
        }
    }

    /// Character n-grams of each token padded with spaces, as scikit-learn's `_char_wb_ngrams`:
    /// every window of n scalars of " token ", and a padded token shorter than n only once.
    @usableFromInline
    func forEachCharacterNGram(
        range: ClosedRange<Int>, scratch: inout AnalyzerScratch, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        for index in 0 ..< scratch.tokens.count {
            // Scalar boundaries of the padded token " t ".
            scratch.padded.removeAll(keepingCapacity: true)
            scratch.boundaries.removeAll(keepingCapacity: true)
            scratch.padded.append(0x20)
            let start = scratch.tokens.starts[index], end = scratch.tokens.ends[index]
            for offset in start ..< end {
                let byte = scratch.tokens.bytes[offset]
                if byte & 0xC0 != 0x80 { scratch.boundaries.append(scratch.padded.count) }
                scratch.padded.append(byte)
            }
            scratch.boundaries.insert(0, at: 0)
            scratch.boundaries.append(scratch.padded.count)
            scratch.padded.append(0x20)
            scratch.boundaries.append(scratch.padded.count)
            let scalarCount = scratch.boundaries.count - 1
            for n in range {
                var offset = 0
                repeat {
                    let from = scratch.boundaries[offset], to = scratch.boundaries[min(offset + n, scalarCount)]
                    scratch.gram.removeAll(keepingCapacity: true)
                    scratch.gram.append(Analyzer.characterNGramMarker)
                    scratch.gram.append(contentsOf: scratch.padded[from ..< to])
                    scratch.gram.withUnsafeBufferPointer { body($0) }
                    offset += 1
                } while offset + n <= scalarCount
                if scalarCount <= n { break }
            }
        }
    }

    /// The features of `text`, as strings (for tests and explanations; not the hot path).
    public func features(of text: String) -> [String] {
        var scratch = AnalyzerScratch()
        var result: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            forEachFeature(in: bytes, scratch: &scratch) { result.append(String(decoding: $0, as: UTF8.self)) }
        }
        return result
    }

    /// A feature's bytes shown to people: character n-grams as `[gram]`, words as they are.
    public static func displayName(_ term: String) -> String {
        guard term.utf8.first == characterNGramMarker else { return term }
        return "[" + String(term.unicodeScalars.dropFirst()) + "]"
    }
}

/// Reusable buffers for `Analyzer.forEachFeature`.
public struct AnalyzerScratch: Sendable {
    @usableFromInline var tokens = TokenBuffer()
    @usableFromInline var padded: [UInt8] = []
    @usableFromInline var boundaries: [Int] = []
    @usableFromInline var gram: [UInt8] = []

    /// Empty buffers.
    public init() {}
}
