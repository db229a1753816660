/// The naive Bayes family, after scikit-learn's `_BaseNB`: each variant only says how its
/// counts become a linear joint log-likelihood `jll(x) = x W + b`; prediction, probabilities
/// and training are built once on that.
public protocol NaiveBayesClassifier: Sendable {
    /// Which variant this is.
    static var kind: NaiveBayesKind { get }
    /// The options the classifier was fitted with.
    var options: NaiveBayesOptions { get }
    /// The sufficient statistics.
    var counts: NaiveBayesCounts { get }
    /// The joint log-likelihood as weights and bias.
    var scorer: LinearScorer { get }
    /// The classifier for `counts` (derives the weights).
    init(counts: NaiveBayesCounts, options: NaiveBayesOptions) throws(ClassifierError)
    /// The joint log-likelihood's weights from `counts`: calls `row` with each class index and
    /// that class's weights over the features (one class at a time, so only one row is held),
    /// and returns the bias per class.
    static func weights(_ counts: NaiveBayesCounts, options: NaiveBayesOptions, _ row: (Int, [Double]) -> Void)
        -> [Double]
}

extension NaiveBayesClassifier {
    /// Class labels, sorted.
    public var classes: [String] { counts.classes }

    /// The scorer for `counts`: weights written straight into its padded buffer.
    static func makeScorer(_ counts: NaiveBayesCounts, options: NaiveBayesOptions) -> LinearScorer {
        var builder = LinearScorer.Builder(featureCount: counts.featureCount, classCount: counts.classes.count)
        let bias = weights(counts, options: options) { c, row in builder.set(class: c, weights: row) }
        return builder.finish(bias: bias)
    }

    /// The scorer for `counts`, its weights held as exceptions (built by `exceptions` from
    /// `exceptionsPerFeature`, one per non-zero count, whose array the builder takes over) when
    /// `WeightExceptions.preferred` finds that cheaper, else dense (`makeScorer`). Both hold
    /// bitwise the same weights and bias.
    static func preferredScorer(
        _ counts: NaiveBayesCounts, options: NaiveBayesOptions,
        exceptions: (NaiveBayesCounts, NaiveBayesOptions, inout [Int32]) -> LinearScorer
    ) -> LinearScorer {
        var perFeature = exceptionsPerFeature(counts)
        guard WeightExceptions.preferred(exceptionsPerFeature: perFeature, classes: counts.classes.count) else {
            return makeScorer(counts, options: options)
        }
        return exceptions(counts, options, &perFeature)
    }

    /// The number of non-zero counts `N_cj` of each feature `j`, counted a block of features at
    /// a time (`forEachNonzeroByFeatureBlock`), so the counts being added to stay in the cache:
    /// class after class, 20 sweeps over 20 Newsgroups bigrams' 4.3 MB of counts took ~5 ms.
    static func exceptionsPerFeature(_ counts: NaiveBayesCounts) -> [Int32] {
        var perFeature = [Int32](repeating: 0, count: counts.featureCount)
        perFeature.withUnsafeMutableBufferPointer { perFeature in
            counts.forEachNonzeroByFeatureBlock { j, _, _ in perFeature[j] += 1 }
        }
        return perFeature
    }

    /// The weights `w_c`, class-major (for inspection and tests; holds `classes x features`).
    public var classWeights: [[Double]] {
        var rows = [[Double]](repeating: [], count: classes.count)
        _ = Self.weights(counts, options: options) { c, row in rows[c] = row }
        return rows
    }

    /// The threshold above which a value counts during training (Bernoulli only).
    static func binarization(_ options: NaiveBayesOptions) -> Float? {
        kind == .bernoulli ? options.binarizeThreshold : nil
    }

