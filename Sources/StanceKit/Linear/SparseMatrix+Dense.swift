/// Sparse (CSR) times dense products, the kernels of the randomized SVD and of the projection
/// into the latent semantic space. Dense matrices are row-major, so every stored entry becomes
/// one contiguous `axpy` of length `k` that the compiler vectorises.
extension SparseMatrix {
    /// `X D` for a row-major `D` (`columnCount x k`): the row-major `rowCount x k` product.
    /// Each stored entry `(i, j, v)` adds `v * D[j, 0..<k]` to row `i`.
    func multiplied(byRowMajor dense: [Float], columns k: Int) -> [Float] {
        precondition(k >= 0 && dense.count == columnCount * k,
                     "X D: D has \(dense.count) values, expected \(columnCount) x \(k)")
        return accumulate(dense, columns: k, transposed: false)
    }

    /// `Xᵀ D` for a row-major `D` (`rowCount x k`): the row-major `columnCount x k` product.
    /// Each stored entry `(i, j, v)` adds `v * D[i, 0..<k]` to row `j`.
    func transposeMultiplied(byRowMajor dense: [Float], columns k: Int) -> [Float] {
        precondition(k >= 0 && dense.count == rowCount * k,
                     "Xᵀ D: D has \(dense.count) values, expected \(rowCount) x \(k)")
        return accumulate(dense, columns: k, transposed: true)
    }

    /// For each stored entry `(i, j, v)`: `out[i] += v * D[j]` (or, `transposed`, `out[j] += v * D[i]`),
    /// rows of length `k`.
    private func accumulate(_ dense: [Float], columns k: Int, transposed: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: (transposed ? columnCount : rowCount) * k)
        guard k > 0, nonzeroCount > 0 else { return out }
        dense.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { out in
                columns.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { values in
                        for row in 0 ..< rowCount {
                            for entry in rowOffsets[row] ..< rowOffsets[row + 1] {
                                let column = Int(columns[entry])
                                let source = d.baseAddress! + (transposed ? row : column) * k
                                let target = out.baseAddress! + (transposed ? column : row) * k
                                let v = values[entry]
                                for c in 0 ..< k { target[c] += v * source[c] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
