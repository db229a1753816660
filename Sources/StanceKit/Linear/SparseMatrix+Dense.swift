/// Sparse (CSR) times dense products, the kernels of the randomized SVD and of the projection
/// into the latent semantic space. Dense matrices are row-major, so every stored entry becomes
/// one contiguous `axpy` of length `k` that the compiler vectorises.
extension SparseMatrix {
    /// `X D` for a row-major `D` (`columnCount x k`): the row-major `rowCount x k` product.
    /// Each stored entry `(i, j, v)` adds `v * D[j, 0..<k]` to row `i`.
    func multiplied(byRowMajor dense: [Float], columns k: Int) -> [Float] {
        precondition(k >= 0 && dense.count == columnCount * k,
                     "X D: D has \(dense.count) values, expected \(columnCount) x \(k)")
        var out = [Float](repeating: 0, count: rowCount * k)
        guard k > 0, nonzeroCount > 0 else { return out }
        dense.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { out in
                columns.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { values in
                        for row in 0 ..< rowCount {
                            let target = out.baseAddress! + row * k
                            for entry in rowOffsets[row] ..< rowOffsets[row + 1] {
                                let source = d.baseAddress! + Int(columns[entry]) * k
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

    /// `Xᵀ D` for a row-major `D` (`rowCount x k`): the row-major `columnCount x k` product.
    /// Each stored entry `(i, j, v)` adds `v * D[i, 0..<k]` to row `j`.
    func transposeMultiplied(byRowMajor dense: [Float], columns k: Int) -> [Float] {
        precondition(k >= 0 && dense.count == rowCount * k,
                     "Xᵀ D: D has \(dense.count) values, expected \(rowCount) x \(k)")
        var out = [Float](repeating: 0, count: columnCount * k)
        guard k > 0, nonzeroCount > 0 else { return out }
        dense.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { out in
                columns.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { values in
                        for row in 0 ..< rowCount {
                            let source = d.baseAddress! + row * k
                            for entry in rowOffsets[row] ..< rowOffsets[row + 1] {
                                let target = out.baseAddress! + Int(columns[entry]) * k
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
