import Testing
@testable import StanceKit

/// `NGramIndex` (word n-grams found by their words' ids) against the plain path: the same
/// vocabulary looked up by bytes (`DocumentTerms` without an index, and `TermCounter`).
@Suite struct NGramIndexTests {
    /// Options whose bigrams keep words that are no unigram feature (`maxDF`, `maxFeatures`),
    /// longer n-grams, and ranges that do not start at 1.
    static let variants: [VectorizerOptions] = [
        .init(tokenizer: .init(wordNGrams: 1 ... 1)),
        .init(tokenizer: .init(wordNGrams: 1 ... 2)),
        .init(tokenizer: .init(wordNGrams: 1 ... 2), maxDF: 0.2),
        .init(tokenizer: .init(wordNGrams: 1 ... 2), maxFeatures: 400),
        .init(tokenizer: .init(wordNGrams: 2 ... 2)),
        .init(tokenizer: .init(wordNGrams: 1 ... 3), minDF: 2, maxDF: 0.3),
        .init(tokenizer: .init(wordNGrams: 2 ... 4)),
        .init(tokenizer: .init(lowercase: false, wordNGrams: 3 ... 3, stopWords: .english), weighting: .counts),
    ]

    static let training = SyntheticCorpus.generate(megabytes: 0.08, seed: 11, vocabulary: 800).texts

    /// Training documents (whose n-grams are features), unseen ones, short and unusual ones.
    var texts: TextBatch {
        var batch = SyntheticCorpus.generate(megabytes: 0.04, seed: 12, vocabulary: 900).texts
        for i in 0 ..< 40 { batch.append(Self.training[i]) }
        for text in ["", " ", "a", "unknownword other", "the the the", "é É ü Ünïcode ß", "x y z x y z"] { batch.append(text) }
        return batch
    }

    func indexed(_ vectorizer: Vectorizer) throws -> Vectorizer {
        let terms = (0 ..< vectorizer.vocabulary.count).map { vectorizer.vocabulary.term($0) }
        guard case .index(let index) = built(terms, lengths: vectorizer.options.tokenizer.wordNGrams) else { throw IndexMissing() }
        return Vectorizer(options: vectorizer.options, vocabulary: vectorizer.vocabulary, idf: vectorizer.idf, ngramIndex: index)
    }

    struct IndexMissing: Error {}

    @Test("the index finds the same features as the bytes", arguments: 0 ..< variants.count)
    func sameRows(variant: Int) throws {
        let (vectorizer, _) = try Vectorizer.fit(Self.training, options: Self.variants[variant])
        let fast = try indexed(vectorizer)
        let plain = vectorizer.transform(texts)
        let found = fast.transform(texts)
        #expect(found.rowOffsets == plain.rowOffsets)
        #expect(found.columns == plain.columns)
        #expect(found.values.map(\.bitPattern) == plain.values.map(\.bitPattern))
        #expect(plain.columns.count > 0)
        // And against the plain counter (`TermCounter`), which shares nothing with either.
        var counter = TermCounter(vocabulary: vectorizer.vocabulary, growing: false)
        try counter.count(texts, analyzer: vectorizer.analyzer)
        var reference = counter.matrix(columnCount: vectorizer.vocabulary.count, remap: nil)
        vectorizer.weigh(&reference)
        #expect(found.columns == reference.columns)
        #expect(found.values.map(\.bitPattern) == reference.values.map(\.bitPattern))
    }

    @Test("a model loaded to score a batch has the index, unless it has only unigrams or character n-grams; one loaded alone has none")
    func loadedModels() throws {
        let labels = (0 ..< Self.training.count).map { $0 % 3 == 0 ? "x" : "y" }
        for (options, hasIndex) in [
            (VectorizerOptions(tokenizer: .init(wordNGrams: 1 ... 2), maxDF: 0.3), true),
            (VectorizerOptions(tokenizer: .init(wordNGrams: 1 ... 1)), false),
            (VectorizerOptions(tokenizer: .init(wordNGrams: 1 ... 2, characterNGrams: 2 ... 3)), false),
        ] {
            let model = try TextClassifier.train(texts: Self.training, labels: labels, options: TrainingOptions(vectorizer: options))
            let bytes = ModelFile.encode(model)
            #expect(try ModelFile.decode(bytes, path: "memory").vectorizer.ngramIndex == nil)
            let loaded = try ModelFile.decode(bytes, path: "memory", overlapping: nil, indexNGrams: 0)
            #expect((loaded.vectorizer.ngramIndex != nil) == hasIndex)
            let expected = model.vectorizer.transform(texts), found = loaded.vectorizer.transform(texts)
            #expect(found.columns == expected.columns)
            #expect(found.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
            #expect(loaded.predict(texts) == model.predict(texts))
            // The byte table, deferred, is built on the first lookup by bytes.
            #expect(loaded.vectorizer.vocabulary.id(of: model.vectorizer.vocabulary.term(0)) == 0)
        }
    }

    /// `NGramIndex.build` of `terms` read in place, as from a model file's `VOCB` section
    /// (`SectionDecoder`): their lengths as little-endian `UInt32`s, then their bytes.
    func built(_ terms: [String], lengths: ClosedRange<Int>) -> NGramIndex.Built {
        NGramIndex.TermBytes.with(terms) { NGramIndex.build($0, lengths: lengths) }
    }

