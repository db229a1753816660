/// A rank-`R` truncated singular value decomposition `X ≈ U_R Σ_R V_Rᵀ` of a sparse matrix
/// `X` (`n x d`), by randomized range finding (Halko, Martinsson & Tropp, "Finding structure
/// with randomness", SIAM Review 53(2), 2011), as scikit-learn's `TruncatedSVD(algorithm=
/// "randomized")` but with QR re-orthonormalisation in every power iteration:
///
/// 1. `Ω`: a `d x k` Gaussian test matrix, `k = R + p` (oversampling `p`), drawn from
///    `SplitMix64(seed)` by Box-Muller;
/// 2. `Q = orth(X Ω)` (their Algorithm 4.1);
/// 3. `q` power iterations `Q = orth(X orth(Xᵀ Q))` (Algorithm 4.4): each makes the
///    spectrum decay like `σ^(2q+1)`, so the range is captured even when TF-IDF's singular values
///    fall slowly; orthonormalising after every product keeps the smaller directions from being
///    swamped by rounding;
/// 4. `B = Qᵀ X` (`k x d`, computed as `Bᵀ = Xᵀ Q`) and its thin SVD `B = Ũ Σ Vᵀ` (Algorithm 5.1);
/// 5. the first `R` singular values and right singular vectors are kept (`U_R = Q Ũ_R` is not:
///    `X V_R = U_R Σ_R`).
///
/// `orth` is Householder QR (LAPACK `sgeqrf` + `sorgqr`), the small SVD LAPACK `sgesdd`, all from
/// OpenBLAS through `BLAS`. Each right singular vector's sign is chosen so that its largest
/// component is positive (scikit-learn's `svd_flip`), so the result does not depend on LAPACK's
/// sign conventions. `R` is at most `min(n, d)` and `k` at most `min(n, d)`.
public struct TruncatedSVD: Sendable, Equatable {
    /// The parameters of the randomized algorithm.
    public struct Options: Sendable, Equatable, Hashable {
        /// The rank `R` asked for; the result has `min(R, n, d)`.
        public var rank: Int
        /// Extra random directions `p` beyond `R`. Default 10, as scikit-learn and Halko et al.'s
        /// recommendation (5-10 already gives a near-optimal range for most matrices).
        public var oversampling: Int
        /// Power iterations `q`. Default 4, scikit-learn's `n_iter="auto"` for ranks of 10% of the
        /// smaller side or more; TF-IDF matrices have slowly decaying spectra, where `q = 0` misses
        /// the range badly.
        public var powerIterations: Int
        /// Seed of the Gaussian test matrix. Default 0.
        public var seed: UInt64

        /// Options with the documented defaults.
        public init(rank: Int, oversampling: Int = 10, powerIterations: Int = 4, seed: UInt64 = 0) {
            self.rank = rank
            self.oversampling = oversampling
            self.powerIterations = powerIterations
            self.seed = seed
        }

        /// Checks the values, throwing the first problem found.
        public func validate() throws(SemanticSpaceError) {
            guard rank >= 1 else { throw .invalidOption("--lsa-rank must be at least 1, got \(rank)") }
            guard oversampling >= 0 && oversampling <= 1000 else {
                throw .invalidOption("the oversampling must be in 0...1000, got \(oversampling)")
            }
            guard powerIterations >= 0 && powerIterations <= 100 else {
                throw .invalidOption("--lsa-power-iterations must be in 0...100, got \(powerIterations)")
            }
        }
    }

    /// The number of columns `d` of the decomposed matrix.
    public let columnCount: Int
    /// `σ_1 >= ... >= σ_R >= 0`.
    public let singularValues: [Float]
    /// `V_R`, `columnCount x rank`, row-major: row `j` is feature `j`'s coordinates.
    public let rightSingularVectors: [Float]

    /// The rank `R` of the decomposition.
    public var rank: Int { singularValues.count }

