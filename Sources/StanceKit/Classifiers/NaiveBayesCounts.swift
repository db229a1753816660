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
    /// `N_cj`: dense while fitting in memory (every add is one store), sparse when read from a
    /// model file or trained by `CorpusTrainer` (only the non-zero counts, as the file stores
    /// them: for 20 Newsgroups with bigrams 1.87 million of 23.9 million cells, 22 MB instead of
    /// 191 MB; see `ClassCountAccumulator`). Both give the same values.
    private var storage: Storage

    enum Storage: Sendable {
        /// Class-major, `C x V`.
        case dense([Double])
        /// Per class, the non-zero counts by ascending column.
        case sparse([SparseRow])
    }

    /// One class's non-zero counts.
    struct SparseRow: Sendable {
        var columns: [Int32]
        var values: [Double]
    }

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
        storage = .dense([Double](repeating: 0, count: classes.count * featureCount))
    }

    /// Counts from their dense `C x V` table.
    init(classes: [String], featureCount: Int, classCounts: [Double], featureCounts: [Double]) {
        precondition(classCounts.count == classes.count && featureCounts.count == classes.count * featureCount,
                     "counts shape \(classCounts.count)/\(featureCounts.count) != \(classes.count) x \(featureCount)")
        self.classes = classes
        self.featureCount = featureCount
        self.classCounts = classCounts
        storage = .dense(featureCounts)
    }

    /// Counts from each class's non-zero counts (ascending columns below `featureCount`).
    init(classes: [String], featureCount: Int, classCounts: [Double], rows: [SparseRow]) {
        precondition(classCounts.count == classes.count && rows.count == classes.count,
                     "counts shape \(classCounts.count)/\(rows.count) != \(classes.count) classes")
        self.classes = classes
        self.featureCount = featureCount
        self.classCounts = classCounts
        storage = .sparse(rows)
    }

    public static func == (lhs: NaiveBayesCounts, rhs: NaiveBayesCounts) -> Bool {
        lhs.classes == rhs.classes && lhs.featureCount == rhs.featureCount && lhs.classCounts == rhs.classCounts
            && lhs.featureCounts == rhs.featureCounts
    }

    /// `N_cj`, class-major: `featureCounts[c * featureCount + j]` (made dense on each call when
    /// the counts are sparse).
    public var featureCounts: [Double] {
        switch storage {
        case .dense(let values): return values
        case .sparse:
            return (0 ..< classes.count).flatMap { featureCounts(ofClass: $0) }
        }
    }

    /// Calls `body` with each class index and that class's counts over all features, one class
    /// at a time (a sparse class is spread into one reused buffer).
    func forEachRow(_ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        switch storage {
        case .dense(let values):
            values.withUnsafeBufferPointer { all in
                for c in 0 ..< classes.count {
                    body(c, UnsafeBufferPointer(rebasing: all[c * featureCount ..< (c + 1) * featureCount]))
                }
            }
        case .sparse(let rows):
            var buffer = [Double](repeating: 0, count: featureCount)
            buffer.withUnsafeMutableBufferPointer { row in
                for (c, sparse) in rows.enumerated() {
                    if c > 0 { for j in rows[c - 1].columns { row[Int(j)] = 0 } }
                    for (j, value) in zip(sparse.columns, sparse.values) { row[Int(j)] = value }
                    body(c, UnsafeBufferPointer(row))
                }
            }
        }
    }

    /// Calls `body` with each non-zero count of class `c` and its column, by ascending column.
    func forEachNonzero(ofClass c: Int, _ body: (Int, Double) -> Void) {
        switch storage {
        case .dense(let values):
            for j in 0 ..< featureCount where values[c * featureCount + j] != 0 { body(j, values[c * featureCount + j]) }
        case .sparse(let rows):
            for (j, value) in zip(rows[c].columns, rows[c].values) where value != 0 { body(Int(j), value) }
        }
    }

    /// Features per block of `forEachNonzeroByFeatureBlock`: a block's share of a weight table
    /// being filled (its offsets, markers and about 1.6 entries per feature, ~20 bytes each)
    /// stays in the L2 cache while every class adds to it.
    static let featureBlock = 16_384

    /// Calls `body(j, c, N_cj)` with every non-zero count, a block of `featureBlock` features
    /// at a time: within a block class by class (ascending), within a class by ascending
    /// column. So each feature's classes come in ascending order, and each class's columns do,
    /// as with `forEachNonzero(ofClass:)` class after class, but a table indexed by feature is
    /// written one block at a time instead of swept once per class: for 20 Newsgroups with
    /// bigrams (1.2 million features, 20 classes), 20 passes over ~24 MB became one.
    func forEachNonzeroByFeatureBlock(_ body: (Int, Int, Double) -> Void) {
        let classCount = classes.count
        switch storage {
        case .dense(let values):
            for start in stride(from: 0, to: featureCount, by: Self.featureBlock) {
                let end = min(featureCount, start + Self.featureBlock)
                for c in 0 ..< classCount {
                    for j in start ..< end where values[c * featureCount + j] != 0 { body(j, c, values[c * featureCount + j]) }
                }
            }
        case .sparse(let rows):
            var cursors = [Int](repeating: 0, count: classCount)
            for start in stride(from: 0, to: featureCount, by: Self.featureBlock) {
                let end = Int32(truncatingIfNeeded: min(featureCount, start + Self.featureBlock))
                for c in 0 ..< classCount {
                    rows[c].columns.withUnsafeBufferPointer { columns in
                        rows[c].values.withUnsafeBufferPointer { values in
                            var k = cursors[c]
                            while k < columns.count && columns[k] < end {
                                if values[k] != 0 { body(Int(columns[k]), c, values[k]) }
                                k += 1
                            }
                            cursors[c] = k
                        }
                    }
                }
            }
        }
    }

    /// Class `c`'s counts as they are stored, when they are stored sparse (zeros included, if
    /// any); nil when they are dense.
    func storedRow(ofClass c: Int) -> SparseRow? {
        guard case .sparse(let rows) = storage else { return nil }
        return rows[c]
    }

    /// The number of non-zero counts of class `c`.
    func nonzeroCount(ofClass c: Int) -> Int {
        switch storage {
        case .dense(let values):
            var n = 0
            for j in 0 ..< featureCount where values[c * featureCount + j] != 0 { n += 1 }
            return n
        case .sparse(let rows):
            return rows[c].values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        }
    }

    /// Adds the rows of `matrix` with class indices `labels`; with `binarizeAbove`, a value counts
    /// as 1 when above the threshold and 0 otherwise (Bernoulli NB). Sparse counts become dense.
    mutating func add(_ matrix: SparseMatrix, labels: [Int], binarizeAbove: Float? = nil) {
        precondition(labels.count == matrix.rowCount, "labels \(labels.count) != rows \(matrix.rowCount)")
        var values: [Double]
        switch storage {
        case .dense(let dense): values = dense
        case .sparse: values = featureCounts
        }
        storage = .dense([])
        let features = featureCount
        values.withUnsafeMutableBufferPointer { counts in
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
        storage = .dense(values)
    }

    /// Row `c` of `N_cj`.
    public func featureCounts(ofClass c: Int) -> ArraySlice<Double> {
        switch storage {
        case .dense(let values): return values[c * featureCount ..< (c + 1) * featureCount]
        case .sparse(let rows):
            var row = [Double](repeating: 0, count: featureCount)
            for (j, value) in zip(rows[c].columns, rows[c].values) { row[Int(j)] = value }
            return row[...]
        }
    }

    /// Whether every count and the grand total are finite. Training checks this instead of
    /// building the weights: with finite counts and `alpha >= 1e-10`, every variant's weights
    /// are logarithms of finite positive numbers (complement counts `sum_k N_kj - N_cj` cannot
    /// round below 0, and binarised counts never exceed their class's examples), so they are
    /// finite. A model file's counts are checked again on load, through the scorer.
    ///
    /// The sum runs on four lanes (`lanes`): one chain of additions waited on each addition
    /// (20 Newsgroups bigrams, 1.87 million counts, at training's serial end: 1.2 -> 0.45 ms,
    /// perf samples at 20 kHz, one run each). Counts are
    /// not negative, so the lanes' total overflows when the one chain's would, and a NaN or an
    /// infinity reaches it either way.
    var isFinite: Bool {
        var total = Self.lanes(classCounts)
        switch storage {
        case .dense(let values): total += Self.lanes(values)
        case .sparse(let rows): for row in rows { total += Self.lanes(row.values) }
        }
        return total.isFinite
    }

    /// The sum of `values` on four lanes, added together at the end.
    private static func lanes(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { values in
            var sums = SIMD4<Double>()
            var k = 0
            while k + 4 <= values.count {
                sums += SIMD4(values[k], values[k + 1], values[k + 2], values[k + 3])
                k += 4
            }
            var total = sums.sum()
            while k < values.count {
                total += values[k]
                k += 1
            }
            return total
        }
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
