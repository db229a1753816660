import Testing
@testable import StanceKit

/// Training orders word n-grams by their tokens' ranks (`TokenRanks`,
/// `PartitionCounter.rankedTerms`) where the byte path spells every term out and sorts the
/// bytes (`terms(tokenTables:)` + `SortedTerms.init`); the byte path is the reference here.
@Suite struct TokenRanksTests {
    /// `count` documents of random words over word characters of 1 to 3 UTF-8 bytes, short
    /// enough that many words are prefixes of others ("a", "ab", "abé").
    static func texts(_ count: Int, seed: UInt64, words: Int = 6) -> TextBatch {
        var rng = SplitMix64(seed: seed)
        let letters = ["a", "b", "z", "0", "_", "é", "ß", "北", "ab"]
        return TextBatch((0 ..< count).map { _ in
            (0 ..< 1 + Int(rng.bounded(below: UInt64(words)))).map { _ in
                (0 ..< 1 + Int(rng.bounded(below: 3))).map { _ in letters[Int(rng.bounded(below: UInt64(letters.count)))] }.joined()
            }.joined(separator: " ")
        })
    }

    /// The partitions' counters after counting `texts`.
    static func counters(_ texts: TextBatch, wordNGrams: ClosedRange<Int>, characterNGrams: ClosedRange<Int>? = nil,
                         partitions: Int, keepTotals: Bool) -> [PartitionCounter] {
        var options = TokenizerOptions()
        options.wordNGrams = wordNGrams
        options.characterNGrams = characterNGrams
        var counters = (0 ..< partitions).map { PartitionCounter(partition: $0, of: partitions, keepTotals: keepTotals) }
        var tokens = ChunkTokens()
        PartitionCounter.count(&counters, tokens: &tokens, texts: texts, firstDocument: 0, analyzer: Analyzer(options: options),
                               maxVocabulary: .max)
        return counters
    }

