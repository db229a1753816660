/// Measures the nearest-neighbour search of `SemanticSpace`: one GEMM for a batch of queries
/// (`NeighbourSearch.gemm`) against a plain loop of scalar dot products over the same unit
/// embeddings (`NeighbourSearch.loop`), both followed by the same top-k selection. Embeddings
/// and queries are random unit rows from a fixed seed; each point checks that both paths return
/// the same neighbours.
public enum SimilarityBenchmark {
    /// One measured shape.
    public struct Point: Sendable {
        /// Training sentences `n`.
        public let rows: Int
        /// The space's rank `R`.
        public let dimension: Int
        /// Queries in the batch.
        public let queries: Int
        /// Neighbours per query.
        public let count: Int
        public let gemmSeconds: Double
        public let loopSeconds: Double
        /// Whether both paths found the same neighbours (same indices, scores within 1e-4).
        public let agree: Bool

        /// `loop / gemm`: above 1 the GEMM path is faster.
        public var gemmSpeedup: Double { loopSeconds / gemmSeconds }
    }

    /// Measures one shape.
    public static func measure(rows: Int, dimension: Int, queries: Int, count: Int = 10, seed: UInt64 = 42,
                               repetitions: Int = 5) -> Point {
        var rng = SplitMix64(seed: seed)
        var embeddings = [Float](repeating: 0, count: rows * dimension)
        var batch = [Float](repeating: 0, count: queries * dimension)
        embeddings.withUnsafeMutableBufferPointer { rng.fillGaussian($0) }
        batch.withUnsafeMutableBufferPointer { rng.fillGaussian($0) }
        SemanticSpace.normalizeRows(&embeddings, width: dimension)
        SemanticSpace.normalizeRows(&batch, width: dimension)
        var viaGEMM: [[ScoredIndex]] = [], viaLoop: [[ScoredIndex]] = []
        let gemmTimes = BenchmarkClock.measure(repetitions: repetitions) {
            viaGEMM = NeighbourSearch.gemm(queries: batch, embeddings: embeddings, dimension: dimension, count: count)
            BlackHole.consume(viaGEMM.count)
        }
        let loopTimes = BenchmarkClock.measure(repetitions: repetitions) {
            viaLoop = NeighbourSearch.loop(queries: batch, embeddings: embeddings, dimension: dimension, count: count)
            BlackHole.consume(viaLoop.count)
        }
        let agree = viaGEMM.count == viaLoop.count && zip(viaGEMM, viaLoop).allSatisfy { a, b in
            a.count == b.count && zip(a, b).allSatisfy { $0.index == $1.index && abs($0.score - $1.score) < 1e-4 }
        }
        return Point(
            rows: rows, dimension: dimension, queries: queries, count: count,
            gemmSeconds: gemmTimes[gemmTimes.count / 2], loopSeconds: loopTimes[loopTimes.count / 2], agree: agree)
    }
}