    @Test("duplicates are reported at the first repeated term, as the byte table reports them")
    func duplicates() {
        let cases: [([String], Int)] = [
            (["a", "a b", "b", "a b"], 3), (["b", "a", "b"], 2), (["a b c", "a b", "a b c"], 2), (["x", "x y", "y", "x"], 3),
            // The words are numbered (and unigrams checked) before the n-grams are inserted: the
            // first duplicate is still the first by id, whichever kind comes first.
            (["a b", "a b", "c", "c"], 1), (["c", "c", "a b", "a b"], 1), (["c", "a b c", "a b c", "c"], 2),
        ]
        for (terms, index) in cases {
            guard case .duplicate(let found) = built(terms, lengths: 1 ... 3) else {
                Issue.record("\(terms): no duplicate found")
                continue
            }
            #expect(found == index)
            let (_, bulk) = terms.joined().utf8.withContiguousStorageIfAvailable { arena in
                var starts = [0]
                for term in terms { starts.append(starts.last! + term.utf8.count) }
                return VocabularyStorage.bulk(arena: UnsafeBufferPointer(start: arena.baseAddress, count: arena.count), starts: starts)
            }!
            #expect(bulk == index)
        }
    }

    /// The feature `term` (words joined by single spaces) reaches through `index`, -1 for none.
    func feature(_ index: NGramIndex, _ term: String) -> Int32 {
        var ids: [UInt32] = []
        for part in term.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(part)
            let id = word.withUTF8 { bytes in
                index.words.id(inSlot: index.words.find(bytes.baseAddress!, bytes.count, hash: ByteHash.hash(bytes)))
            }
            guard id >= 0 else { return -1 }
            ids.append(UInt32(id))
        }
        guard ids.count > 1 else { return index.unigramFeatures[Int(ids[0])] }
        var prefix = ids[0], slot = 0
        for word in ids.dropFirst() {
            let key = index.key(prefix: prefix, word: word)
            guard let found = index.slot(key, hash: NGramIndex.hash(key)) else { return -1 }
            slot = found
            prefix = index.prefix(ofSlot: found)
        }
        return index.feature(inSlot: slot)
    }

    @Test("on random vocabularies, sorted or not, every term reaches its own id and no other n-gram reaches one",
          arguments: [false, true])
    func randomVocabularies(sorted: Bool) throws {
        var rng = SplitMix64(seed: sorted ? 21 : 22)
        let letters: [Character] = ["a", "b", "c", "é"]
        for round in 0 ..< 12 {
            // Few distinct words of 1-12 bytes (some sharing prefixes), n-grams of 1-3 of them.
            let words = (0 ..< 20 + Int(rng.bounded(below: 200))).map { _ in
                String((0 ..< 1 + Int(rng.bounded(below: 12))).map { _ in letters[Int(rng.bounded(below: 4))] })
            }
            func ngram() -> String {
                (0 ..< 1 + Int(rng.bounded(below: 3))).map { _ in words[Int(rng.bounded(below: UInt64(words.count)))] }
                    .joined(separator: " ")
            }
            var terms = Array(Set((0 ..< 50 + Int(rng.bounded(below: 1500))).map { _ in ngram() }))
            if sorted {
                terms.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            } else {
                terms.shuffle(using: &rng)
            }
            guard case .index(let index) = built(terms, lengths: 1 ... 3) else {
                Issue.record("round \(round): not indexed")
                continue
            }
            for (id, term) in terms.enumerated() { #expect(feature(index, term) == Int32(id), "\(term)") }
            let known = Set(terms)
            for _ in 0 ..< 300 {
                let other = ngram()
                if !known.contains(other) { #expect(feature(index, other) == -1, "\(other)") }
            }
        }
    }

    @Test("a term that is no word n-gram of the lengths leaves the bytes to the table")
    func unsupported() {
        for (terms, lengths) in [(["a", "a b c"], 1 ... 2), (["a b"], 1 ... 1), (["a"], 2 ... 3)] as [([String], ClosedRange<Int>)] {
            guard case .unsupported = built(terms, lengths: lengths) else {
                Issue.record("\(terms) \(lengths): indexed")
                continue
            }
        }
        guard case .index = built(["a", "a b", "b"], lengths: 1 ... 2) else {
            Issue.record("not indexed")
            return
        }
    }

    @Test("spaces are counted and found eight bytes at a time as one at a time")
    func spaceScans() {
        var rng = SplitMix64(seed: 3)
        for _ in 0 ..< 200 {
            let count = Int(rng.bounded(below: 40))
            let bytes = (0 ..< count).map { _ in [0x20, 0x61, 0xC3, 0x00, 0x21, 0x1F][Int(rng.bounded(below: 6))] as UInt8 }
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                #expect(NGramIndex.spaces(base, count) == bytes.filter { $0 == 0x20 }.count)
                for from in 0 ... count {
                    for end in from ... count {
                        let plain = bytes[from ..< end].firstIndex(of: 0x20) ?? end
                        #expect(NGramIndex.space(base, count, from: from, to: end) == plain)
                    }
                }
            }
        }
    }
}

extension NGramIndex.TermBytes {
    /// Calls `body` with `terms` laid out as a model file's `VOCB` section lays them: their
    /// lengths as little-endian `UInt32`s, then their bytes.
    static func with<R>(_ terms: [String], _ body: (NGramIndex.TermBytes) throws -> R) rethrows -> R {
        var lengthBytes: [UInt8] = []
        for term in terms {
            let length = UInt32(term.utf8.count)
            for k in 0 ..< 4 { lengthBytes.append(UInt8(truncatingIfNeeded: length >> (8 * UInt32(k)))) }
        }
        // One byte past the terms, so the arena has an address even when they are all empty.
        let arena = Array(terms.joined().utf8) + [0x20]
        return try arena.withUnsafeBufferPointer { arena in
            try lengthBytes.withUnsafeBytes { lengthBytes in
                try body(NGramIndex.TermBytes(
                    arena: arena.baseAddress!, arenaCount: arena.count - 1, count: terms.count, lengths: lengthBytes.baseAddress!))
            }
        }
    }
}
