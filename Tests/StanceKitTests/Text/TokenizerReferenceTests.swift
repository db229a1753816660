import Testing
@testable import StanceKit

/// The tokenizer's fast paths against plain references.
@Suite struct TokenizerReferenceTests {
    /// Tokens by Unicode scalars, one at a time: the rules `Tokenizer` documents, with none of
    /// its fast paths.
    static func reference(_ text: String, options: TokenizerOptions) -> [String] {
        let stopWords = Set(options.stopWords.words)
        var tokens: [String] = []
        var current = "", scalars = 0
        func finish() {
            if scalars >= options.minimumTokenLength && !stopWords.contains(current) { tokens.append(current) }
            current = ""
            scalars = 0
        }
        for scalar in text.unicodeScalars {
            if Tokenizer.isWord(scalar) {
                current += options.lowercase ? scalar.properties.lowercaseMapping : String(scalar)
                scalars += 1
            } else if scalars > 0 {
                finish()
            }
        }
        if scalars > 0 { finish() }
        return tokens
    }

    @Test("the eight-byte classification marks exactly the ASCII table's word bytes, at every position")
    func asciiWord() {
        for byte in UInt64(0) ..< 128 {
            for position in UInt64(0) ..< 8 {
                // The byte at `position`, surrounded by a word byte and a separator.
                let filler: UInt64 = position % 2 == 0 ? 0x61 : 0x20
                var word: UInt64 = 0
                for k in UInt64(0) ..< 8 { word |= (k == position ? byte : filler) << (8 * k) }
                let mark = AsciiWord.wordBytes(word) >> (8 * position) & 0xFF
                #expect((mark == 0x80) == (Tokenizer.lowercaseTable[Int(byte)] != 0), "byte \(byte) at \(position)")
                let lowered = AsciiWord.lowercased(word) >> (8 * position) & 0xFF
                let expected = Tokenizer.lowercaseTable[Int(byte)] != 0 ? UInt64(Tokenizer.lowercaseTable[Int(byte)]) : byte
                #expect(lowered == expected, "byte \(byte) at \(position)")
            }
        }
    }

    @Test("long texts tokenize as the reference does, 64-byte blocks and their boundaries included")
    func blocks() {
        // Mostly ASCII, so most 64-byte blocks take the block path: tokens of 1 to 150 bytes
        // that start, end or run through a block boundary at every offset, separator runs, and
        // now and then a non-ASCII letter or separator that sends a block to the byte path.
        var generator = SplitMix64(seed: 29)
        let optionSets = [TokenizerOptions(), TokenizerOptions(lowercase: false), TokenizerOptions(minimumTokenLength: 2, stopWords: .english)]
        let letters = Array("abcXYZ019_".unicodeScalars)
        let separators = [" ", ", ", ".", "\t", "  --  ", "\n"]
        let rare = ["é", "Ω", "北", "—", "«", "ẞ"]
        for round in 0 ..< 300 {
            var text = ""
            while text.utf8.count < 60 + Int(generator.next() % 700) {
                let length = generator.next() % 8 == 0 ? 1 + Int(generator.next() % 150) : 1 + Int(generator.next() % 12)
                for _ in 0 ..< length { text.unicodeScalars.append(letters[Int(generator.next() % UInt64(letters.count))]) }
                text += separators[Int(generator.next() % UInt64(separators.count))]
                if generator.next() % 16 == 0 { text += rare[Int(generator.next() % UInt64(rare.count))] }
                if generator.next() % 10 == 0 { text += "the " }
            }
            for options in optionSets {
                #expect(Tokenizer(options: options).tokens(of: text) == Self.reference(text, options: options),
                        "round \(round): \(text.debugDescription)")
            }
        }
    }

    @Test("random text of ASCII runs, punctuation and non-ASCII letters tokenizes as the reference does")
    func randomText() {
        let pieces = ["a", "Bb", "word", "Putin", "KIM_2", "x9", "ÉLYSÉE", "café", "Москва", "北京", "ǅ", "İ", "ß",
                      " ", ",", ".", "—", "  ", "\t", "'", "\n", "«", "1", "_", "The", "and", "ZZZZZZZZZZZZ"]
        var generator = SplitMix64(seed: 17)
        let optionSets = [
            TokenizerOptions(), TokenizerOptions(lowercase: false), TokenizerOptions(minimumTokenLength: 2),
            TokenizerOptions(minimumTokenLength: 2, stopWords: .english),
        ]
        for round in 0 ..< 400 {
            var text = ""
            for _ in 0 ..< Int(generator.next() % 40) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            for options in optionSets {
                #expect(Tokenizer(options: options).tokens(of: text) == Self.reference(text, options: options),
                        "round \(round): \(text.debugDescription)")
            }
        }
    }
}
