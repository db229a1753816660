import Testing
@testable import StanceKit

@Suite struct NeighbourSearchTests {
    /// `rows x dimension` random unit rows.
    static func unitRows(_ rows: Int, _ dimension: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var values = [Float](repeating: 0, count: rows * dimension)
        values.withUnsafeMutableBufferPointer { rng.fillGaussian($0) }
        SemanticSpace.normalizeRows(&values, width: dimension)
        return values
    }

    /// The reference: every dot product in Double, a full stable sort, the first k.
    static func reference(_ queries: [Float], _ embeddings: [Float], dimension: Int, k: Int) -> [[ScoredIndex]] {
        let q = queries.count / dimension, n = embeddings.count / dimension
        return (0 ..< q).map { a in
            let scored = (0 ..< n).map { b in
                let dot = (0 ..< dimension).reduce(0.0) { $0 + Double(queries[a * dimension + $1]) * Double(embeddings[b * dimension + $1]) }
                return ScoredIndex(index: b, score: Float(dot))
            }
            return Array(scored.sorted(by: ScoredIndex.ranksBefore).prefix(k))
        }
    }

    static func agree(_ found: [[ScoredIndex]], _ expected: [[ScoredIndex]]) -> Bool {
        found.count == expected.count && zip(found, expected).allSatisfy { f, e in
            f.count == e.count && zip(f, e).allSatisfy { $0.index == $1.index && abs($0.score - $1.score) < 1e-5 }
        }
    }

    @Test("GEMM top-k equals a plain loop and a full sort, in one block or many", arguments: [NeighbourSearch.similarityBudget, 1_000, 1])
    func gemmAgainstReference(budget: Int) {
        let dimension = 16
        let embeddings = Self.unitRows(500, dimension, seed: 1), queries = Self.unitRows(37, dimension, seed: 2)
        let expected = Self.reference(queries, embeddings, dimension: dimension, k: 7)
        let found = NeighbourSearch.gemm(queries: queries, embeddings: embeddings, dimension: dimension, count: 7,
                                         similarityBudget: budget)
        #expect(found.allSatisfy { $0.count == 7 })
        #expect(Self.agree(found, expected))
        #expect(Self.agree(NeighbourSearch.loop(queries: queries, embeddings: embeddings, dimension: dimension, count: 7), expected))
    }

    @Test("k larger than the rows gives every row; k = 0 gives none; no queries, no results")
    func counts() {
        let embeddings = Self.unitRows(5, 4, seed: 3), queries = Self.unitRows(2, 4, seed: 4)
        let all = NeighbourSearch.gemm(queries: queries, embeddings: embeddings, dimension: 4, count: 50)
        #expect(all.map(\.count) == [5, 5])
        #expect(Set(all[0].map(\.index)) == Set(0 ..< 5))
        #expect(NeighbourSearch.gemm(queries: queries, embeddings: embeddings, dimension: 4, count: 0).map(\.count) == [0, 0])
        #expect(NeighbourSearch.gemm(queries: [], embeddings: embeddings, dimension: 4, count: 3).isEmpty)
    }

    @Test("partial selection: best first, ties to the lower index, NaN never chosen")
    func selection() {
        let row: [Float] = [0.5, .nan, 0.9, 0.5, -1, 0.9, 0.1]
        let top = row.withUnsafeBufferPointer { TopK.select($0, count: 4) }
        #expect(top.map(\.index) == [2, 5, 0, 3])
        #expect(top.map(\.score) == [0.9, 0.9, 0.5, 0.5])
        var rng = SplitMix64(seed: 5)
        let random = (0 ..< 1000).map { _ in Float(rng.bounded(below: 50)) }
        let expected = random.enumerated().map { ScoredIndex(index: $0, score: $1) }.sorted(by: ScoredIndex.ranksBefore)
        for k in [1, 10, 999, 1000, 2000] {
            #expect(random.withUnsafeBufferPointer { TopK.select($0, count: k) } == Array(expected.prefix(k)))
        }
    }
}

@Suite struct SimilarityBenchmarkTests {
    @Test("the benchmark's two paths agree and both are timed")
    func smallShape() {
        let point = SimilarityBenchmark.measure(rows: 300, dimension: 24, queries: 5, count: 4, repetitions: 1)
        #expect(point.agree)
        #expect(point.gemmSeconds > 0 && point.loopSeconds > 0)
    }
}
