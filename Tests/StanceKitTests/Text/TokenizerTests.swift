import Testing
@testable import StanceKit

@Suite struct TokenizerTests {
    @Test("ASCII words are split on non-word bytes and lower-cased")
    func ascii() {
        let tokenizer = Tokenizer()
        #expect(tokenizer.tokens(of: "Putin and KIM_2 signed a pact, didn't they?")
            == ["putin", "and", "kim_2", "signed", "a", "pact", "didn", "t", "they"])
    }

    @Test("lower-casing can be turned off")
    func noLowercase() {
        let tokenizer = Tokenizer(options: .init(lowercase: false))
        #expect(tokenizer.tokens(of: "Seoul Condemned it") == ["Seoul", "Condemned", "it"])
    }

    @Test("accented, Cyrillic, Greek and CJK letters are word characters and lower-cased")
    func unicode() {
        let tokenizer = Tokenizer()
        #expect(tokenizer.tokens(of: "Élysée CONDENA Москва ΑΘΗΝΑ 北京市 café") == [
            "élysée", "condena", "москва", "αθηνα", "北京市", "café",
        ])
        #expect(tokenizer.tokens(of: "«Путин» — 24 года") == ["путин", "24", "года"])
    }

    @Test("invalid UTF-8 separates tokens and never crashes")
    func invalidUTF8() {
        let tokenizer = Tokenizer()
        var buffer = TokenBuffer()
        let bytes: [UInt8] = [0x61, 0x62, 0xFF, 0x63, 0xE2, 0x82, 0x64, 0xF4, 0x90, 0x80, 0x80, 0x65, 0xC0, 0xAF]
        bytes.withUnsafeBufferPointer { tokenizer.tokenize($0, into: &buffer) }
        #expect((0 ..< buffer.count).map { buffer.token($0) } == ["ab", "c", "d", "e"])
    }

    @Test("minimum token length 2 drops one-character tokens, as scikit-learn's token_pattern")
    func minimumLength() {
        let tokenizer = Tokenizer(options: .init(minimumTokenLength: 2))
        #expect(tokenizer.tokens(of: "I saw a UN vote on 5 May") == ["saw", "un", "vote", "on", "may"])
    }

    @Test("English stop words are removed after lower-casing")
    func stopWords() {
        let tokenizer = Tokenizer(options: .init(stopWords: .english))
        #expect(tokenizer.tokens(of: "The minister condemned THE strike") == ["minister", "condemned", "strike"])
        #expect(StopWords.english.words.count == 318)
    }

    @Test("word n-grams join tokens with one space, after stop-word removal")
    func wordNGrams() {
        let analyzer = Analyzer(options: .init(wordNGrams: 1 ... 2, stopWords: .english))
        #expect(analyzer.features(of: "Seoul condemned the deal") == [
            "seoul", "condemned", "deal", "seoul condemned", "condemned deal",
        ])
    }

    @Test("character n-grams within word boundaries follow scikit-learn's char_wb")
    func characterNGrams() {
        // sklearn: CountVectorizer(analyzer="char_wb", ngram_range=(2, 3)).build_analyzer()("ab ü")
        // -> [' a', 'ab', 'b ', ' ab', 'ab ', ' ü', 'ü ', ' ü ']
        let analyzer = Analyzer(options: .init(wordNGrams: 1 ... 1, characterNGrams: 2 ... 3))
        let features = analyzer.features(of: "ab ü").map(Analyzer.displayName)
        #expect(features == ["ab", "ü", "[ a]", "[ab]", "[b ]", "[ ab]", "[ab ]", "[ ü]", "[ü ]", "[ ü ]"])
    }

    @Test("empty and separator-only input give no tokens")
    func empty() {
        let tokenizer = Tokenizer()
        #expect(tokenizer.tokens(of: "").isEmpty)
        #expect(tokenizer.tokens(of: " ,.;!? \n\t").isEmpty)
    }
}