    /// Fits on the rows of `matrix` with their `labels`; the classes are the sorted distinct labels.
    public static func fit(_ matrix: SparseMatrix, labels: [String], options: NaiveBayesOptions = .init())
        throws(ClassifierError) -> Self
    {
        let classes = Array(Set(labels)).sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        guard let first = classes.first else { throw .noExamples }
        guard classes.count > 1 else { throw .singleClass(first) }
        guard NaiveBayesCounts.fits(classes: classes.count, features: matrix.columnCount) else {
            throw .tooLarge(classes: classes.count, features: matrix.columnCount)
        }
        return try Self(counts: NaiveBayesCounts(classes: classes, featureCount: matrix.columnCount), options: options)
            .partialFit(matrix, labels: labels)
    }

    /// Adds the rows of `matrix` to the counts and re-derives the weights. Fitting in chunks
    /// gives the same counts as fitting at once (scikit-learn's `partial_fit`).
    public func partialFit(_ matrix: SparseMatrix, labels: [String]) throws(ClassifierError) -> Self {
        guard matrix.columnCount == counts.featureCount else {
            throw .featureCountMismatch(expected: counts.featureCount, found: matrix.columnCount)
        }
        var index: [String: Int] = [:]
        for (i, label) in classes.enumerated() { index[label] = i }
        var indices: [Int] = []
        indices.reserveCapacity(labels.count)
        for label in labels {
            guard let i = index[label] else { throw .unknownLabel(label, known: classes) }
            indices.append(i)
        }
        var updated = counts
        updated.add(matrix, labels: indices, binarizeAbove: Self.binarization(options))
        return try Self(counts: updated, options: options)
    }

    /// The joint log-likelihood `log P(c) + log P(x | c)` (up to a per-row constant), row-major
    /// `rows x classes`.
    public func jointLogLikelihood(_ matrix: SparseMatrix, path: ScoringPath = .automatic) -> [Double] {
        if let threshold = Self.binarization(options) {
            var binary = matrix
            for k in 0 ..< binary.values.count { binary.values[k] = binary.values[k] > threshold ? 1 : 0 }
            return scorer.scores(binary, path: path)
        }
        return scorer.scores(matrix, path: path)
    }

    /// `log P(c | x)`, normalised by log-sum-exp with the row maximum subtracted first.
    public func predictLogProbabilities(_ matrix: SparseMatrix, path: ScoringPath = .automatic) -> [[Double]] {
        let jll = jointLogLikelihood(matrix, path: path)
        let k = classes.count
        return (0 ..< matrix.rowCount).map { row in
            LogSumExp.normalize(jll[row * k ..< (row + 1) * k])
        }
    }

    /// `P(c | x)` = `exp(log P(c | x))`; each row sums to 1.
    public func predictProbabilities(_ matrix: SparseMatrix, path: ScoringPath = .automatic) -> [[Double]] {
        predictLogProbabilities(matrix, path: path).map { $0.map { exp($0) } }
    }

    /// The index of the most likely class per row (the first on ties, as numpy's argmax).
    public func predictIndices(_ matrix: SparseMatrix, path: ScoringPath = .automatic) -> [Int] {
        let jll = jointLogLikelihood(matrix, path: path)
        let k = classes.count
        return (0 ..< matrix.rowCount).map { row in
            var best = 0
            for c in 1 ..< k where jll[row * k + c] > jll[row * k + best] { best = c }
            return best
        }
    }

    /// The most likely class per row.
    public func predict(_ matrix: SparseMatrix, path: ScoringPath = .automatic) -> [String] {
        predictIndices(matrix, path: path).map { classes[$0] }
    }
}

/// Log-sum-exp normalisation.
enum LogSumExp {
    /// `v - (max + ln(sum exp(v - max)))`: log-probabilities from unnormalised log scores.
    static func normalize(_ values: ArraySlice<Double>) -> [Double] {
        guard let maximum = values.max(), maximum.isFinite else {
            return values.map { _ in -log(Double(values.count)) }
        }
        var sum = 0.0
        for v in values { sum += exp(v - maximum) }
        let logNorm = maximum + log(sum)
        return values.map { $0 - logNorm }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
