import Foundation
import StanceKit
import Testing

/// Windows line endings: CRLF text splits exactly as LF text, and offsets still index the input
/// (the CR of each CRLF is one Unicode scalar).
@Suite struct SentenceSplitterCRLFTests {
    let splitter = SentenceSplitter()

    @Test("the seed article with CRLF gives the same sentences and kinds, offsets shifted by the CRs")
    func seedArticle() throws {
        let url = SentenceSplitterSeedTests.packageRoot.appendingPathComponent("seeds/000_ff11f20161483f68.txt")
        let lf = try String(contentsOf: url, encoding: .utf8)
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(crlf.unicodeScalars.count > lf.unicodeScalars.count)
        let expected = splitter.split(lf)
        let sentences = splitter.split(crlf)
        #expect(sentences.map(\.text) == expected.map(\.text))
        #expect(sentences.map(\.kind) == expected.map(\.kind))
        #expect(SplitterCase.offsetsAreExact(sentences, in: crlf))
        let scalars = Array(crlf.unicodeScalars)
        for (sentence, reference) in zip(sentences, expected) {
            let crsBefore = scalars[..<sentence.start].filter { $0 == "\r" }.count
            #expect(sentence.start == reference.start + crsBefore)
        }
        #expect(sentences.filter { !$0.isContent }.map(\.kind) == [.advertising, .socialAttribution, .socialAttribution])
    }

    @Test("a sentence hard-wrapped across CRLF lines stays one sentence with exact offsets")
    func wrapped() {
        let text = "The minister said that the talks on the new trade agreement\r\nwould resume on Monday in Geneva.\r\n\r\nA second paragraph follows here.\r\n"
        let sentences = splitter.split(text)
        #expect(sentences.map(\.text) == [
            "The minister said that the talks on the new trade agreement\r\nwould resume on Monday in Geneva.",
            "A second paragraph follows here.",
        ])
        #expect(sentences.map(\.start) == [0, 98])  // 59 + CRLF + 33 + two CRLFs
        #expect(SplitterCase.offsetsAreExact(sentences, in: text))
    }

    @Test("CRLF blank lines, short lines and lone CRs end sentences as LF does", arguments: [
        ("Breaking News\r\nThe summit ended.", ["Breaking News", "The summit ended."]),
        ("One.\r\n\r\n\r\nTwo.", ["One.", "Two."]),
        ("One.\rTwo.\rThree", ["One.", "Two.", "Three"]),
        ("\r\n\r\n  Only one sentence.  \r\n", ["Only one sentence."]),
    ])
    func lineBreaks(_ text: String, _ expected: [String]) {
        let sentences = splitter.split(text)
        #expect(sentences.map(\.text) == expected)
        #expect(SplitterCase.offsetsAreExact(sentences, in: text))
        let lf = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(splitter.split(lf).map(\.text) == expected)
    }
}
