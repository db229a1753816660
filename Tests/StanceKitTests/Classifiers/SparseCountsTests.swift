import Testing
@testable import StanceKit

@Suite struct SparseCountsTests {
    /// Counts with most cells zero, as n-gram counts are, in both representations.
    static func pair() -> (dense: NaiveBayesCounts, sparse: NaiveBayesCounts) {
        var rng = SplitMix64(seed: 5)
        let classes = ["a", "b", "c"], features = 200
        var values = [Double](repeating: 0, count: classes.count * features)
        // Whole counts at most each class's examples, so Bernoulli's weights are finite too.
        for k in values.indices where rng.bounded(below: 5) == 0 { values[k] = Double(1 + rng.bounded(below: 29)) }
        let classCounts = [40.0, 30, 50]
        let rows = (0 ..< classes.count).map { c in
            let columns = (0 ..< features).filter { values[c * features + $0] != 0 }
            return NaiveBayesCounts.SparseRow(columns: columns.map(Int32.init), values: columns.map { values[c * features + $0] })
        }
        return (NaiveBayesCounts(classes: classes, featureCount: features, classCounts: classCounts, featureCounts: values),
                NaiveBayesCounts(classes: classes, featureCount: features, classCounts: classCounts, rows: rows))
    }

    @Test("sparse counts give bitwise the counts and weights of dense ones, for every variant")
    func sameAsDense() throws {
        let (dense, sparse) = Self.pair()
        #expect(dense == sparse)
        #expect(dense.featureCounts == sparse.featureCounts)
        for c in 0 ..< 3 {
            #expect(Array(dense.featureCounts(ofClass: c)) == Array(sparse.featureCounts(ofClass: c)))
            #expect(dense.nonzeroCount(ofClass: c) == sparse.nonzeroCount(ofClass: c))
        }
        for kind in [NaiveBayesKind.multinomial, .complement, .bernoulli] {
            for normalize in [false, true] {
                var options = NaiveBayesOptions(alpha: 0.5)
                options.normalizeWeights = normalize
                let a = try kind.make(counts: dense, options: options), b = try kind.make(counts: sparse, options: options)
                #expect(a.scorer.isBounded, "\(kind) normalize \(normalize)")
                #expect(a.scorer == b.scorer, "\(kind) normalize \(normalize)")
            }
        }
    }

    @Test("adding rows to sparse counts (partialFit after a load) equals adding them to dense ones")
    func addAfterLoad() {
        var (dense, sparse) = Self.pair()
        let matrix = SparseMatrix(rowCount: 2, columnCount: 200, rowOffsets: [0, 2, 3], columns: [3, 150, 7], values: [0.5, 2, 1])
        dense.add(matrix, labels: [2, 0])
        sparse.add(matrix, labels: [2, 0])
        #expect(dense == sparse)
        #expect(dense.featureCounts == sparse.featureCounts)
    }

    @Test("counts are finite unless one is infinite or NaN or their sum overflows, dense or sparse, at any length")
    func finiteCounts() {
        for length in [1, 3, 4, 5, 9] {
            for bad in [nil, Double.infinity, .nan, 1e308] as [Double?] {
                var values = (0 ..< length).map { Double($0 + 1) }
                if let bad {
                    values[length - 1] = bad
                    if bad == 1e308 { values[0] = 1e308 }
                }
                let finite = bad == nil || (bad == 1e308 && length == 1)
                let dense = NaiveBayesCounts(classes: ["a", "b"], featureCount: length, classCounts: [1, 1],
                                             featureCounts: [Double](repeating: 1, count: length) + values)
                let sparse = NaiveBayesCounts(
                    classes: ["a", "b"], featureCount: length, classCounts: [1, 1],
                    rows: [.init(columns: [0], values: [1]), .init(columns: (0 ..< length).map { Int32($0) }, values: values)])
                #expect(dense.isFinite == finite, "dense, \(length) counts, \(String(describing: bad))")
                #expect(sparse.isFinite == finite, "sparse, \(length) counts, \(String(describing: bad))")
            }
        }
    }
}
