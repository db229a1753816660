/// One class's sparse feature counts `N_cj` while they are summed: the cells summed so far
/// (`columns`, `sums`: ascending columns), and a log of the values added since, appended in row
/// order with no lookup. When the log is full it is folded into the cells (`compact`): sorted
/// by column, stably, then each cell continues its sum with its logged values in the order they
/// came. A cell's value is so always `((0 + x_1) + x_2) + ...` over its rows in order, the sum
/// `NaiveBayesCounts.add` computes into a dense cell that starts at zero, bit for bit.
///
/// Appending costs a sequential store where a hash table of cells costs a probe that misses
/// the cache (20 Newsgroups bigrams: 1.87 million cells, a 64 MB table), and the cells come out
/// sorted, ready for the model file, where the table needed a sort of all its keys at the end.
struct ClassCountLog: Sendable {
    /// The cells: `columns[0 ..< cellCount]` ascending, their sums in `sums`. The arrays may be
    /// longer (buffers swapped with `CompactionBuffers`).
    private(set) var columns: [Int32] = []
    private(set) var sums: [Double] = []
    private(set) var cellCount = 0
    /// Logged values: `logColumns[k]` gets `logValues[k]` for `k < logCount`.
    private var logColumns: [Int32] = []
    private var logValues: [Double] = []
    private var logCount = 0

    /// The number of logged values.
    var logged: Int { logCount }

    /// Logs one row's values (`values[k]` in column `columns[k]`); with `binarizeAbove`, a 1
    /// for each value above the threshold and nothing for the others. The log must have room
    /// (`reserve`).
    @inline(__always)
    mutating func append(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, binarizeAbove: Float?) {
        var n = logCount
        logColumns.withUnsafeMutableBufferPointer { logColumns in
            logValues.withUnsafeMutableBufferPointer { logValues in
                assert(n + columns.count <= logColumns.count, "log of \(logColumns.count) cannot take \(columns.count) more")
                if let threshold = binarizeAbove {
                    for k in 0 ..< columns.count where values[k] > threshold {
                        logColumns[n] = columns[k]
                        logValues[n] = 1
                        n += 1
                    }
                } else {
                    for k in 0 ..< columns.count {
                        logColumns[n] = columns[k]
                        logValues[n] = Double(values[k])
                        n += 1
                    }
                }
            }
        }
        logCount = n
    }

    /// Makes room for `count` more values: folds the log into the cells first when it would
    /// pass `limit` values (or the number of cells, whichever is larger, so each fold's cost,
    /// which grows with the cells, is paid for by as many appends), then grows it by doubling.
    ///
    /// The log never grows past what it holds before a fold, and new room is not written until
    /// used: pages of a large array that are never written take no memory (the 20NG ×9 bigram
    /// run peaked 28 MB higher when the logs doubled past their fold limit, zero-filled).
    mutating func reserve(_ count: Int, limit: Int, buffers: inout CompactionBuffers) {
        let foldAt = max(limit, cellCount)
        if logCount + count > foldAt { compact(&buffers) }
        guard logCount + count > logColumns.count else { return }
        let size = min(max(logCount + count, 2 * logColumns.count, 256), max(foldAt, logCount + count))
        logColumns = .unfilled(count: size, keeping: logColumns[0 ..< logCount])
        logValues = .unfilled(count: size, keeping: logValues[0 ..< logCount])
    }