    /// Decomposes `matrix`.
    public static func fit(_ matrix: SparseMatrix, options: Options) throws(SemanticSpaceError) -> TruncatedSVD {
        try options.validate()
        let n = matrix.rowCount, d = matrix.columnCount
        let rank = min(options.rank, n, d)
        guard rank >= 1 else { throw .noExamples }
        let k = min(rank + options.oversampling, n, d)

        var rng = SplitMix64(seed: options.seed)
        var omega = [Float](repeating: 0, count: d * k)
        omega.withUnsafeMutableBufferPointer { rng.fillGaussian($0) }
        var q = matrix.multiplied(byRowMajor: omega, columns: k)
        orthonormalizeColumns(&q, rows: n, columns: k)
        for _ in 0 ..< options.powerIterations {
            var z = matrix.transposeMultiplied(byRowMajor: q, columns: k)
            orthonormalizeColumns(&z, rows: d, columns: k)
            q = matrix.multiplied(byRowMajor: z, columns: k)
            orthonormalizeColumns(&q, rows: n, columns: k)
        }
        // Bᵀ = Xᵀ Q as a row-major d x k matrix is B (k x d) column-major: sgesdd's input as is.
        var b = matrix.transposeMultiplied(byRowMajor: q, columns: k)
        var sigma = [Float](repeating: 0, count: k)
        var u = [Float](repeating: 0, count: k * k)
        var vt = [Float](repeating: 0, count: k * d)
        let converged = b.withUnsafeMutableBufferPointer { b in
            sigma.withUnsafeMutableBufferPointer { s in
                u.withUnsafeMutableBufferPointer { u in
                    vt.withUnsafeMutableBufferPointer { vt in
                        BLAS.gesdd(m: k, n: d, a: b.baseAddress!, s: s.baseAddress!, u: u.baseAddress!, vt: vt.baseAddress!)
                    }
                }
            }
        }
        guard converged else { throw .didNotConverge(rank: rank) }
        // Vᵀ (k x d, column-major, leading dimension k) is V as a row-major d x k matrix.
        var v = [Float](repeating: 0, count: d * rank)
        for j in 0 ..< d {
            for c in 0 ..< rank { v[j * rank + c] = vt[j * k + c] }
        }
        flipSigns(&v, rows: d, columns: rank)
        return TruncatedSVD(columnCount: d, singularValues: Array(sigma.prefix(rank)), rightSingularVectors: v)
    }

    /// Replaces the row-major `rows x columns` matrix `a` (rows >= columns) by `Q` of its
    /// Householder QR factorisation: orthonormal columns spanning the same space.
    static func orthonormalizeColumns(_ a: inout [Float], rows m: Int, columns k: Int) {
        precondition(m >= k && a.count == m * k, "orthonormalize: \(a.count) values for \(m) x \(k), need rows >= columns")
        var columnMajor = [Float](repeating: 0, count: m * k)
        for i in 0 ..< m {
            for c in 0 ..< k { columnMajor[c * m + i] = a[i * k + c] }
        }
        var tau = [Float](repeating: 0, count: k)
        columnMajor.withUnsafeMutableBufferPointer { matrix in
            tau.withUnsafeMutableBufferPointer { tau in
                BLAS.geqrf(m: m, n: k, a: matrix.baseAddress!, tau: tau.baseAddress!)
                BLAS.orgqr(m: m, n: k, k: k, a: matrix.baseAddress!, tau: tau.baseAddress!)
            }
        }
        for i in 0 ..< m {
            for c in 0 ..< k { a[i * k + c] = columnMajor[c * m + i] }
        }
    }

    /// Negates each column of the row-major `rows x columns` matrix whose largest-magnitude
    /// entry (the first one on ties) is negative.
    static func flipSigns(_ a: inout [Float], rows: Int, columns: Int) {
        for c in 0 ..< columns {
            var largest: Float = 0
            for j in 0 ..< rows where abs(a[j * columns + c]) > abs(largest) { largest = a[j * columns + c] }
            if largest < 0 {
                for j in 0 ..< rows { a[j * columns + c] = -a[j * columns + c] }
            }
        }
    }
}
