import Testing
@testable import StanceKit

/// Streamed training's class counts, sparse or dense, equal `NaiveBayesCounts.add`'s, bit for bit.
@Suite struct ClassCountAccumulatorTests {
    /// `count` random rows over `features` columns (sorted, distinct per row; some rows empty),
    /// with values that round differently depending on the order they are summed in.
    static func matrix(rows count: Int, features: Int, rng: inout SplitMix64) -> SparseMatrix {
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        for _ in 0 ..< count {
            let width = Int(rng.bounded(below: 9))
            let chosen = Set((0 ..< width).map { _ in Int32(rng.bounded(below: UInt64(features))) }).sorted()
            for column in chosen {
                columns.append(column)
                values.append(Float(rng.bounded(below: 1000)) / 7 + 0.1)
            }
            offsets.append(columns.count)
        }
        return SparseMatrix(rowCount: count, columnCount: features, rowOffsets: offsets, columns: columns, values: values)
    }

    /// Dense, sparse, and sparse folding its logs into the cells every few rows (1, 16) or every
    /// few hundred values (512: folds that add many cells between existing ones, so blocks of
    /// cells move in one copy as well as one by one, and, once every cell of the 7-feature
    /// table exists, folds that add none).
    static let tables: [(dense: Bool, logLimit: Int?)] = [(true, nil), (false, nil), (false, 1), (false, 16), (false, 512)]

    @Test("the same counts as NaiveBayesCounts.add, in 1 to 4 parts, sparse and dense, with and without binarizing",
          arguments: [1, 2, 3, 4], tables.indices)
    func matchesDense(parts: Int, table: Int) {
        let (denseTable, logLimit) = Self.tables[table]
        var rng = SplitMix64(seed: UInt64(parts))
        let classes = ["a", "b", "c", "d", "e"]
        for (features, binarize) in [(7, nil), (3000, nil), (3000, Float(60)), (1, nil)] as [(Int, Float?)] {
            var reference = NaiveBayesCounts(classes: classes, featureCount: features)
            var accumulators = (0 ..< parts).map {
                ClassCountAccumulator(classCount: classes.count, featureCount: features, part: $0, of: parts, dense: denseTable, logLimit: logLimit)
            }
            // Several batches, so cells are summed across them and the tables grow.
            for _ in 0 ..< 6 {
                let batch = Self.matrix(rows: 400, features: features, rng: &rng)
                let labels = (0 ..< batch.rowCount).map { _ in Int(rng.bounded(below: 4)) }  // class "e" never occurs
                reference.add(batch, labels: labels, binarizeAbove: binarize)
                for p in accumulators.indices { accumulators[p].add(batch, labels: labels[...], binarizeAbove: binarize) }
            }
            let sparse = ClassCountAccumulator.merged(&accumulators, classes: classes)
            #expect(sparse.classCounts == reference.classCounts)
            let got = sparse.featureCounts, want = reference.featureCounts
            #expect(got.count == want.count)
            #expect(zip(got, want).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(features) features, binarize \(String(describing: binarize))")
            #expect(ModelFileCountsCheck.nonzero(sparse) == want.filter { $0 != 0 }.count)
            #expect(sparse == reference)
        }
    }
}

extension ClassCountAccumulatorTests {
    /// Batches whose columns fall in a window that moves down, then up, then spans the whole
    /// table: the folds' runs lie before, after, between and on the cells, and the four merges
    /// `ClassCountLog.match` steps together end at different cells (some at the last).
    @Test("a dense row's non-zero cells: the branch-free loops keep what `!= 0` keeps, -0.0 out and NaN in")
    func nonzeroCells() {
        let special: [Double] = [0, -0.0, 1, -1, .nan, -.nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 .leastNormalMagnitude, .greatestFiniteMagnitude, 0.5]
        var rng = SplitMix64(seed: 11)
        var rows: [[Double]] = [[], [0], [-0.0], [3], special, [Double](repeating: 0, count: 40), [Double](repeating: 2, count: 40)]
        for _ in 0 ..< 20 {
            rows.append((0 ..< Int(rng.bounded(below: 200))).map { _ in
                rng.bounded(below: 3) == 0 ? special[Int(rng.bounded(below: UInt64(special.count)))] : 0
            })
        }
        for row in rows {
            // The plain filter the loops must equal.
            let kept = row.indices.filter { row[$0] != 0 }
            let cells = row.withUnsafeBufferPointer { ClassCountAccumulator.nonzeroCells($0) }
            #expect(cells.columns == kept.map { Int32($0) })
            #expect(cells.values.map(\.bitPattern) == kept.map { row[$0].bitPattern })
        }
    }

    @Test("folds of runs before, after and among the cells equal NaiveBayesCounts.add", arguments: [1, 2])
    func foldsAcrossTheCells(parts: Int) {
        var rng = SplitMix64(seed: 11)
        let classes = ["a", "b", "c"], features = 5000
        var reference = NaiveBayesCounts(classes: classes, featureCount: features)
        var accumulators = (0 ..< parts).map {
            ClassCountAccumulator(classCount: classes.count, featureCount: features, part: $0, of: parts, dense: false, logLimit: 700)
        }
        for window in [(2000, 2500), (0, 300), (4500, 5000), (1000, 4000), (0, 5000), (2400, 2600)] {
            var batch = Self.matrix(rows: 300, features: window.1 - window.0, rng: &rng)
            batch = SparseMatrix(
                rowCount: batch.rowCount, columnCount: features, rowOffsets: batch.rowOffsets,
                columns: batch.columns.map { $0 + Int32(window.0) }, values: batch.values)
            let labels = (0 ..< batch.rowCount).map { _ in Int(rng.bounded(below: 3)) }
            reference.add(batch, labels: labels)
            for p in accumulators.indices { accumulators[p].add(batch, labels: labels[...]) }
        }
        let sparse = ClassCountAccumulator.merged(&accumulators, classes: classes)
        #expect(zip(sparse.featureCounts, reference.featureCounts).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(sparse == reference)
    }
}

/// How many non-zero counts a `NaiveBayesCounts` holds (what a model file stores).
enum ModelFileCountsCheck {
    static func nonzero(_ counts: NaiveBayesCounts) -> Int {
        counts.classes.indices.reduce(0) { $0 + counts.nonzeroCount(ofClass: $1) }
    }
}