    /// Folds the log into the cells (see the type's description) and empties it.
    mutating func compact(_ buffers: inout CompactionBuffers) {
        let n = logCount
        guard n > 0 else { return }
        buffers.reserve(logged: n, cells: cellCount + n)
        let cells = cellCount
        var merged = 0
        buffers.withBuffers { keys, scratch, newColumns, newSums in
            // Column in the high half (the sort key), the log position in the low half.
            logColumns.withUnsafeBufferPointer { logColumns in
                for k in 0 ..< n { keys[k] = UInt64(UInt32(bitPattern: logColumns[k])) << 32 | UInt64(k) }
            }
            let sorted = UnsafeMutableBufferPointer(rebasing: keys[0 ..< n])
            RadixSort.sort(sorted, scratch: scratch, lowBit: 32)
            columns.withUnsafeBufferPointer { columns in
                sums.withUnsafeBufferPointer { sums in
                    logValues.withUnsafeBufferPointer { logValues in
                        var i = 0, k = 0
                        while k < n {
                            let column = Int32(bitPattern: UInt32(truncatingIfNeeded: sorted[k] >> 32))
                            while i < cells && columns[i] < column {
                                newColumns[merged] = columns[i]
                                newSums[merged] = sums[i]
                                merged += 1
                                i += 1
                            }
                            // A cell's sum so far, or a new cell's 0, then its values in order.
                            var sum = 0.0
                            if i < cells && columns[i] == column {
                                sum = sums[i]
                                i += 1
                            }
                            while k < n && Int32(bitPattern: UInt32(truncatingIfNeeded: sorted[k] >> 32)) == column {
                                sum += logValues[Int(UInt32(truncatingIfNeeded: sorted[k]))]
                                k += 1
                            }
                            newColumns[merged] = column
                            newSums[merged] = sum
                            merged += 1
                        }
                        while i < cells {
                            newColumns[merged] = columns[i]
                            newSums[merged] = sums[i]
                            merged += 1
                            i += 1
                        }
                    }
                }
            }
        }
        swap(&columns, &buffers.columns)
        swap(&sums, &buffers.sums)
        cellCount = merged
        logCount = 0
    }

    /// The cells with a non-zero sum (what a dense table would hold), after folding the log
    /// in; frees the log and leaves the cells empty.
    mutating func row(_ buffers: inout CompactionBuffers) -> NaiveBayesCounts.SparseRow {
        compact(&buffers)
        logColumns = []
        logValues = []
        var kept = 0
        for k in 0 ..< cellCount where sums[k] != 0 {
            columns[kept] = columns[k]
            sums[kept] = sums[k]
            kept += 1
        }
        columns.removeSubrange(kept...)
        sums.removeSubrange(kept...)
        defer {
            columns = []
            sums = []
        }
        return NaiveBayesCounts.SparseRow(columns: columns, values: sums)
    }
}

/// The scratch of `ClassCountLog.compact`, shared by one accumulator's classes: the sort's keys
/// and scratch, and the merged cells' arrays, which are swapped with the class's old ones (so
/// the next fold reuses those instead of allocating).
struct CompactionBuffers: Sendable {
    private var keys: [UInt64] = []
    private var scratch: [UInt64] = []
    var columns: [Int32] = []
    var sums: [Double] = []

    /// Room to fold `logged` values into `cells` cells; new room is not written until used.
    mutating func reserve(logged: Int, cells: Int) {
        if keys.count < logged {
            let size = max(logged, 2 * keys.count)
            keys = .unfilled(count: size)
            scratch = .unfilled(count: size)
        }
        if columns.count < cells {
            let size = max(cells, columns.count + columns.count / 2)
            columns = .unfilled(count: size)
            sums = .unfilled(count: size)
        }
    }

    mutating func withBuffers(_ body: (UnsafeMutableBufferPointer<UInt64>, UnsafeMutableBufferPointer<UInt64>,
                                       UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Double>) -> Void) {
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                columns.withUnsafeMutableBufferPointer { columns in
                    sums.withUnsafeMutableBufferPointer { body(keys, scratch, columns, $0) }
                }
            }
        }
    }
}

extension Array where Element: BitwiseCopyable {
    /// An array of `count` elements that starts with `keeping` and whose other elements are
    /// not written (plain data, always written before read): pages of a large array that are
    /// never written are neither faulted in nor resident.
    static func unfilled(count: Int, keeping: ArraySlice<Element> = []) -> [Element] {
        precondition(keeping.count <= count, "keeping \(keeping.count) of \(count)")
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            keeping.withUnsafeBufferPointer { kept in
                if let source = kept.baseAddress, let target = buffer.baseAddress { target.initialize(from: source, count: kept.count) }
            }
            initialized = count
        }
    }
}
