import COpenBLAS

/// The one gateway to OpenBLAS. Every call checks its shapes with a `precondition` naming
/// them, narrows sizes with `Int32(exactly:)`, and returns early on empty dimensions.
enum BLAS {
    /// OpenBLAS, loaded on the first call and single-threaded (`OpenBLASLibrary`): the scorer's
    /// GEMMs are small (a block of rows times a few class columns), where OpenBLAS's thread
    /// start-up and spinning cost more than they bring, and on a shared 2-core machine its
    /// spinning threads slowed the other core's work.
    static var library: OpenBLASLibrary { OpenBLASLibrary.shared }

    /// CBLAS's enum values (cblas.h `CBLAS_ORDER`, `CBLAS_TRANSPOSE`), passed as int.
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112

    /// `C = alpha * A * B + beta * C` for row-major `A` (m x k), `B` (k x n), `C` (m x n)
    /// in single precision (`cblas_sgemm`). With `transposeB`, `b` holds a row-major n x k
    /// matrix and its transpose is used (`C = alpha * A * Bᵀ + beta * C`).
    static func gemm(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, transposeB: Bool = false,
        beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm shapes must be non-negative: m \(m), n \(n), k \(k)")
        guard m > 0, n > 0 else { return }
        guard let m32 = Int32(exactly: m), let n32 = Int32(exactly: n), let k32 = Int32(exactly: k) else {
            preconditionFailure("gemm shapes exceed Int32: m \(m), n \(n), k \(k)")
        }
        guard k > 0 else {
            // A * B is the zero matrix: C = beta * C (BLAS leaves C untouched when k = 0 and beta = 1).
            for i in 0 ..< m * n { c[i] = beta == 0 ? 0 : beta * c[i] }
            return
        }
        library.sgemm(
            rowMajor, noTranspose, transposeB ? transpose : noTranspose, m32, n32, k32, alpha, a, k32, b,
            transposeB ? k32 : n32, beta, c, n32)
    }

    /// `y = alpha * A * x + beta * y` for row-major `A` (m x n) in single precision (`cblas_sgemv`).
    static func gemv(
        m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, x: UnsafePointer<Float>,
        beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        precondition(m >= 0 && n >= 0, "gemv shapes must be non-negative: m \(m), n \(n)")
        guard m > 0, n > 0 else { return }
        guard let m32 = Int32(exactly: m), let n32 = Int32(exactly: n) else {
            preconditionFailure("gemv shapes exceed Int32: m \(m), n \(n)")
        }
        library.sgemv(rowMajor, noTranspose, m32, n32, alpha, a, n32, x, 1, beta, y, 1)
    }
}
