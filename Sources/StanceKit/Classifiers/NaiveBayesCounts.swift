/// The sufficient statistics of every naive Bayes variant: the (weighted) number of examples of
/// each class, `N_c`, and the summed feature values per class, `N_cj` (scikit-learn's
/// `class_count_` and `feature_count_`). Training is adding to them, so training in chunks
/// (`partialFit`) gives exactly the counts of training at once.
public struct NaiveBayesCounts: Sendable, Equatable {
    /// Class labels, sorted by UTF-8 bytes (scikit-learn's `classes_` order).
    public let classes: [String]
    /// The number of features.
    public let featureCount: Int
    /// `N_c`.
    public internal(set) var classCounts: [Double]
    /// `N_cj`, class-major: `featureCounts[c * featureCount + j]`.
    public internal(set) var featureCounts: [Double]

    /// The most `classes x features` cells a model may have (2^28: 2 GiB of counts plus 1 GiB of
    /// weights). Training and loading check it before allocating, so a corpus with thousands of
    /// classes and a large vocabulary, or a hostile model file, gives an error instead of an
    /// out-of-memory kill.
    public static let maximumCells = 1 << 28

    /// Whether `classes x features` fits under `maximumCells`.
    public static func fits(classes: Int, features: Int) -> Bool {
        classes >= 0 && features >= 0 && (classes == 0 || features <= maximumCells / classes)
    }

    /// Zero counts for `classes` over `featureCount` features.
    public init(classes: [String], featureCount: Int) {
        self.classes = classes
        self.featureCount = featureCount
        classCounts = [Double](repeating: 0, count: classes.count)
        featureCounts = [Double](repeating: 0, count: classes.count * featureCount)
    }

    /// Counts restored from a model file.
    init(classes: [String], featureCount: Int, classCounts: [Double], featureCounts: [Double]) {
        precondition(classCounts.count == classes.count && featureCounts.count == classes.count * featureCount,
                     "counts shape \(classCounts.count)/\(featureCounts.count) != \(classes.count) x \(featureCount)")
        self.classes = classes
        self.featureCount = featureCount
        self.classCounts = classCounts
        self.featureCounts = featureCounts
    }

    /// Adds the rows of `matrix` with class indices `labels`; with `binarizeAbove`, a value counts
    /// as 1 when above the threshold and 0 otherwise (Bernoulli NB).
    mutating func add(_ matrix: SparseMatrix, labels: [Int], binarizeAbove: Float? = nil) {
        precondition(labels.count == matrix.rowCount, "labels \(labels.count) != rows \(matrix.rowCount)")
        let features = featureCount
        featureCounts.withUnsafeMutableBufferPointer { counts in
            for row in 0 ..< matrix.rowCount {
                let c = labels[row]
                classCounts[c] += 1
                let base = c * features
                for k in matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1] {
                    let value = matrix.values[k]
                    if let threshold = binarizeAbove {
                        if value > threshold { counts[base + Int(matrix.columns[k])] += 1 }
                    } else {
                        counts[base + Int(matrix.columns[k])] += Double(value)
                    }
                }
            }
        }
    }

    /// Whether every count and the grand total are finite. Training checks this instead of
    /// building the weights: with finite counts and `alpha >= 1e-10`, every variant's weights
    /// are logarithms of finite positive numbers (complement counts `sum_k N_kj - N_cj` cannot
    /// round below 0, and binarised counts never exceed their class's examples), so they are
    /// finite. A model file's counts are checked again on load, through the scorer.
    var isFinite: Bool {
        var total = 0.0
        for value in classCounts { total += value }
        for value in featureCounts { total += value }
        return total.isFinite
    }

    /// Row `c` of `N_cj`.
    public func featureCounts(ofClass c: Int) -> ArraySlice<Double> {
        featureCounts[c * featureCount ..< (c + 1) * featureCount]
    }

    /// `log P(c)`: explicit priors, else class frequencies when `fitPrior`, else uniform.
    func classLogPrior(_ options: NaiveBayesOptions) -> [Double] {
        if let priors = options.classPriors { return priors.map { log($0) } }
        if options.fitPrior {
            let total = classCounts.reduce(0, +)
            return classCounts.map { log($0) - log(total) }
        }
        return classCounts.map { _ in -log(Double(classCounts.count)) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
