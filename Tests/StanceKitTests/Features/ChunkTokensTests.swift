import Testing
@testable import StanceKit

/// Training's first stage: the slices hold exactly the tokens and hashes of the plain
/// tokenizer, in document order, however the documents are cut.
@Suite struct ChunkTokensTests {
    static let strings = [
        "The cat sat on the MAT", "", "a b c", "Ölpreis steigt; 北京 reagiert", "x", "don't stop-words here",
        String(repeating: "long words repeated ", count: 50), "\u{FFFD}\u{0301}abc ÉCOLE", "tail",
    ]
    static let texts = TextBatch(strings)

    @Test("slices give every document's tokens and ByteHash in order, for 1 to 5 threads", arguments: [1, 2, 3, 5])
    func matchesTokenizer(threads: Int) {
        for options in [TokenizerOptions(), TokenizerOptions(lowercase: false, stopWords: .english)] {
            let tokenizer = Tokenizer(options: options)
            var chunk = ChunkTokens()
            // Tokenize twice: the second run reuses the slices' buffers.
            for _ in 0 ..< 2 { chunk.tokenize(Self.texts, tokenizer: tokenizer, threads: threads) }
            #expect(chunk.documentCount == Self.texts.count)
            var document = 0
            for slice in chunk.slices {
                #expect(slice.firstDocument == document)
                for d in 0 ..< slice.documentCount {
                    let expected = tokenizer.tokens(of: Self.texts[document])
                    let range = slice.documentStarts[d] ..< slice.documentStarts[d + 1]
                    let got = range.map { i in String(decoding: slice.span(i, i), as: UTF8.self) }
                    #expect(got == expected, "document \(document)")
                    for i in range {
                        #expect(slice.hashes[i] == ByteHash.hash(slice.span(i, i)))
                    }
                    if range.count >= 2 {
                        // A word n-gram is the contiguous range from its first to its last token.
                        let gram = String(decoding: slice.span(range.lowerBound, range.lowerBound + 1), as: UTF8.self)
                        #expect(gram == expected[0] + " " + expected[1])
                    }
                    document += 1
                }
            }
            #expect(document == Self.texts.count)
        }
    }

    @Test("the padded hash equals the plain hash for every length up to 40")
    func paddedHash() {
        var rng = SplitMix64(seed: 11)
        let bytes = (0 ..< 48).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for length in 0 ... 40 {
            bytes.withUnsafeBufferPointer { all in
                let plain = ByteHash.hash(UnsafeBufferPointer(rebasing: all[0 ..< length]))
                #expect(ByteHash.hash(padded: all.baseAddress!, count: length) == plain, "length \(length)")
            }
        }
    }

    @Test("a lone partition counting a chunk in batches gives the rows, sizes and features of one batch")
    func batches() {
        var options = TokenizerOptions()
        options.wordNGrams = 1 ... 3
        options.characterNGrams = 2 ... 3
        for analyzer in [Analyzer(), Analyzer(options: options)] {
            var whole = [PartitionCounter(partition: 0, of: 1, keepTotals: false)]
            var batched = [PartitionCounter(partition: 0, of: 1, keepTotals: false)]
            whole[0].batchBytes = .max
            batched[0].batchBytes = 24
            var tokens = ChunkTokens()
            // Two chunks: the second replaces the first's rows, batched or not.
            for (first, texts) in [(0, Self.texts), (Self.texts.count, TextBatch(Self.strings.map { $0 + " and more" }.reversed()))] {
                PartitionCounter.count(&whole, tokens: &tokens, texts: texts, firstDocument: first, analyzer: analyzer, maxVocabulary: .max)
                PartitionCounter.count(&batched, tokens: &tokens, texts: texts, firstDocument: first, analyzer: analyzer, maxVocabulary: .max)
                #expect(batched[0].rowOffsets == whole[0].rowOffsets && batched[0].ids == whole[0].ids)
                #expect(batched[0].counts == whole[0].counts && batched[0].sizes == whole[0].sizes)
                #expect(batched[0].tokenSizes == whole[0].tokenSizes && batched[0].featureCount == whole[0].featureCount)
                #expect(batched[0].rowOffsets.count == texts.count + 1)
            }
        }
    }

    @Test("a partition whose token table fills up stops every partition at that document, without reading ids it never wrote")
    func tokenCeiling() {
        let texts = TextBatch((0 ..< 40).map { d in (0 ..< 5).map { "t\(d * 5 + $0)" }.joined(separator: " ") })
        var options = TokenizerOptions()
        options.wordNGrams = 1 ... 3
        let analyzer = Analyzer(options: options)
        for (partitions, batchBytes) in [(1, 1 << 19), (1, 20), (2, 1 << 19), (3, 1 << 19)] {
            var counters = (0 ..< partitions).map { PartitionCounter(partition: $0, of: partitions, keepTotals: false) }
            counters[0].tokenCeiling = 12
            counters[0].batchBytes = batchBytes
            var tokens = ChunkTokens()
            PartitionCounter.count(&counters, tokens: &tokens, texts: texts, firstDocument: 0, analyzer: analyzer, maxVocabulary: .max)
            let stop = counters[0].tokensFullAt
            #expect(stop != nil, "\(partitions) partitions")
            // Partition 0 owns about 1/P of the 200 distinct tokens, so it passes 12 early.
            if let stop {
                #expect(stop < 40)
                for counter in counters {
                    #expect(counter.full)
                    #expect(counter.sizes.count == stop + 1)
                }
                #expect(CorpusTrainer.firstDocumentOverLimit(counters, documents: texts.count, limit: 1_000_000) == stop)
            }
        }
    }
}
