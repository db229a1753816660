import Testing
@testable import StanceKit

@Suite struct TermSpillTests {
    static let texts = TextBatch([
        "the cat sat on the mat", "The dog sat", "a cat and a dog and a cat", "", "mat mat mat",
        "une très belle journée", "the the the", "dog cat mat sat on",
    ])

    /// Counts every chunk of `texts` on `partitions` partitions, spills it, and reads back the
    /// count matrix of each chunk, with columns in sorted-term order.
    static func spilledCounts(partitions: Int, options: VectorizerOptions, chunk: Int, texts: TextBatch = texts,
                              background: Bool = false) throws -> [SparseMatrix] {
        let analyzer = Analyzer(options: options.tokenizer)
        var counters = (0 ..< partitions).map { PartitionCounter(partition: $0, of: partitions, keepTotals: true) }
        var tokens = ChunkTokens()
        let spill = try TermSpill()
        var start = 0
        while start < texts.count {
            let end = min(texts.count, start + chunk)
            var part = TextBatch()
            for d in start ..< end { texts.withDocument(d) { part.append(bytes: $0) } }
            // In the background, the previous chunk's record is finished only now, as training does.
            try spill.finishAppend()
            PartitionCounter.count(&counters, tokens: &tokens, texts: part, firstDocument: start, analyzer: analyzer, maxVocabulary: .max)
            if background {
                spill.startAppend(labels: (start ..< end).map { UInt32($0) }, partitions: counters)
            } else {
                try spill.append(labels: (start ..< end).map { UInt32($0) }, partitions: counters)
            }
            start = end
        }
        try spill.finishAppend()
        let (vectorizer, columns) = try CorpusTrainer.prune(&counters, documents: texts.count, options: options)
        return try (0 ..< spill.count).map { try spill.chunk($0).matrix(columns: columns, columnCount: vectorizer.featureCount) }
    }

    /// Word n-gram ranges covering every kind of feature: tokens, grams of 2-4 tokens (keyed by
    /// token ids), longer word n-grams and character n-grams (byte-keyed).
    static let shapes: [(words: ClosedRange<Int>, characters: ClosedRange<Int>?)] = [
        (1 ... 2, 2 ... 3), (1 ... 1, nil), (2 ... 2, nil), (2 ... 5, nil), (1 ... 6, 1 ... 2), (3 ... 4, nil),
    ]

    /// Count options for each of `shapes`.
    static var shapeOptions: [VectorizerOptions] {
        shapes.map { shape in
            var options = VectorizerOptions(weighting: .counts)
            options.tokenizer.wordNGrams = shape.words
            options.tokenizer.characterNGrams = shape.characters
            return options
        }
    }

    @Test("spilled rows equal the vectorizer's count rows for 1, 2 and 3 partitions", arguments: [1, 2, 3])
    func rowsMatchVectorizer(partitions: Int) throws {
        for options in Self.shapeOptions { try checkRows(partitions: partitions, options: options) }
    }

    @Test("records appended in the background read back as the ones appended in place", arguments: [1, 2, 3])
    func backgroundAppend(partitions: Int) throws {
        for options in Self.shapeOptions {
            for chunk in [1, 3] {
                let inPlace = try Self.spilledCounts(partitions: partitions, options: options, chunk: chunk)
                let background = try Self.spilledCounts(partitions: partitions, options: options, chunk: chunk, background: true)
                #expect(background == inPlace, "\(options.tokenizer.wordNGrams), chunks of \(chunk)")
                #expect(background.count == (Self.texts.count + chunk - 1) / chunk)
            }
        }
    }

    @Test("counts past one and two bytes survive the spill's packed counts", arguments: [1, 2])
    func wideCounts(partitions: Int) throws {
        // Chunks whose largest count needs 1, 2 and 4 bytes.
        let texts = TextBatch([
            "a cat sat", Array(repeating: "cat", count: 300).joined(separator: " ") + " dog",
            "dog dog mat", Array(repeating: "mat sat", count: 70_000).joined(separator: " "),
        ])
        var options = VectorizerOptions(weighting: .counts)
        options.tokenizer.wordNGrams = 1 ... 2
        try checkRows(partitions: partitions, options: options, texts: texts, chunks: [1, 2, 4])
        #expect(TermSpill.countWidth([1, 255]) == 1 && TermSpill.countWidth([256]) == 2 && TermSpill.countWidth([65_536, 1]) == 4)
    }

