import Testing
@testable import StanceKit

@Suite struct TruncatedSVDTests {
    /// A 6 x 8 count matrix. Its singular values, from numpy 2 (`/work/venv/bin/python`):
    /// ```python
    /// import numpy as np
    /// X = np.array([[1,0,2,0,0,1,0,0], [0,3,0,1,0,0,2,0], [2,0,1,0,1,0,0,1],
    ///               [0,1,0,2,0,0,1,0], [1,1,0,0,3,0,0,2], [0,0,1,0,0,2,1,0]], dtype=np.float64)
    /// print([float(f"{v:.9g}") for v in np.linalg.svd(X, compute_uv=False)])
    /// ```
    static let fixture: [[Float]] = [
        [1, 0, 2, 0, 0, 1, 0, 0],
        [0, 3, 0, 1, 0, 0, 2, 0],
        [2, 0, 1, 0, 1, 0, 0, 1],
        [0, 1, 0, 2, 0, 0, 1, 0],
        [1, 1, 0, 0, 3, 0, 0, 2],
        [0, 0, 1, 0, 0, 2, 1, 0],
    ]
    static let numpySingularValues: [Float] = [4.68863485, 4.05135257, 3.21435963, 1.73537725, 1.34982821, 0.661488752]

    static func sparse(_ rows: [[Float]]) -> SparseMatrix {
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        for row in rows {
            for (j, v) in row.enumerated() where v != 0 {
                columns.append(Int32(j))
                values.append(v)
            }
            offsets.append(columns.count)
        }
        return SparseMatrix(rowCount: rows.count, columnCount: rows.first?.count ?? 0, rowOffsets: offsets,
                            columns: columns, values: values)
    }

    /// `||X - X V Vᵀ||_F²` for the row-major `d x r` matrix `V`.
    static func residual(_ x: [[Float]], _ v: [Float], rank r: Int) -> Double {
        var total = 0.0
        for row in x {
            var coordinates = [Double](repeating: 0, count: r)
            for (j, value) in row.enumerated() { for c in 0 ..< r { coordinates[c] += Double(value) * Double(v[j * r + c]) } }
            for (j, value) in row.enumerated() {
                var back = 0.0
                for c in 0 ..< r { back += coordinates[c] * Double(v[j * r + c]) }
                total += (Double(value) - back) * (Double(value) - back)
            }
        }
        return total
    }

    /// All singular values of a dense matrix by one `sgesdd` call (the exact reference).
    static func exactSingularValues(_ x: [[Float]]) -> [Float] {
        let m = x.count, n = x[0].count, p = min(m, n)
        var columnMajor = [Float](repeating: 0, count: m * n)
        for i in 0 ..< m { for j in 0 ..< n { columnMajor[j * m + i] = x[i][j] } }
        var s = [Float](repeating: 0, count: p), u = [Float](repeating: 0, count: m * p), vt = [Float](repeating: 0, count: p * n)
        let converged = BLAS.gesdd(m: m, n: n, a: &columnMajor, s: &s, u: &u, vt: &vt)
        precondition(converged)
        return s
    }

    @Test("singular values match numpy's to 1e-3 relative, at full rank and truncated", arguments: [6, 4, 2])
    func numpy(rank: Int) throws {
        let svd = try TruncatedSVD.fit(Self.sparse(Self.fixture), options: .init(rank: rank, oversampling: 6 - rank))
        #expect(svd.rank == rank)
        for (found, expected) in zip(svd.singularValues, Self.numpySingularValues) {
            #expect(abs(found - expected) / expected < 1e-3, "σ \(found) vs numpy \(expected)")
        }
    }

