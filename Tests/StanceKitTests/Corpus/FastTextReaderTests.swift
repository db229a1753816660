import Foundation
import Testing

@testable import StanceKit

@Suite struct FastTextReaderTests {
    let fixture: CorpusFixture
    init() throws { fixture = try CorpusFixture() }

    @Test("reads __label__ lines")
    func happyPath() throws {
        let corpus = try fixture.read("a.ft", "__label__support We back it.\n\n__label__condemnation\tThis is wrong.\r\n")
        #expect(corpus.labels == ["support", "condemnation"])
        #expect(corpus.textStrings == ["We back it.", "This is wrong."])
        #expect(corpus.lines == [1, 3])
    }

    @Test("a multi-label line takes its first label; later __label__ tokens in the text stay text")
    func multiLabel() throws {
        let corpus = try fixture.read("m.fasttext", "__label__a __label__b  __label__c text about __label__d\n")
        #expect(corpus.labels == ["a"])
        #expect(corpus.textStrings == ["text about __label__d"])
    }

    @Test("a line without __label__")
    func missingLabel() throws {
        let message = try fixture.failure("bad.ft", "__label__a fine\nsupport We back it.\n")
        #expect(message == "\(fixture.directory)/bad.ft:2: expected \"__label__NAME text\", found no __label__ "
            + "prefix; start the line with its class as __label__NAME")
    }

    @Test("an empty label and an empty text")
    func emptyParts() throws {
        let label = try fixture.failure("l.ft", "__label__ text\n")
        #expect(label == "\(fixture.directory)/l.ft:1: empty label; give every example a class name as its label")
        let text = try fixture.failure("t.ft", "__label__a __label__b\n")
        #expect(text == "\(fixture.directory)/t.ft:1: empty text; "
            + "give every example some text after its label, or remove the line")
    }
}
