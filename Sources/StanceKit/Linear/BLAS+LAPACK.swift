import COpenBLAS

/// LAPACK from OpenBLAS (pointer types in `COpenBLAS/shim.h`, loaded by `OpenBLASLibrary`). LAPACK is column-major: element
/// `(i, j)` of an `m x n` matrix with leading dimension `m` is at `a[j * m + i]`; a row-major
/// `n x m` buffer is the same bytes. Every wrapper checks its shapes with a `precondition` naming
/// them, narrows sizes with `Int32(exactly:)`, queries the optimal workspace first
/// (`lwork = -1`), and returns early on empty dimensions.
extension BLAS {
    /// The workspace size LAPACK asked for in `work[0]`. A float holds integers exactly only up
    /// to 2^24, so the value is rounded up with a relative margin of 2^-20.
    private static func workspace(_ query: Float) -> Int {
        max(1, Int((Double(query) * (1 + 0x1p-20)).rounded(.up)))
    }

    private static func narrow(_ value: Int, _ name: String, _ routine: String) -> Int32 {
        guard let narrow = Int32(exactly: value) else { preconditionFailure("\(routine): \(name) \(value) exceeds Int32") }
        return narrow
    }

    /// QR factorisation `A = Q R` of column-major `a` (m x n, leading dimension m) by Householder
    /// reflections (`sgeqrf`): on return `R` is on and above the diagonal, the reflectors below
    /// it with their scales in `tau` (min(m, n) values).
    static func geqrf(m: Int, n: Int, a: UnsafeMutablePointer<Float>, tau: UnsafeMutablePointer<Float>) {
        precondition(m >= 0 && n >= 0, "geqrf shapes must be non-negative: m \(m), n \(n)")
        guard m > 0, n > 0 else { return }
        var m32 = narrow(m, "m", "geqrf"), n32 = narrow(n, "n", "geqrf"), lda = m32
        var info: Int32 = 0, query: Float = 0, lwork: Int32 = -1
        library.sgeqrf(&m32, &n32, a, &lda, tau, &query, &lwork, &info)
        precondition(info == 0, "sgeqrf workspace query failed: info \(info) for m \(m), n \(n)")
        var work = [Float](repeating: 0, count: workspace(query))
        lwork = narrow(work.count, "lwork", "geqrf")
        work.withUnsafeMutableBufferPointer { work in
            library.sgeqrf(&m32, &n32, a, &lda, tau, work.baseAddress, &lwork, &info)
        }
        precondition(info == 0, "sgeqrf failed: info \(info) for m \(m), n \(n)")
    }

    /// Overwrites `a` (m x n column-major, m >= n >= k, as left by `geqrf`) with the first n
    /// columns of `Q = H(1) H(2) ... H(k)` (`sorgqr`): orthonormal columns.
    static func orgqr(m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Float>, tau: UnsafePointer<Float>) {
        precondition(m >= n && n >= k && k >= 0, "orgqr needs m >= n >= k >= 0: m \(m), n \(n), k \(k)")
        guard m > 0, n > 0 else { return }
        var m32 = narrow(m, "m", "orgqr"), n32 = narrow(n, "n", "orgqr"), k32 = narrow(k, "k", "orgqr"), lda = m32
        var info: Int32 = 0, query: Float = 0, lwork: Int32 = -1
        library.sorgqr(&m32, &n32, &k32, a, &lda, tau, &query, &lwork, &info)
        precondition(info == 0, "sorgqr workspace query failed: info \(info) for m \(m), n \(n), k \(k)")
        var work = [Float](repeating: 0, count: workspace(query))
        lwork = narrow(work.count, "lwork", "orgqr")
        work.withUnsafeMutableBufferPointer { work in
            library.sorgqr(&m32, &n32, &k32, a, &lda, tau, work.baseAddress, &lwork, &info)
        }
        precondition(info == 0, "sorgqr failed: info \(info) for m \(m), n \(n), k \(k)")
    }

    /// The thin singular value decomposition `A = U diag(s) Vᵀ` of column-major `a` (m x n,
    /// leading dimension m; destroyed) by divide and conquer (`sgesdd`, `jobz = 'S'`): with
    /// `p = min(m, n)`, `s` gets p values in descending order, `u` the m x p left singular vectors
    /// (column-major, leading dimension m) and `vt` the p x n matrix `Vᵀ` (column-major, leading
    /// dimension p, so the same bytes are `V` as a row-major n x p matrix).
    ///
    /// - Returns: false when the iteration did not converge (LAPACK's `info > 0`).
    static func gesdd(
        m: Int, n: Int, a: UnsafeMutablePointer<Float>, s: UnsafeMutablePointer<Float>,
        u: UnsafeMutablePointer<Float>, vt: UnsafeMutablePointer<Float>
    ) -> Bool {
        precondition(m >= 0 && n >= 0, "gesdd shapes must be non-negative: m \(m), n \(n)")
        guard m > 0, n > 0 else { return true }
        let p = min(m, n)
        var m32 = narrow(m, "m", "gesdd"), n32 = narrow(n, "n", "gesdd"), lda = m32, ldu = m32
        var ldvt = narrow(p, "min(m, n)", "gesdd")
        var jobz = CChar(UInt8(ascii: "S"))
        var iwork = [Int32](repeating: 0, count: 8 * p)
        var info: Int32 = 0, query: Float = 0, lwork: Int32 = -1
        iwork.withUnsafeMutableBufferPointer { iwork in
            library.sgesdd(&jobz, &m32, &n32, a, &lda, s, u, &ldu, vt, &ldvt, &query, &lwork, iwork.baseAddress, &info, 1)
        }
        precondition(info == 0, "sgesdd workspace query failed: info \(info) for m \(m), n \(n)")
        var work = [Float](repeating: 0, count: workspace(query))
        lwork = narrow(work.count, "lwork", "gesdd")
        work.withUnsafeMutableBufferPointer { work in
            iwork.withUnsafeMutableBufferPointer { iwork in
                library.sgesdd(
                    &jobz, &m32, &n32, a, &lda, s, u, &ldu, vt, &ldvt, work.baseAddress, &lwork, iwork.baseAddress,
                    &info, 1)
            }
        }
        precondition(info >= 0, "sgesdd: argument \(-info) is invalid for m \(m), n \(n)")
        return info == 0
    }
}
