import Testing
@testable import StanceKit

@Suite struct VocabularyTests {
    @Test("insert returns stable dense ids; lookups find them; growth keeps them")
    func insertAndFind() {
        var vocabulary = Vocabulary(capacity: 4)
        let words = (0 ..< 5000).map { "term\($0)" }
        for (i, word) in words.enumerated() {
            var copy = word
            let id = copy.withUTF8 { vocabulary.insert($0) }
            #expect(Int(id) == i)
        }
        for (i, word) in words.enumerated() { #expect(vocabulary.id(of: word) == Int32(i)) }
        #expect(vocabulary.id(of: "absent") == nil)
        #expect(vocabulary.count == 5000)
        #expect(vocabulary.term(4321) == "term4321")
    }

    @Test("sorting follows UTF-8 byte order, as Python's sorted() on str")
    func sortOrder() {
        let vocabulary = Vocabulary(terms: ["b", "a b", "ab", "é", "a", "Z", "z", ""])
        let sorted = vocabulary.idsSortedByTerm().map { vocabulary.term(Int($0)) }
        #expect(sorted == ["", "Z", "a", "a b", "ab", "b", "z", "é"])
        #expect(vocabulary.selecting(vocabulary.idsSortedByTerm()).terms == sorted)
    }
}

@Suite struct VectorizerTests {
    let texts = TextBatch(["a b b c", "b c d", "c d e e e", "x"])

    @Test("counts: every row holds the term counts, columns sorted")
    func counts() throws {
        let (vectorizer, matrix) = try Vectorizer.fit(texts, options: .init(weighting: .counts))
        #expect(vectorizer.vocabulary.terms == ["a", "b", "c", "d", "e", "x"])
        #expect(matrix.dense()[0] == [1, 2, 1, 0, 0, 0])
        #expect(matrix.dense()[2] == [0, 0, 1, 1, 3, 0])
        #expect(vectorizer.idf.isEmpty)
    }

    @Test("binary: presence only; transform ignores unknown terms")
    func binaryAndTransform() throws {
        let (vectorizer, _) = try Vectorizer.fit(texts, options: .init(weighting: .binary))
        let matrix = vectorizer.transform(["e e unknown b"])
        #expect(matrix.dense()[0] == [0, 1, 0, 0, 1, 0])
    }

    @Test("l1 and l2 norms scale rows to unit length")
    func norms() throws {
        let (_, l2) = try Vectorizer.fit(texts)
        for row in l2.dense() { #expect(abs(row.map { Double($0 * $0) }.reduce(0, +) - 1) < 1e-6) }
        let (_, l1) = try Vectorizer.fit(texts, options: .init(weighting: .counts, norm: .l1))
        for row in l1.dense() { #expect(abs(row.map(Double.init).reduce(0, +) - 1) < 1e-6) }
    }

    @Test("min_df, max_df and max_features prune as scikit-learn does")
    func pruning() throws {
        let (minDF, _) = try Vectorizer.fit(texts, options: .init(minDF: 2))
        #expect(minDF.vocabulary.terms == ["b", "c", "d"])
        let (maxDF, _) = try Vectorizer.fit(texts, options: .init(maxDF: 0.5))
        #expect(maxDF.vocabulary.terms == ["a", "b", "d", "e", "x"])
        // b, c and e all occur 3 times: the tie goes to the terms that sort first.
        let (top, _) = try Vectorizer.fit(texts, options: .init(maxFeatures: 2))
        #expect(top.vocabulary.terms == ["b", "c"])
        let (top1, _) = try Vectorizer.fit(TextBatch(["a b b", "e e e", "b"]), options: .init(maxFeatures: 1))
        #expect(top1.vocabulary.terms == ["b"])
    }

    @Test("pruning everything and tokenless input are errors with a fix")
    func errors() {
        #expect(throws: VectorizerError.emptyVocabularyAfterPruning(minDF: 9, maxDF: 1, documents: 4)) {
            try Vectorizer.fit(texts, options: .init(minDF: 9))
        }
        #expect(throws: VectorizerError.noTokens) { try Vectorizer.fit(TextBatch(["...", "!"])) }
        #expect(VectorizerError.emptyVocabularyAfterPruning(minDF: 9, maxDF: 1, documents: 4).description
            .hasSuffix("try a lower --min-df or a higher --max-df"))
        #expect(throws: VectorizerError.self) { try Vectorizer.fit(texts, options: .init(maxDF: 0)) }
    }
}