    func checkRows(partitions: Int, options: VectorizerOptions, texts: TextBatch = texts, chunks: [Int] = [1, 3, 8]) throws {
        let (_, reference) = try ReferenceVectorizer.fit(texts, options: options)
        for chunk in chunks {
            let matrices = try Self.spilledCounts(partitions: partitions, options: options, chunk: chunk, texts: texts)
            var row = 0
            for matrix in matrices {
                #expect(matrix.columnCount == reference.columnCount)
                for r in 0 ..< matrix.rowCount {
                    let got = matrix.rowOffsets[r] ..< matrix.rowOffsets[r + 1]
                    let want = reference.rowOffsets[row] ..< reference.rowOffsets[row + 1]
                    #expect(Array(matrix.columns[got]) == Array(reference.columns[want]), "row \(row), chunk \(chunk)")
                    #expect(Array(matrix.values[got]) == Array(reference.values[want]), "row \(row), chunk \(chunk)")
                    row += 1
                }
            }
            #expect(row == texts.count)
        }
    }

    @Test("pruning by min_df drops the same columns from spilled rows as from the vectorizer")
    func pruned() throws {
        var options = VectorizerOptions(weighting: .counts, minDF: 2)
        options.tokenizer.wordNGrams = 1 ... 2
        let (_, reference) = try ReferenceVectorizer.fit(Self.texts, options: options)
        let matrices = try Self.spilledCounts(partitions: 2, options: options, chunk: 3)
        #expect(matrices.flatMap(\.columns) == reference.columns)
        #expect(matrices.flatMap(\.values) == reference.values)
    }

    @Test("Vectorizer.fit equals the plain reference fit: vocabulary, idf and matrix, for every feature kind and pruning")
    func fitMatchesReference() throws {
        var rng = SplitMix64(seed: 11)
        let words = ["the", "cat", "sat", "on", "mat", "dog", "and", "a", "très", "belle", "journée", "x", "y", "z"]
        let texts = TextBatch((0 ..< 300).map { _ in
            (0 ..< Int(rng.bounded(below: 30))).map { _ in words[Int(rng.bounded(below: UInt64(words.count)))] }.joined(separator: " ")
        })
        for shape in Self.shapes {
            for (minDF, maxDF, maxFeatures) in [(1, 1.0, nil), (2, 0.9, nil), (1, 1.0, 40), (3, 0.5, 25)] as [(Int, Double, Int?)] {
                var options = VectorizerOptions(minDF: minDF, maxDF: maxDF, maxFeatures: maxFeatures, sublinearTF: true)
                options.tokenizer.wordNGrams = shape.words
                options.tokenizer.characterNGrams = shape.characters
                let fast = Result { try Vectorizer.fit(texts, options: options) }
                let plain = Result { try ReferenceVectorizer.fit(texts, options: options) }
                switch (fast, plain) {
                case let (.success(f), .success(p)):
                    #expect(f.vectorizer.vocabulary == p.vectorizer.vocabulary, "\(shape.words) \(minDF) \(maxDF) \(String(describing: maxFeatures))")
                    #expect(f.vectorizer.idf == p.vectorizer.idf)
                    #expect(f.matrix == p.matrix)
                case let (.failure(f), .failure(p)):
                    #expect("\(f)" == "\(p)")
                default:
                    Issue.record("one fit failed and the other did not: \(fast) / \(plain)")
                }
            }
        }
    }

    @Test("a spill in a missing folder is a clear error naming the folder")
    func missingFolder() {
        #expect {
            _ = try TermSpill(directory: "/nonexistent-stance-folder")
        } throws: { error in
            guard let error = error as? ScratchFileError, case .cannotCreate(let folder, _) = error else { return false }
            return folder == "/nonexistent-stance-folder" && "\(error)".contains("TMPDIR")
        }
    }
}
