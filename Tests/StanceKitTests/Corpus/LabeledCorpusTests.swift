import Testing

@testable import StanceKit

@Suite struct LabeledCorpusTests {
    let corpus = LabeledCorpus(
        texts: TextBatch(["one", "two", "three", "four"]),
        labels: ["b", "é", "B", "b"], lines: [1, 2, 4, 5]
    )

    @Test("classes are distinct and sorted by UTF-8 bytes")
    func classes() {
        #expect(corpus.classes == ["B", "b", "é"])
        #expect(LabeledCorpus().classes.isEmpty)
    }

    @Test("subset keeps texts, labels and lines together, in the order given")
    func subset() {
        let part = corpus.subset([3, 0, 2])
        #expect(part.textStrings == ["four", "one", "three"])
        #expect(part.labels == ["b", "b", "B"])
        #expect(part.lines == [5, 1, 4])
    }

    @Test("appending merges documents and skipped counts")
    func appending() throws {
        let other = LabeledCorpus(texts: TextBatch(["five"]), labels: ["c"], lines: [9], skipped: 2)
        let merged = corpus.appending(other)
        #expect(merged.count == 5)
        #expect(merged.textStrings == ["one", "two", "three", "four", "five"])
        #expect(merged.labels == corpus.labels + ["c"])
        #expect(merged.lines == [1, 2, 4, 5, 9])
        #expect(merged.skipped == 2)
        #expect(LabeledCorpus().appending(corpus) == corpus)
    }
}
