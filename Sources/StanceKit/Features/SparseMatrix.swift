/// A compressed sparse row (CSR) matrix of `Float`, as scipy's `csr_matrix`.
///
/// Row `i` holds the entries `rowOffsets[i] ..< rowOffsets[i + 1]` of `columns` and `values`;
/// columns within a row are strictly increasing.
public struct SparseMatrix: Sendable, Equatable {
    /// The number of rows.
    public let rowCount: Int
    /// The number of columns.
    public let columnCount: Int
    /// `rowCount + 1` offsets into `columns` and `values`.
    public internal(set) var rowOffsets: [Int]
    /// Column index of each stored entry.
    public internal(set) var columns: [Int32]
    /// Value of each stored entry.
    public internal(set) var values: [Float]

    /// A matrix from CSR arrays; the shapes are checked.
    public init(rowCount: Int, columnCount: Int, rowOffsets: [Int], columns: [Int32], values: [Float]) {
        precondition(rowOffsets.count == rowCount + 1, "rowOffsets.count \(rowOffsets.count) != rowCount + 1 (\(rowCount + 1))")
        precondition(columns.count == values.count, "columns.count \(columns.count) != values.count \(values.count)")
        precondition(rowOffsets.last == columns.count, "last row offset \(rowOffsets.last ?? -1) != entry count \(columns.count)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowOffsets = rowOffsets
        self.columns = columns
        self.values = values
    }

    /// The number of stored entries.
    public var nonzeroCount: Int { columns.count }

    /// Stored entries over all cells, 0 for an empty shape.
    public var density: Double {
        rowCount == 0 || columnCount == 0 ? 0 : Double(nonzeroCount) / (Double(rowCount) * Double(columnCount))
    }

    /// The value at (`row`, `column`), 0 when not stored.
    public subscript(row: Int, column: Int) -> Float {
        for k in rowOffsets[row] ..< rowOffsets[row + 1] where Int(columns[k]) == column { return values[k] }
        return 0
    }

    /// The rows at `indices`, in that order.
    public func rows<C: Collection>(_ indices: C) -> SparseMatrix where C.Element == Int {
        var offsets = [0]
        offsets.reserveCapacity(indices.count + 1)
        var newColumns: [Int32] = []
        var newValues: [Float] = []
        for row in indices {
            let range = rowOffsets[row] ..< rowOffsets[row + 1]
            newColumns.append(contentsOf: columns[range])
            newValues.append(contentsOf: values[range])
            offsets.append(newColumns.count)
        }
        return SparseMatrix(
            rowCount: indices.count, columnCount: columnCount, rowOffsets: offsets, columns: newColumns,
            values: newValues)
    }

    /// The matrix as dense rows (tests and small inputs only).
    public func dense() -> [[Float]] {
        (0 ..< rowCount).map { row in
            var result = [Float](repeating: 0, count: columnCount)
            for k in rowOffsets[row] ..< rowOffsets[row + 1] { result[Int(columns[k])] = values[k] }
            return result
        }
    }
}
