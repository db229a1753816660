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

    @Test("padded lookups and inserts agree with the plain ones, whatever follows the bytes")
    func paddedLookups() {
        // Terms of 1-40 bytes that share long prefixes and differ only in one byte past the
        // first eight; each is read from a buffer whose following bytes are garbage. The hash
        // given is the length's alone, so every term of a length collides with the others and
        // the slot's key and the bytes past it decide.
        var terms: [[UInt8]] = []
        for length in 1 ... 40 {
            let base = (0 ..< length).map { UInt8(0x61 + $0 % 26) }
            terms.append(base)
            for position in [length - 1, length / 2, 8, 9, 15, 16] where position >= 0 && position < length {
                var variant = base
                variant[position] = 0x30 &+ UInt8(position % 10)
                if !terms.contains(variant) { terms.append(variant) }
            }
        }
        var plain = Vocabulary(capacity: 4), padded = Vocabulary(capacity: 4)
        for (pass, term) in (terms + terms).enumerated() {
            var buffer = term + [UInt8](repeating: pass % 2 == 0 ? 0xFF : 0x61, count: 16)
            let hash = ByteHash.fmix(UInt64(term.count))
            let expected = term.withUnsafeBufferPointer { plain.insert($0, hash: hash) }
            let (inserted, found) = buffer.withUnsafeMutableBufferPointer { buffer -> (Int32, Int32) in
                let base = UnsafePointer(buffer.baseAddress!)
                return (padded.insert(padded: base, count: term.count, hash: hash), padded.id(padded: base, count: term.count, hash: hash))
            }
            #expect(inserted == expected && found == expected, "term \(String(decoding: term, as: UTF8.self))")
            // A longer term with the same start, absent or not, is what the plain lookup says.
            let longer = term + [0x7A]
            let longerHash = ByteHash.fmix(UInt64(longer.count))
            var longerBuffer = longer + [UInt8](repeating: 0xFF, count: 16)
            let plainLonger = longer.withUnsafeBufferPointer { plain.id(of: $0, hash: longerHash) }
            let paddedLonger = longerBuffer.withUnsafeMutableBufferPointer {
                padded.id(padded: UnsafePointer($0.baseAddress!), count: longer.count, hash: longerHash)
            }
            #expect(paddedLonger == plainLonger)
        }
        #expect(padded.count == terms.count && plain.count == terms.count)
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
