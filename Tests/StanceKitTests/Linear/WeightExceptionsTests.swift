import Testing
@testable import StanceKit

/// Weights held as exceptions to a base row (`WeightExceptions`) against the dense table built
/// by `makeScorer` (the reference): the same weights, bias and scores, bit for bit, for random
/// counts with zeros, every class-block kernel (1-8, 9-16, 17-24 and more classes), one
/// feature, empty documents and empty classes.
@Suite struct WeightExceptionsTests {
    /// Class and feature counts; 25 and 33 classes take the general (more than 3 blocks) kernel.
    /// Fewer zeros give more features kept as full rows: none at 100%, all at 0%, a mix between.
    static let shapes: [(classes: Int, features: Int, zeroPercent: Int)] = [
        (2, 1, 50), (1, 7, 60), (3, 40, 80), (7, 300, 95), (8, 64, 70), (9, 120, 90), (20, 500, 92), (20, 300, 45),
        (25, 200, 85), (25, 100, 30), (33, 50, 97), (5, 30, 0), (4, 20, 100),
    ]

    /// Counts with about `zeroPercent`% zeros: whole counts, fractional ones (TF-IDF weighted
    /// training) and tiny ones whose weight rounds to the base in `Float`; each class's example
    /// count bounds its counts, so Bernoulli's weights are finite. Dense or sparse storage.
    static func counts(_ shape: (classes: Int, features: Int, zeroPercent: Int), seed: UInt64, sparse: Bool) -> NaiveBayesCounts {
        var rng = SplitMix64(seed: seed)
        let classes = (0 ..< shape.classes).map { "c\($0)" }
        var values = [Double](repeating: 0, count: shape.classes * shape.features)
        for k in values.indices where Int(rng.bounded(below: 100)) >= shape.zeroPercent {
            switch rng.bounded(below: 3) {
            case 0: values[k] = Double(1 + rng.bounded(below: 30))
            case 1: values[k] = Double(1 + rng.bounded(below: 10_000)) / 997
            default: values[k] = 1e-12
            }
        }
        let classCounts = (0 ..< shape.classes).map { _ in Double(30 + rng.bounded(below: 20)) }
        guard sparse else {
            return NaiveBayesCounts(classes: classes, featureCount: shape.features, classCounts: classCounts, featureCounts: values)
        }
        let rows = (0 ..< shape.classes).map { c in
            let columns = (0 ..< shape.features).filter { values[c * shape.features + $0] != 0 }
            return NaiveBayesCounts.SparseRow(
                columns: columns.map(Int32.init), values: columns.map { values[c * shape.features + $0] })
        }
        return NaiveBayesCounts(classes: classes, featureCount: shape.features, classCounts: classCounts, rows: rows)
    }

    /// Rows of random length (empty ones included, and ones longer than a chunk of
    /// `WeightExceptions.rowsPerChunk` entries), distinct columns in random order, values of
    /// either sign, 0 and 1 among them.
    static func matrix(features: Int, rows: Int, rng: inout SplitMix64) -> SparseMatrix {
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        for row in 0 ..< rows {
            let length = row % 5 == 0 ? 0 : row % 5 == 3 ? min(features, 150) : Int(rng.bounded(below: UInt64(min(features, 40)) + 1))
            var chosen: [Int32] = []
            while chosen.count < length {
                let j = Int32(rng.bounded(below: UInt64(features)))
                if !chosen.contains(j) { chosen.append(j) }
            }
            for j in chosen {
                columns.append(j)
                switch rng.bounded(below: 4) {
                case 0: values.append(1)
                case 1: values.append(0)
                default: values.append((Float(rng.bounded(below: 4000)) - 1000) / 997)
                }
            }
            offsets.append(columns.count)
        }
        return SparseMatrix(rowCount: rows, columnCount: features, rowOffsets: offsets, columns: columns, values: values)
    }

