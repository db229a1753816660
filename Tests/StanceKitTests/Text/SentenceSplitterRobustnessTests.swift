import Foundation
import StanceKit
import Testing

/// Inputs no table lists: random bytes, random mixes of the hard pieces, huge inputs, timing.
@Suite struct SentenceSplitterRobustnessTests {
    /// SplitMix64 (Steele, Lea and Flood 2014): the seeded generator for every random input here.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    let splitter = SentenceSplitter()

    /// Checks what must hold for any input: exact offsets, trimmed non-empty sentences, and no
    /// text lost (the input's non-space scalars are exactly the sentences' non-space scalars).
    func checkInvariants(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let sentences = splitter.split(text)
        #expect(SplitterCase.offsetsAreExact(sentences, in: text), sourceLocation: sourceLocation)
        for sentence in sentences {
            let trimmed = sentence.text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!trimmed.isEmpty, sourceLocation: sourceLocation)
        }
        func visible(_ scalars: String.UnicodeScalarView) -> [Unicode.Scalar] {
            scalars.filter { !$0.properties.isWhitespace && $0 != "\u{200B}" && $0 != "\u{FEFF}" }
        }
        let kept = sentences.flatMap { visible($0.text.unicodeScalars) }
        #expect(kept == visible(text.unicodeScalars), "text was lost or duplicated", sourceLocation: sourceLocation)
    }

    @Test("empty and white-space-only input give no sentences")
    func emptyInputs() {
        for text in ["", " ", "\n\n\n", "\t \r\n \u{00A0}\u{3000}\u{2029}", "\u{FEFF}"] {
            #expect(splitter.split(text).isEmpty)
        }
    }

    @Test("random bytes never crash and keep every scalar", arguments: 0 ..< 8)
    func randomBytes(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        for _ in 0 ..< 50 {
            let length = Int.random(in: 0 ... 400, using: &generator)
            let bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
            checkInvariants(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("random mixes of the hard pieces keep every scalar", arguments: 0 ..< 8)
    func randomPieces(seed: UInt64) {
        let pieces = [
            "word", "Word", " ", " ", "\n", "\n\n", "\r\n", ".", ". ", "?", "!", "?!", "...", "…", "“", "”", "\"",
            "'", "(", ")", "Mr.", "U.S.", "e.g.", "a.m.", "etc.", "3.5", "$1.5", "J.", "pic.twitter.com/x",
            "https://example.com/a.b", "— ", "- ", "1. ", "• ", "(@handle)", "June 20, 2024", "é", "🕵️", "。",
            "\u{00A0}", "\u{2028}", "\t", "By ", "Photo: ", "Subscribe now",
        ]
        var generator = SplitMix64(state: 1000 + seed)
        for _ in 0 ..< 50 {
            let count = Int.random(in: 0 ... 80, using: &generator)
            let text = (0 ..< count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            checkInvariants(text)
        }
    }

    @Test("1 MB without punctuation is one sentence per paragraph")
    func megabyteWithoutPunctuation() {
        let line = String(repeating: "lorem ipsum dolor sit amet ", count: 3)  // 81 scalars, lower case
        let oneLine = String(repeating: "lorem ipsum ", count: 90_000)
        #expect(splitter.split(oneLine).count == 1)
        let wrapped = Array(repeating: line, count: 13_000).joined(separator: "\n")
        let sentences = splitter.split(wrapped)
        #expect(sentences.count == 1)
        #expect(sentences.first?.end == wrapped.unicodeScalars.count - 1)
    }

    @Test("pathological inputs stay linear", arguments: [
        "x.Ab,", "a.", "Mr. ", "... ", "?!", "U.S.", ".\"", "(((", "a\n", "Word. ", "pic.twitter.com/", "— @x) 2024 ",
    ])
    func pathological(piece: String) {
        let text = String(repeating: piece, count: 200_000 / piece.utf8.count)
        let clock = ContinuousClock()
        var sentences: [Sentence] = []
        let elapsed = clock.measure { sentences = splitter.split(text) }
        #expect(sentences.count <= text.unicodeScalars.count)
        #expect(elapsed < .seconds(20), "200 kB of \(piece.debugDescription) took \(elapsed)")
    }

    @Test("10 MB of article text splits in well under a second (release builds)")
    func throughput() throws {
        let url = SentenceSplitterSeedTests.packageRoot.appendingPathComponent("seeds/000_ff11f20161483f68.txt")
        let article = try String(contentsOf: url, encoding: .utf8)
        #if DEBUG
        let copies = 100  // ~0.4 MB: a debug build is ~20x slower, so only correctness is checked
        #else
        let copies = 2_700  // ~10 MB
        #endif
        let text = Array(repeating: article, count: copies).joined(separator: "\n")
        let clock = ContinuousClock()
        var sentences: [Sentence] = []
        let elapsed = clock.measure { sentences = splitter.split(text) }
        #expect(sentences.count == copies * SentenceSplitterSeedTests.expected.count)
        #if !DEBUG
        #expect(elapsed < .seconds(1), "10 MB took \(elapsed)")
        #endif
        _ = elapsed
    }
}
