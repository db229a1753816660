import Testing
@testable import StanceKit

/// The sparse SIMD path and the dense GEMM path on the same random inputs, and both against a
/// plain double loop (the reference implementation).
@Suite struct LinearScorerTests {
    static let shapes: [(rows: Int, features: Int, classes: Int, density: Double)] = [
        (1, 5, 2, 0.5), (17, 300, 3, 0.05), (64, 1000, 8, 0.01), (40, 200, 9, 0.3), (33, 2500, 20, 0.02), (3, 10, 1, 1.0),
    ]

    func reference(_ matrix: SparseMatrix, _ weights: [[Double]], _ bias: [Double]) -> [Double] {
        var result: [Double] = []
        for row in matrix.dense() {
            for c in 0 ..< weights.count {
                var s = bias[c]
                for j in 0 ..< row.count { s += Double(row[j]) * Double(Float(weights[c][j])) }
                result.append(s)
            }
        }
        return result
    }

    @Test("sparse, dense and reference agree", arguments: 0 ..< shapes.count)
    func agree(index: Int) {
        let shape = Self.shapes[index]
        var rng = SplitMix64(seed: UInt64(index + 1))
        let matrix = ScoringCrossover.randomMatrix(rows: shape.rows, features: shape.features, density: shape.density, rng: &rng)
        let weights = (0 ..< shape.classes).map { _ in
            (0 ..< shape.features).map { _ in -Double(rng.bounded(below: 20_000)) / 1000 }
        }
        let bias = (0 ..< shape.classes).map { -Double($0) }
        let scorer = LinearScorer(classWeights: weights, bias: bias)
        let expected = reference(matrix, weights, bias)
        for path in ScoringPath.allCases {
            let scores = scorer.scores(matrix, path: path)
            #expect(scores.count == expected.count)
            for (a, e) in zip(scores, expected) { #expect(abs(a - e) <= 1e-4 * max(1, abs(e)), "\(path)") }
        }
    }

    @Test("an empty matrix scores to nothing on both paths")
    func empty() {
        let scorer = LinearScorer(classWeights: [[1, 2], [3, 4]], bias: [0, 0])
        let matrix = SparseMatrix(rowCount: 0, columnCount: 2, rowOffsets: [0], columns: [], values: [])
        #expect(scorer.scores(matrix, path: .sparse).isEmpty)
        #expect(scorer.scores(matrix, path: .dense).isEmpty)
    }
}