    /// The exception scorer and the dense reference for `kind` (multinomial or Bernoulli).
    static func scorers(_ kind: NaiveBayesKind, _ counts: NaiveBayesCounts, _ options: NaiveBayesOptions)
        -> (exceptions: LinearScorer, dense: LinearScorer)
    {
        switch kind {
        case .bernoulli:
            var perFeature = BernoulliNaiveBayes.exceptionsPerFeature(counts)
            return (BernoulliNaiveBayes.exceptionScorer(counts, options: options, exceptionsPerFeature: &perFeature),
                    BernoulliNaiveBayes.makeScorer(counts, options: options))
        default:
            var perFeature = MultinomialNaiveBayes.exceptionsPerFeature(counts)
            return (MultinomialNaiveBayes.exceptionScorer(counts, options: options, exceptionsPerFeature: &perFeature),
                    MultinomialNaiveBayes.makeScorer(counts, options: options))
        }
    }

    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test("weights and bias are bitwise the dense table's", arguments: [NaiveBayesKind.multinomial, .bernoulli], 0 ..< shapes.count)
    func weights(kind: NaiveBayesKind, index: Int) throws {
        for sparse in [false, true] {
            for options in [NaiveBayesOptions(alpha: 1), NaiveBayesOptions(alpha: 0.01, fitPrior: false)] {
                let counts = Self.counts(Self.shapes[index], seed: UInt64(index + 1), sparse: sparse)
                let (exceptions, dense) = Self.scorers(kind, counts, options)
                #expect(exceptions.isSparse && !dense.isSparse)
                #expect(Self.bits(exceptions.bias) == Self.bits(dense.bias), "\(kind) sparse \(sparse)")
                #expect(Self.bits(exceptions.paddedWeights) == Self.bits(dense.paddedWeights), "\(kind) sparse \(sparse)")
                for j in 0 ..< counts.featureCount {
                    for c in 0 ..< counts.classes.count {
                        #expect(exceptions.weight(feature: j, class: c).bitPattern == dense.weight(feature: j, class: c).bitPattern)
                    }
                }
                #expect(exceptions == dense)
                #expect(exceptions.isBounded == dense.isBounded)
            }
        }
    }

    /// Shapes of more than one block of `NaiveBayesCounts.featureBlock` features (the last
    /// block partial), where the exceptions are filled block by block.
    static let blockShapes: [(classes: Int, features: Int, zeroPercent: Int)] = [
        (9, 2 * NaiveBayesCounts.featureBlock + 77, 97), (20, NaiveBayesCounts.featureBlock + 1, 90),
    ]

    @Test("weights and bias over several feature blocks are bitwise the dense table's",
          arguments: [NaiveBayesKind.multinomial, .bernoulli], 0 ..< blockShapes.count)
    func blockWeights(kind: NaiveBayesKind, index: Int) throws {
        for sparse in [false, true] {
            let counts = Self.counts(Self.blockShapes[index], seed: UInt64(index + 41), sparse: sparse)
            let (exceptions, dense) = Self.scorers(kind, counts, NaiveBayesOptions(alpha: 0.5))
            #expect(exceptions.isSparse && !dense.isSparse)
            #expect(Self.bits(exceptions.bias) == Self.bits(dense.bias), "\(kind) sparse \(sparse)")
            #expect(Self.bits(exceptions.paddedWeights) == Self.bits(dense.paddedWeights), "\(kind) sparse \(sparse)")
            #expect(exceptions == dense)
        }
    }

    @Test("counts by feature block: every non-zero count once, each feature's classes and each class's columns ascending")
    func featureBlockOrder() {
        for sparse in [false, true] {
            let counts = Self.counts(Self.blockShapes[0], seed: 7, sparse: sparse)
            var expected: [[Int: Double]] = Array(repeating: [:], count: counts.classes.count)
            for c in 0 ..< counts.classes.count { counts.forEachNonzero(ofClass: c) { j, n in expected[c][j] = n } }
            var seen: [[Int: Double]] = Array(repeating: [:], count: counts.classes.count)
            var lastClass = [Int](repeating: -1, count: counts.featureCount)
            var lastColumn = [Int](repeating: -1, count: counts.classes.count)
            var ordered = true
            counts.forEachNonzeroByFeatureBlock { j, c, n in
                if c <= lastClass[j] || j <= lastColumn[c] { ordered = false }
                lastClass[j] = c
                lastColumn[c] = j
                seen[c][j] = n
            }
            #expect(ordered, "sparse \(sparse)")
            #expect(seen == expected, "sparse \(sparse)")
            #expect(expected.reduce(0) { $0 + $1.count } > 2 * counts.classes.count)
        }
    }

