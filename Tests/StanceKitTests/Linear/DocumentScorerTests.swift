import Testing
@testable import StanceKit

/// The prediction fast path (`DocumentTerms`, `DocumentScorer`, `jointLogLikelihood(_:threads:)`)
/// against the plain path it replaces: `TermCounter` counting into a matrix with sorted rows,
/// `weigh`, and `LinearScorer.scores` on the sparse path; and against a double-precision loop.
@Suite struct DocumentScorerTests {
    static let variants: [TrainingOptions] = [
        TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2))),
        TrainingOptions(
            vectorizer: .init(tokenizer: .init(lowercase: false, wordNGrams: 1 ... 3, characterNGrams: 2 ... 4),
                              weighting: .counts, norm: .l1),
            model: .complement, classifier: .init(alpha: 0.25, normalizeWeights: true)),
        TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 2 ... 2), sublinearTF: true)),
        TrainingOptions(vectorizer: .init(weighting: .binary), model: .bernoulli),
    ]

    static let corpus = SyntheticCorpus.generate(megabytes: 0.15, seed: 7, vocabulary: 3000)

    func model(_ index: Int) throws -> TextClassifier {
        let training = Self.corpus
        return try TextClassifier.train(texts: training.texts, labels: training.labels, options: Self.variants[index])
    }

    /// Texts the model has not seen: other synthetic documents, a fixture, and edge cases.
    var texts: TextBatch {
        var batch = SyntheticCorpus.generate(megabytes: 0.05, seed: 8, vocabulary: 3000).texts
        for text in SKLearnFixture.documents + ["", " ", "unknownword", "é é é Ünïcode", "a"] { batch.append(text) }
        return batch
    }

    /// The plain transform: every document counted into one CSR matrix by `TermCounter`,
    /// rows sorted by `matrix`, then `weigh`.
    func referenceTransform(_ vectorizer: Vectorizer, _ texts: TextBatch) -> SparseMatrix {
        var counter = TermCounter(vocabulary: vectorizer.vocabulary, growing: false)
        do { try counter.count(texts, analyzer: vectorizer.analyzer) } catch { preconditionFailure("\(error)") }
        var matrix = counter.matrix(columnCount: vectorizer.vocabulary.count, remap: nil)
        vectorizer.weigh(&matrix)
        return matrix
    }

    /// `jll = x W + b` in `Double` from the class-major weights, x binarized for Bernoulli.
    func referenceScores(_ model: TextClassifier, _ matrix: SparseMatrix) -> [Double] {
        let weights = model.classifier.classWeights
        let bias = model.classifier.scorer.bias
        let threshold = model.options.model == .bernoulli ? model.classifier.options.binarizeThreshold : nil
        var result: [Double] = []
        for row in 0 ..< matrix.rowCount {
            for c in 0 ..< weights.count {
                var s = bias[c]
                for k in matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1] {
                    let v = threshold.map { matrix.values[k] > $0 ? 1 : 0 } ?? matrix.values[k]
                    s += Double(v) * Double(Float(weights[c][Int(matrix.columns[k])]))
                }
                result.append(s)
            }
        }
        return result
    }

    @Test("transform gives the same matrix as TermCounter + matrix + weigh", arguments: 0 ..< variants.count)
    func transform(index: Int) throws {
        let model = try model(index)
        let texts = texts
        #expect(model.vectorizer.transform(texts) == referenceTransform(model.vectorizer, texts))
    }

    @Test("scores per document: bitwise those of the sparse matrix path for 1-3 threads; near a double loop",
          arguments: 0 ..< variants.count)
    func scores(index: Int) throws {
        let model = try model(index)
        let texts = texts
        let matrix = referenceTransform(model.vectorizer, texts)
        let expected = model.classifier.jointLogLikelihood(matrix, path: .sparse)
        for threads in 1 ... 3 {
            #expect(model.jointLogLikelihood(texts, threads: threads) == expected, "threads \(threads)")
        }
        let exact = referenceScores(model, matrix)
        let fast = model.jointLogLikelihood(texts, threads: 2)
        #expect(fast.count == exact.count)
        for (a, e) in zip(fast, exact) { #expect(abs(a - e) <= 1e-5 * max(1, abs(e))) }
    }

    @Test("classify(_:threads:) equals classify(_:); bestClasses equals predict", arguments: 0 ..< variants.count)
    func classify(index: Int) throws {
        let model = try model(index)
        let texts = texts
        #expect(model.classify(texts, threads: 2) == model.classify(texts))
        let jll = model.jointLogLikelihood(texts, threads: 2)
        let best = TextClassifier.bestClasses(jointLogLikelihood: jll, classCount: model.classes.count)
        #expect(best.map { model.classes[$0] } == model.predict(texts))
    }

    @Test("an empty batch scores to nothing")
    func empty() throws {
        let model = try model(0)
        #expect(model.jointLogLikelihood(TextBatch(), threads: 2).isEmpty)
        #expect(model.classify(TextBatch(), threads: 2).isEmpty)
    }

    @Test("the calibration table from precomputed scores equals the one from texts")
    func calibrationFromScores() throws {
        let model = try model(0)
        let test = SyntheticCorpus.generate(megabytes: 0.02, seed: 9, vocabulary: 3000)
        let fromTexts = try CalibrationReport(model: model, texts: test.texts, labels: test.labels)
        let fromScores = try CalibrationReport(
            jointLogLikelihood: model.jointLogLikelihood(test.texts, threads: 2), model: model, labels: test.labels)
        #expect(fromTexts == fromScores)
    }
}

