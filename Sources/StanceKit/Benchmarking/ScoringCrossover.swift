/// Measures where the dense (OpenBLAS GEMM) scoring path overtakes the sparse SIMD path, over
/// a grid of shapes: rows, features, classes and density. Matrices are random with a fixed
/// seed, so runs are comparable; each point also checks that both paths agree.
public enum ScoringCrossover {
    /// One measured shape.
    public struct Point: Sendable {
        public let rows: Int
        public let features: Int
        public let classes: Int
        public let density: Double
        public let sparseSeconds: Double
        public let denseSeconds: Double
        /// The largest absolute difference between the two paths' scores.
        public let maxDifference: Double

        /// `sparse / dense`: above 1 the dense path is faster.
        public var denseSpeedup: Double { sparseSeconds / denseSeconds }
    }

    /// A random `rows x features` matrix with about `density` of its cells stored.
    public static func randomMatrix(rows: Int, features: Int, density: Double, rng: inout SplitMix64) -> SparseMatrix {
        var offsets = [0]
        var columns: [Int32] = []
        var values: [Float] = []
        let perRow = max(1, Int((density * Double(features)).rounded()))
        for _ in 0 ..< rows {
            var chosen = Set<Int32>()
            while chosen.count < min(perRow, features) {
                chosen.insert(Int32(rng.bounded(below: UInt64(features))))
            }
            for column in chosen.sorted() {
                columns.append(column)
                values.append(Float(rng.bounded(below: 1000) + 1) / 1000)
            }
            offsets.append(columns.count)
        }
        return SparseMatrix(rowCount: rows, columnCount: features, rowOffsets: offsets, columns: columns, values: values)
    }

    /// Measures one shape.
    public static func measure(rows: Int, features: Int, classes: Int, density: Double, seed: UInt64 = 42,
                               repetitions: Int = 5) -> Point {
        var rng = SplitMix64(seed: seed)
        let matrix = randomMatrix(rows: rows, features: features, density: density, rng: &rng)
        let weights = (0 ..< classes).map { _ in (0 ..< features).map { _ in -Double(rng.bounded(below: 10_000)) / 1000 } }
        let scorer = LinearScorer(classWeights: weights, bias: [Double](repeating: 0, count: classes))
        var sparse: [Double] = [], dense: [Double] = []
        let sparseTimes = BenchmarkClock.measure(repetitions: repetitions) {
            sparse = scorer.scores(matrix, path: .sparse)
            BlackHole.consume(sparse.count)
        }
        let denseTimes = BenchmarkClock.measure(repetitions: repetitions) {
            dense = scorer.scores(matrix, path: .dense)
            BlackHole.consume(dense.count)
        }
        let difference = zip(sparse, dense).map { abs($0 - $1) }.max() ?? 0
        return Point(
            rows: rows, features: features, classes: classes, density: density,
            sparseSeconds: sparseTimes[sparseTimes.count / 2], denseSeconds: denseTimes[denseTimes.count / 2],
            maxDifference: difference)
    }
}