    @Test("V_R has orthonormal columns, and X V_R V_Rᵀ reconstructs X as Eckart-Young allows")
    func reconstruction() throws {
        let x = Self.fixture
        let total = Self.numpySingularValues.reduce(0.0) { $0 + Double($1 * $1) }
        for rank in [6, 4, 3] {
            let svd = try TruncatedSVD.fit(Self.sparse(x), options: .init(rank: rank, oversampling: 6 - rank))
            let v = svd.rightSingularVectors
            for a in 0 ..< rank {
                for b in 0 ..< rank {
                    let dot = (0 ..< 8).reduce(0.0) { $0 + Double(v[$1 * rank + a]) * Double(v[$1 * rank + b]) }
                    #expect(abs(dot - (a == b ? 1 : 0)) < 1e-4, "V column \(a) · column \(b) = \(dot)")
                }
            }
            // The best rank-R approximation leaves exactly the tail σ_{R+1}² + ... behind.
            let tail = Self.numpySingularValues.dropFirst(rank).reduce(0.0) { $0 + Double($1 * $1) }
            let residual = Self.residual(x, v, rank: rank)
            #expect(abs(residual - tail) <= 1e-4 * total, "rank \(rank): residual \(residual), optimum \(tail)")
        }
    }

    @Test("on a random sparse 150 x 400 matrix (a flat spectrum), power iterations converge to the exact SVD")
    func randomMatrix() throws {
        var rng = SplitMix64(seed: 11)
        let matrix = ScoringCrossover.randomMatrix(rows: 150, features: 400, density: 0.05, rng: &rng)
        let dense = matrix.dense()
        let exact = Self.exactSingularValues(dense)
        let optimum = exact.dropFirst(12).reduce(0.0) { $0 + Double($1 * $1) }
        var errors: [Float] = [], residuals: [Double] = []
        for q in [0, 2, 4, 8, 16] {
            let svd = try TruncatedSVD.fit(matrix, options: .init(rank: 12, powerIterations: q, seed: 5))
            errors.append((0 ..< 12).map { abs(svd.singularValues[$0] - exact[$0]) / exact[$0] }.max() ?? 1)
            residuals.append(Self.residual(dense, svd.rightSingularVectors, rank: 12) / optimum)
        }
        // Each doubling of q shrinks the largest relative error of σ_1..σ_12 and the residual.
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $0 > $1 }, "\(errors)")
        #expect(zip(residuals, residuals.dropFirst()).allSatisfy { $0 > $1 }, "\(residuals)")
        #expect(errors[4] < 1e-3, "q = 16: \(errors[4])")
        // The default q = 4 is within 1% of the best possible rank-12 residual (Eckart-Young).
        #expect(residuals[2] < 1.01, "q = 4: residual / optimum \(residuals[2])")
    }

    @Test("the same seed gives the same decomposition; the rank is capped at min(n, d)")
    func determinism() throws {
        let matrix = Self.sparse(Self.fixture)
        let a = try TruncatedSVD.fit(matrix, options: .init(rank: 3, seed: 9))
        #expect(a == (try TruncatedSVD.fit(matrix, options: .init(rank: 3, seed: 9))))
        #expect(try TruncatedSVD.fit(matrix, options: .init(rank: 50)).rank == 6)
    }

    @Test("options out of range are rejected with the flag's name")
    func invalidOptions() {
        let matrix = Self.sparse(Self.fixture)
        #expect(throws: SemanticSpaceError.invalidOption("--lsa-rank must be at least 1, got 0")) {
            try TruncatedSVD.fit(matrix, options: .init(rank: 0))
        }
        #expect(throws: SemanticSpaceError.self) { try TruncatedSVD.fit(matrix, options: .init(rank: 2, powerIterations: -1)) }
        #expect(SemanticSpaceError.invalidOption("--lsa-rank must be at least 1, got 0").description
            == "--lsa-rank must be at least 1, got 0; see --help for the allowed values")
    }

    @Test("Box-Muller draws have mean 0 and variance 1")
    func gaussian() {
        var rng = SplitMix64(seed: 1)
        var values = [Float](repeating: 0, count: 100_001)
        values.withUnsafeMutableBufferPointer { rng.fillGaussian($0) }
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        // Standard errors: 1/sqrt(n) ≈ 0.003 for the mean, sqrt(2/n) ≈ 0.0045 for the variance.
        #expect(abs(mean) < 0.015)
        #expect(abs(variance - 1) < 0.025)
    }
}