@Suite struct VocabularyStorageReadPathTests {
    func terms(_ count: Int) -> [[UInt8]] {
        (0 ..< count).map { Array("t\($0 * 7919 % count)-\($0 % 3 == 0 ? "a longer term" : "")".utf8) }
    }

    @Test("bulk gives the table of inserting the terms one by one, and finds a duplicate")
    func bulk() {
        let list = terms(3000)
        var inserted = Vocabulary(capacity: list.count)
        for term in list { term.withUnsafeBufferPointer { _ = inserted.insert($0) } }
        var starts = [0]
        for term in list { starts.append(starts.last! + term.count) }
        let arena: [UInt8] = Array(list.joined())
        let (storage, duplicate) = arena.withUnsafeBufferPointer { VocabularyStorage.bulk(arena: $0, starts: starts) }
        #expect(duplicate == nil)
        #expect(storage.count == list.count && storage.mask == inserted.storage.mask)
        #expect(Array(UnsafeBufferPointer(start: storage.slots, count: 2 * (storage.mask + 1)))
                == Array(UnsafeBufferPointer(start: inserted.storage.slots, count: 2 * (inserted.storage.mask + 1))))

        let repeated = list + [list[1234]]
        var repeatedStarts = starts
        repeatedStarts.append(starts.last! + list[1234].count)
        let (_, found) = Array(repeated.joined()).withUnsafeBufferPointer {
            VocabularyStorage.bulk(arena: $0, starts: repeatedStarts)
        }
        #expect(found == list.count)
    }

    /// Terms of one length with the same first 8 bytes, two of which share the 24 hash bits a
    /// slot keeps: a candidate that only the arena comparison rejects.
    func collidingPair() -> ([UInt8], [UInt8]) {
        var seen: [UInt64: [UInt8]] = [:]
        for n in 0 ..< 1_000_000 {
            let term = Array("collides\(100_000 + n)".utf8)
            let top = term.withUnsafeBufferPointer { ByteHash.hash($0) } >> 40
            if let other = seen[top] { return (other, term) }
            seen[top] = term
        }
        preconditionFailure("no pair")
    }

    @Test("batched lookups equal find term by term, a colliding long term included")
    func batched() {
        let (stored, absent) = collidingPair()
        var vocabulary = Vocabulary(capacity: 16)
        let list = [stored] + terms(2000) + [Array("short".utf8), Array("exactly8".utf8)]
        for term in list { term.withUnsafeBufferPointer { _ = vocabulary.insert($0) } }
        let queries = list + [absent, Array("missing term here".utf8), Array("x".utf8), []]
        // Padded, the terms are followed by 8 bytes that are not theirs (0xFF), which the
        // masked loads must ignore.
        let bytes: [UInt8] = queries.joined() + [UInt8](repeating: 0xFF, count: 8)
        var starts: [Int] = [], ends: [Int] = []
        for query in queries {
            starts.append(ends.last ?? 0)
            ends.append(starts.last! + query.count)
        }
        let hashes = queries.map { query in query.withUnsafeBufferPointer { ByteHash.hash($0) } }
        let expected = queries.map { query in
            query.withUnsafeBufferPointer { vocabulary.id(of: $0, hash: ByteHash.hash($0)) }
        }
        for padded in [false, true] {
            var ids = [Int32](repeating: 0, count: queries.count)
            var pending = [Int32](repeating: 0, count: queries.count)
            bytes.withUnsafeBufferPointer { bytes in
                vocabulary.storage.ids(
                    bytes: bytes.baseAddress!, starts: starts, ends: ends, hashes: hashes, count: queries.count, into: &ids,
                    pending: &pending, padded: padded)
            }
            #expect(ids == expected, "padded: \(padded)")
            #expect(ids[0] == 0 && ids[list.count] == -1)
        }
    }
}

@Suite struct BoundedWeightsTests {
    @Test("allWithin agrees with allSatisfy, NaN and infinities included, at every length and position")
    func agrees() {
        for count in [0, 1, 7, 8, 9, 17, 64] {
            for position in 0 ..< max(1, count) {
                for bad: Float in [.nan, .infinity, -.infinity, 2e6, -2e6, 1e6, -1e6] {
                    var values = (0 ..< count).map { Float($0) - 3 }
                    if count > 0 { values[position] = bad }
                    let expected = values.allSatisfy { abs($0) <= 1e6 }
                    #expect(LinearScorer.allWithin(values, 1e6) == expected, "count \(count) at \(position): \(bad)")
                }
            }
        }
    }
}