    static func bytesOrder(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    @Test("ranks order every partition's tokens as their bytes, and lay their bytes out in that order", arguments: [1, 2, 3])
    func ranksAreByteOrder(partitions: Int) throws {
        let counters = Self.counters(Self.texts(400, seed: 7), wordNGrams: 1 ... 1, partitions: partitions, keepTotals: false)
        let ranks = try #require(CorpusTrainer.tokenRanks(counters, order: 1))
        var byRank = [String](repeating: "", count: ranks.count)
        for (p, counter) in counters.enumerated() {
            for id in 0 ..< counter.tokens.count {
                let tagged = PartitionCounter.tagged(Int32(id), partition: p, bits: counter.tagBits)
                byRank[ranks.rank(ofTagged: tagged)] = counter.tokens.term(id)
                #expect(Int(ranks.byTaggedID[Int(tagged)] & 0xFFFF_FFFF) == counter.tokens.termLength(id))
            }
        }
        let all = counters.flatMap { $0.tokens.terms }
        #expect(byRank == all.sorted(by: Self.bytesOrder))
        let spelled = (0 ..< ranks.count).map { r in
            String(decoding: ranks.bytes[Int(ranks.starts[r]) ..< Int(ranks.starts[r + 1])], as: UTF8.self)
        }
        #expect(spelled == byRank)
        #expect(ranks.bits == Int.bitWidth - all.count.leadingZeroBitCount)
    }

    @Test("tuples of ranks, a prefix first, order joined tokens as their bytes: a < a b < a b c < ab")
    func tupleOrderIsByteOrder() {
        // Tokens in byte order, so the rank is the index; every byte above 0x20.
        let tokens = ["!", "a", "a!", "ab", "abc", "b", "~", "é", "éa"]
        #expect(tokens == tokens.sorted(by: Self.bytesOrder))
        var rng = SplitMix64(seed: 3)
        var tuples: [[Int]] = []
        for _ in 0 ..< 3000 { tuples.append((0 ... Int(rng.bounded(below: 3))).map { _ in Int(rng.bounded(below: UInt64(tokens.count))) }) }
        let byTuple = tuples.sorted { $0.lexicographicallyPrecedes($1) }.map { $0.map { tokens[$0] }.joined(separator: " ") }
        let byBytes = tuples.map { $0.map { tokens[$0] }.joined(separator: " ") }.sorted(by: Self.bytesOrder)
        #expect(byTuple == byBytes)
        // A byte at or below 0x20 breaks it: "a!" ranks after "a", yet "a b" sorts after "a!".
        #expect(Self.bytesOrder("a!", "a b") == false)
    }

    @Test("ranked terms equal the spelled, byte-sorted terms", arguments: [1 ... 1, 1 ... 2, 2 ... 2, 1 ... 3, 2 ... 4, 1 ... 4])
    func rankedEqualsSpelled(range: ClosedRange<Int>) throws {
        let texts = Self.texts(600, seed: UInt64(range.upperBound * 10 + range.lowerBound))
        for partitions in [1, 2, 3] {
            for (keepTotals, minDF, maxDocumentCount) in [(false, 1, Double.infinity), (true, 2, 40.5)] {
                let counters = Self.counters(texts, wordNGrams: range, partitions: partitions, keepTotals: keepTotals)
                let order = min(range.upperBound, PartitionCounter.longestGram)
                let ranks = try #require(CorpusTrainer.tokenRanks(counters, order: order))
                let tables = counters.map(\.tokens)
                for counter in counters {
                    let terms = counter.terms(tokenTables: tables)
                    let expected = SortedTerms(terms, minDF: minDF, maxDocumentCount: maxDocumentCount, keepTotals: keepTotals)
                    // As training calls it: the gram table's slots freed once its grams are read.
                    let gramCount = counter.grams.count
                    let (layout, sorted, size) = counter.rankedTerms(
                        ranks: ranks, order: order, minDF: minDF, maxDocumentCount: maxDocumentCount, keepTotals: keepTotals,
                        releasingGrams: true)
                    #expect(counter.grams.count == gramCount)
                    let label = "\(range), \(partitions) partitions, totals \(keepTotals)"
                    #expect(sorted.terms == expected.terms, "\(label)")
                    #expect(sorted.byteCount == expected.byteCount, "\(label)")
                    // The rank keys, ascending and distinct, where the byte path has first-8-byte keys.
                    #expect(sorted.keys.count == expected.keys.count && zip(sorted.keys, sorted.keys.dropFirst()).allSatisfy { $0 < $1 }, "\(label)")
                    #expect(sorted.positions == expected.positions, "\(label)")
                    #expect(sorted.df == expected.df, "\(label)")
                    #expect(sorted.totals == expected.totals, "\(label)")
                    #expect(size == terms.df.count && layout.gramBase == terms.gramBase && layout.otherBase == terms.otherBase)
                    #expect(layout.tokenPositions == terms.tokenPositions, "\(label)")
                }
            }
        }
    }

    @Test("ranked lists, spelled by the merge, give the byte-sorted lists' vectorizer and columns, on 1 to 3 threads and with a max-features cut")
    func mergeSpellsRankedTerms() throws {
        // 4,000 documents of up to 12 short words: over 32,768 terms, so two and three
        // threads merge and spell parts of their own, whose ends the 16-byte stores must respect.
        let texts = Self.texts(4000, seed: 21, words: 12)
        for partitions in [1, 2, 3] {
            let counters = Self.counters(texts, wordNGrams: 1 ... 3, partitions: partitions, keepTotals: true)
            let ranks = try #require(CorpusTrainer.tokenRanks(counters, order: 3))
            let tables = counters.map(\.tokens)
            let spelled = counters.map { SortedTerms($0.terms(tokenTables: tables), minDF: 1, maxDocumentCount: .infinity, keepTotals: true) }
            let ranked = counters.map {
                $0.rankedTerms(ranks: ranks, order: 3, minDF: 1, maxDocumentCount: .infinity, keepTotals: true).sorted
            }
            let sizes = counters.map { $0.terms(tokenTables: tables).df.count }
            #expect(ranked.reduce(0) { $0 + $1.count } > 1 << 15)
            for maxFeatures in [nil, 5000] {
                var options = VectorizerOptions()
                options.tokenizer.wordNGrams = 1 ... 3
                options.maxFeatures = maxFeatures
                let expected = try VocabularyPruning.vectorizer(merging: spelled, sizes: sizes, documents: 4000, options: options, threads: 1)
                for threads in [1, 2, 3] {
                    let found = try VocabularyPruning.vectorizer(merging: ranked, sizes: sizes, documents: 4000, options: options, threads: threads)
                    let label = "\(partitions) partitions, \(threads) threads, max features \(String(describing: maxFeatures))"
                    #expect(found.vectorizer.vocabulary.terms == expected.vectorizer.vocabulary.terms, "\(label)")
                    #expect(found.vectorizer.idf == expected.vectorizer.idf, "\(label)")
                    #expect(found.columns == expected.columns, "\(label)")
                }
            }
        }
    }

    @Test("tokens with a byte at or below 0x20 are not separable")
    func separable() {
        for token in ["a b", "a\tb", "x\0", "\u{1F}", " "] { #expect(!TokenRanks.separable(Vocabulary(terms: ["ok", token]))) }
        #expect(TokenRanks.separable(Vocabulary(terms: ["a!", "é", "~", "北京", "_0"])))
        #expect(TokenRanks.separable(Vocabulary()))
    }

    @Test("no ranks with long or character n-grams, or when the keys would not fit in 64 bits")
    func fallbacks() throws {
        let texts = Self.texts(200, seed: 5, words: 9)
        #expect(CorpusTrainer.tokenRanks(Self.counters(texts, wordNGrams: 1 ... 5, partitions: 2, keepTotals: false), order: 4) == nil)
        #expect(CorpusTrainer.tokenRanks(Self.counters(texts, wordNGrams: 1 ... 2, characterNGrams: 2 ... 3, partitions: 2,
                                                       keepTotals: false), order: 2) == nil)
        // 70,000 distinct tokens take 17 bits: three fit in 64, four do not.
        let many = TextBatch((0 ..< 7000).map { d in (0 ..< 10).map { "t\(d * 10 + $0)" }.joined(separator: " ") })
        let counters = Self.counters(many, wordNGrams: 1 ... 4, partitions: 2, keepTotals: false)
        let ranks = try #require(CorpusTrainer.tokenRanks(counters, order: 3))
        #expect(ranks.bits == 17)
        #expect(CorpusTrainer.tokenRanks(counters, order: 4) == nil)
    }

    @Test("training with word 4-grams, by ranks and past the 64-bit keys, equals Vectorizer.fit + fit", arguments: [false, true])
    func fourGrams(manyTokens: Bool) throws {
        var texts = Self.texts(3000, seed: 11, words: 8)
        if manyTokens { for d in 0 ..< 7000 { texts.append((0 ..< 10).map { "t\(d * 10 + $0)" }.joined(separator: " ")) } }
        let labels = (0 ..< texts.count).map { ["x", "y", "z"][$0 % 3] }
        let corpus = LabeledCorpus(texts: texts, labels: labels, lines: (1 ... texts.count).map { $0 })
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 4), minDF: manyTokens ? 1 : 2))
        let (vectorizer, matrix) = try Vectorizer.fit(corpus.texts, options: options.vectorizer)
        let classifier = try options.model.fit(matrix, labels: corpus.labels, options: options.classifier)
        let reference = ModelFile.encode(TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options))
        for threads in [1, 2, 3] {
            let (model, _) = try CorpusTrainer(options: options, threads: threads).train(corpus)
            #expect(ModelFile.encode(model) == reference, "threads \(threads)")
        }
    }
}
