import Foundation
import StanceKit
import Testing

@Suite struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    // MARK: - The shared table

    @Test("the case table loads and covers every phenomenon")
    func tableLoads() throws {
        let cases = try SplitterCase.loaded.get()
        #expect(cases.count >= 80)
        let groups = Set(cases.map(\.group))
        for group in ["titles", "months", "acronyms", "latin", "companies", "time", "initials", "numbers", "links",
            "ellipsis", "question-exclamation", "quotes-brackets", "dashes", "lines", "lowercase-start", "glued",
            "non-content", "unicode", "edges"]
        {
            #expect(groups.contains(group), "no case in group \(group)")
        }
        #expect(Set(cases.map(\.testDescription)).count == cases.count, "case names repeat within a group")
    }

    @Test("sentences match the table", arguments: SplitterCase.all)
    func sentences(_ testCase: SplitterCase) {
        let sentences = splitter.split(testCase.input)
        #expect(sentences.map(\.text) == testCase.expected)
    }

    @Test("offsets are the input's scalars start..<end", arguments: SplitterCase.all)
    func offsets(_ testCase: SplitterCase) {
        let sentences = splitter.split(testCase.input)
        #expect(SplitterCase.offsetsAreExact(sentences, in: testCase.input))
    }

    @Test("kinds match the table (content where none is given)", arguments: SplitterCase.all)
    func kinds(_ testCase: SplitterCase) {
        let sentences = splitter.split(testCase.input)
        let expected = testCase.kinds ?? Array(repeating: ContentKind.content.rawValue, count: testCase.expected.count)
        #expect(sentences.map(\.kind.rawValue) == expected)
    }

    // MARK: - Offsets by hand

    @Test("offsets count Unicode scalars, not bytes or characters")
    func scalarOffsets() {
        // "é" is one scalar and two bytes; "🕵️" is two scalars (U+1F575 U+FE0F) and one character.
        let sentences = splitter.split("  Café 🕵️ ok.  Next one. ")
        #expect(sentences == [
            Sentence(text: "Café 🕵️ ok.", start: 2, end: 13, kind: .content),
            Sentence(text: "Next one.", start: 15, end: 24, kind: .content),
        ])
    }

    // MARK: - Options

    @Test("lowercaseStartsSentence off keeps a lower-case word with the sentence before it")
    func lowercaseOption() {
        let options = SentenceSplitter.Options(lowercaseStartsSentence: false)
        let text = "The talks ended. the ministry said nothing."
        #expect(SentenceSplitter(options: options).split(text).map(\.text) == [text])
        #expect(splitter.split(text).count == 2)
    }

    @Test("splitsGluedSentences off keeps word.Word together")
    func gluedOption() {
        let options = SentenceSplitter.Options(splitsGluedSentences: false)
        let text = "The talks ended.The ministry said nothing."
        #expect(SentenceSplitter(options: options).split(text).map(\.text) == [text])
    }

    @Test("shortLineLength 0 lets a short line run on into the next")
    func shortLineOption() {
        let options = SentenceSplitter.Options(shortLineLength: 0)
        let text = "Key facts\nthe pact has 23 articles."
        #expect(SentenceSplitter(options: options).split(text).map(\.text) == [text])
        #expect(splitter.split(text).map(\.text) == ["Key facts", "the pact has 23 articles."])
    }

    @Test("detectsHeadings off labels a heading as content but still ends it")
    func headingOption() {
        let text = "North Korea Signs a Pact\nThe leaders met."
        let plain = SentenceSplitter(options: .init(detectsHeadings: false)).split(text)
        #expect(plain.map(\.kind) == [.content, .content])
        #expect(splitter.split(text).map(\.kind) == [.heading, .content])
    }

    @Test("extra abbreviations never end a sentence")
    func extraAbbreviations() {
        let text = "It costs Rs. 500 in Delhi. Prices vary."
        #expect(splitter.split(text).count == 3)
        let options = SentenceSplitter.Options(extraAbbreviations: ["Rs"])
        #expect(SentenceSplitter(options: options).split(text).map(\.text) == ["It costs Rs. 500 in Delhi.", "Prices vary."])
        #expect(SentenceSplitter(options: options).split("The rs. 500 fee.").count == 2, "a capitalised entry matches only capitals")
    }

    // MARK: - Comparison export

    /// Writes every case's sentences as JSON to `$STANCE_SPLITTER_DUMP` for
    /// `scripts/compare-splitters.py`; skipped unless that variable is set.
    @Test(
        "export sentences for compare-splitters.py",
        .enabled(if: ProcessInfo.processInfo.environment["STANCE_SPLITTER_DUMP"] != nil))
    func export() throws {
        let path = try #require(ProcessInfo.processInfo.environment["STANCE_SPLITTER_DUMP"])
        let rows: [[String: [String]]] = try SplitterCase.loaded.get().map { testCase in
            let sentences = splitter.split(testCase.input)
            return ["name": [testCase.testDescription], "sentences": sentences.map(\.text), "kinds": sentences.map(\.kind.rawValue)]
        }
        let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}