    @Test("scores on every path and per row are bitwise the dense table's",
          arguments: [NaiveBayesKind.multinomial, .bernoulli], 0 ..< shapes.count)
    func scores(kind: NaiveBayesKind, index: Int) {
        let shape = Self.shapes[index]
        let counts = Self.counts(shape, seed: UInt64(100 + index), sparse: true)
        let (exceptions, dense) = Self.scorers(kind, counts, NaiveBayesOptions(alpha: 0.5))
        var rng = SplitMix64(seed: UInt64(200 + index))
        let matrix = Self.matrix(features: shape.features, rows: 23, rng: &rng)
        for path in [ScoringPath.sparse, .dense, .automatic] {
            #expect(Self.bits(exceptions.scores(matrix, path: path)) == Self.bits(dense.scores(matrix, path: path)), "\(path)")
        }
        // Row by row, as `DocumentScorer` scores, into buffers holding another row's sums.
        var a = [Float](repeating: .nan, count: exceptions.stride), b = [Float](repeating: 7, count: dense.stride)
        for row in 0 ..< matrix.rowCount {
            let entries = matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1]
            matrix.columns.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    let (c, v) = (UnsafeBufferPointer(rebasing: columns[entries]), UnsafeBufferPointer(rebasing: values[entries]))
                    exceptions.prefetchRows(Array(c))
                    a.withUnsafeMutableBufferPointer { exceptions.scoreRow(columns: c, values: v, into: $0) }
                    b.withUnsafeMutableBufferPointer { dense.scoreRow(columns: c, values: v, into: $0) }
                }
            }
            #expect(Self.bits(a) == Self.bits(b), "row \(row) of \(entries.count) entries")
            if entries.isEmpty { #expect(a.allSatisfy { $0 == 0 }) }
        }
    }

    /// The layout of `counts`' exceptions (multinomial): a feature with 12 or more of 24 padded
    /// classes is a full row (rows by ascending feature); one exception is in its head; two or
    /// more are listed back to back, classes descending; none is tag -2. Returns the number of
    /// full rows and of features with one exception.
    static func checkLayout(_ counts: NaiveBayesCounts) -> (full: Int, ones: Int) {
        let perFeature = MultinomialNaiveBayes.exceptionsPerFeature(counts)
        var taken = perFeature
        guard case .exceptions(let exceptions) = MultinomialNaiveBayes.exceptionScorer(
            counts, options: .init(), exceptionsPerFeature: &taken).storage
        else {
            Issue.record("not stored as exceptions")
            return (0, 0)
        }
        // The builder took the counts' array over and freed it.
        #expect(taken.isEmpty)
        #expect(perFeature.reduce(0) { $0 + Int($1) } == (0 ..< 20).reduce(0) { $0 + counts.nonzeroCount(ofClass: $1) })
        #expect(exceptions.heads.count == 1000 && exceptions.base.count == 24)
        #expect(Array(exceptions.base[20...]) == [0, 0, 0, 0])
        let dense = MultinomialNaiveBayes.makeScorer(counts, options: .init())
        var classesOf = [Int: [Int]]()
        for c in 0 ..< 20 { counts.forEachNonzero(ofClass: c) { j, _ in classesOf[j, default: []].append(c) } }
        var full = 0, listed = 0, ones = 0
        for (j, n) in perFeature.enumerated() {
            let head = exceptions.heads[j]
            if n >= 12 {
                #expect(head == WeightExceptions.Head(tag: -1, value: UInt32(full)))
                full += 1
            } else if n == 1 {
                // Its class is the one class with a non-zero count, its weight the dense table's.
                #expect(classesOf[j] == [Int(head.tag)])
                #expect(head.tag < 0 || head.value == dense.weight(feature: j, class: Int(head.tag)).bitPattern)
                ones += 1
            } else {
                #expect(head == WeightExceptions.Head.listed(Int(n), at: listed) && head.listedCount == Int(n))
                let classes = exceptions.entries[listed ..< listed + Int(n)].map(\.classIndex)
                #expect(classes == classes.sorted(by: >) && Set(classes).count == Int(n))
                listed += Int(n)
            }
        }
        #expect(listed == exceptions.entries.count && exceptions.fullRows.count == full * 24)
        return (full, ones)
    }

    @Test("the exceptions are the non-zero counts, frequent features are full rows, and bytes decide the storage")
    func storage() throws {
        let mixed = Self.counts((20, 1000, 45), seed: 3, sparse: true)
        let (full, _) = Self.checkLayout(mixed)
        #expect(full > 100 && full < 900)
        let (sparseFull, ones) = Self.checkLayout(Self.counts((20, 1000, 80), seed: 3, sparse: true))
        #expect(sparseFull < full && ones > 20)
        #expect(try !MultinomialNaiveBayes(counts: mixed).scorer.isSparse)
        let counts = Self.counts((20, 1000, 80), seed: 3, sparse: true)
        // Bytes at most half the dense table's: 20 classes at 20% non-zero are sparse, at 100% dense.
        #expect(try MultinomialNaiveBayes(counts: counts).scorer.isSparse)
        #expect(try BernoulliNaiveBayes(counts: counts).scorer.isSparse)
        #expect(try !ComplementNaiveBayes(counts: counts).scorer.isSparse)
        let dense = Self.counts((20, 1000, 0), seed: 3, sparse: false)
        #expect(try !MultinomialNaiveBayes(counts: dense).scorer.isSparse)
        // 8 V + 8 E <= 2 V stride: 1000 features of 20 classes with 5 exceptions each (48,000
        // bytes of 48,000) are; with 6 (56,000) they are not.
        #expect(WeightExceptions.preferred(exceptionsPerFeature: [Int32](repeating: 5, count: 1000), classes: 20))
        #expect(!WeightExceptions.preferred(exceptionsPerFeature: [Int32](repeating: 6, count: 1000), classes: 20))
        // Up to 8 classes stay dense (one SIMD8 per row), however sparse.
        #expect(!WeightExceptions.preferred(exceptionsPerFeature: [Int32](repeating: 1, count: 1000), classes: 8))
        #expect(WeightExceptions.preferred(exceptionsPerFeature: [Int32](repeating: 1, count: 1000), classes: 9))
        // 8 per head, 8 per listed exception (not for one: it is in the head), 96 per full row.
        #expect(WeightExceptions.byteCount(exceptionsPerFeature: [0, 1, 11, 12, 20], classes: 20) == 40 + 88 + 2 * 96)
    }

    @Test("a trained and reloaded 12-class model scores texts with exceptions, bitwise as with the dense table",
          arguments: [NaiveBayesKind.multinomial, .bernoulli])
    func trainedModel(kind: NaiveBayesKind) throws {
        let corpus = SyntheticCorpus.generate(megabytes: 0.1, seed: 11, vocabulary: 3000)
        // Twelve classes: each synthetic label split four ways by position.
        let labels = corpus.labels.enumerated().map { "\($0.element)-\($0.offset % 4)" }
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)), model: kind)
        let trained = try TextClassifier.train(texts: corpus.texts, labels: labels, options: options)
        let loaded = try ModelFile.decode(ModelFile.encode(trained), path: "memory")
        var texts = SyntheticCorpus.generate(megabytes: 0.03, seed: 12, vocabulary: 3000).texts
        for text in ["", "unknownword", "a"] { texts.append(text) }
        let matrix = loaded.vectorizer.transform(texts)
        let counts = loaded.classifier.counts
        let dense = kind == .bernoulli
            ? BernoulliNaiveBayes.makeScorer(counts, options: loaded.classifier.options)
            : MultinomialNaiveBayes.makeScorer(counts, options: loaded.classifier.options)
        var binary = matrix
        if kind == .bernoulli {
            let threshold = loaded.classifier.options.binarizeThreshold
            for k in binary.values.indices { binary.values[k] = binary.values[k] > threshold ? 1 : 0 }
        }
        let expected = dense.scores(binary, path: .sparse)
        for model in [trained, loaded] {
            #expect(model.classifier.scorer.isSparse)
            for threads in 1 ... 2 {
                #expect(Self.bits(model.jointLogLikelihood(texts, threads: threads)) == Self.bits(expected), "threads \(threads)")
            }
            #expect(Self.bits(model.classifier.jointLogLikelihood(matrix, path: .sparse)) == Self.bits(expected))
        }
    }
}
