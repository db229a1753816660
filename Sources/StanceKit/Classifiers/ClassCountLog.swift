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
    /// longer (room grown for later folds).
    private(set) var columns: [Int32] = []
    private(set) var sums: [Double] = []
    private(set) var cellCount = 0
    /// Logged values, `column << 32 | value.bitPattern` for `k < logCount`: a row's values are
    /// `Float`s, which `Double` holds exactly, so a cell sums the same `Double`s as before. One
    /// word per value is its own sort key: a stable sort by the high half orders the log by
    /// column with each column's values still in the order they came.
    private var log: [UInt64] = []
    private var logCount = 0

    /// The number of logged values.
    var logged: Int { logCount }

    /// Logs one row's values (`values[k]` in column `columns[k]`); with `binarizeAbove`, a 1
    /// for each value above the threshold and nothing for the others. The log must have room
    /// (`reserve`).
    @inline(__always)
    mutating func append(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, binarizeAbove: Float?) {
        var n = logCount
        log.withUnsafeMutableBufferPointer { log in
            assert(n + columns.count <= log.count, "log of \(log.count) cannot take \(columns.count) more")
            if let threshold = binarizeAbove {
                let one = UInt64(Float(1).bitPattern)
                for k in 0 ..< columns.count where values[k] > threshold {
                    log[n] = UInt64(UInt32(bitPattern: columns[k])) << 32 | one
                    n += 1
                }
            } else {
                for k in 0 ..< columns.count {
                    log[n] = UInt64(UInt32(bitPattern: columns[k])) << 32 | UInt64(values[k].bitPattern)
                    n += 1
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
        guard logCount + count > log.count else { return }
        let size = min(max(logCount + count, 2 * log.count, 256), max(foldAt, logCount + count))
        log = .unfilled(count: size, keeping: log[0 ..< logCount])
    }

    /// Folds the log into the cells (see the type's description) and empties it.
    ///
    /// In place: the log is sorted by column (its words are their own keys; `buffers` holds the
    /// sort's scratch), its runs of equal columns matched against the cells in one merge pass
    /// (noted in the scratch), the cells' arrays given room for the new cells only, and the two
    /// merged from the back, so no cell is overwritten before it is read. Once every cell
    /// exists, a fold adds to the sums where they are. Each class's arrays grow with its own
    /// cells only.
    ///
    /// Before, the log was two arrays (a column, a `Double`) sorted through keys of column and
    /// position, and merged into a pair of arrays shared by the accumulator's classes, then
    /// swapped with the class's: arrays circulated between classes, and every class came to
    /// hold arrays as large as the largest class's, written, so resident. Measured on 20
    /// Newsgroups bigrams, 2 threads, peak RSS (medians of 4-5 runs): x10 154 -> 134 MiB, x1
    /// 135 -> 134 MiB, so the second pass no longer grows past the first's peak with the corpus.
    /// Time, with the runs matched to the cells free of branches (the first version's branchy
    /// merge pass cost x1 on one thread 155 -> 167 ms), against the shared buffers, medians of 3
    /// to 10 alternating runs: the x10 second pass 0.783 -> 0.624 s, x1 96 -> 90 ms on two
    /// threads and 161 -> 155 ms on one.
    mutating func compact(_ buffers: inout CompactionBuffers) {
        let n = logCount
        guard n > 0 else { return }
        precondition(cellCount < Int(Int32.max) && n < Int(UInt32.max), "\(cellCount) cells, \(n) logged values")
        buffers.reserve(logged: n)
        let cells = cellCount
        var fresh = 0, runs = 0
        log.withUnsafeMutableBufferPointer { log in
            let sorted = UnsafeMutableBufferPointer(rebasing: log[0 ..< n])
            buffers.withScratch { scratch, at in
                RadixSort.sort(sorted, scratch: scratch, lowBit: 32)
                @inline(__always) func column(_ k: Int) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: sorted[k] >> 32)) }
                // The scratch is free again: it takes the runs of equal columns, each as its
                // column and its end in the log; `at` takes each run's cell, or where its new
                // cell goes, and whether the cell exists. Both loops are free of branches on the
                // data (stores at every step, indices advanced by the comparisons' bits): the
                // branches they replaced were mispredicted at about every other value.
                var r = 0
                for k in 1 ..< n {
                    scratch[r] = UInt64(UInt32(bitPattern: column(k - 1))) << 32 | UInt64(k)
                    r &+= PartitionCounter.one(column(k) != column(k - 1))
                }
                scratch[r] = UInt64(UInt32(bitPattern: column(n - 1))) << 32 | UInt64(n)
                runs = r + 1
                @inline(__always) func runColumn(_ r: Int) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: scratch[r] >> 32)) }
                var matched = 0
                columns.withUnsafeBufferPointer { columns in
                    var i = 0
                    r = 0
                    while i < cells && r < runs {
                        let a = columns[i], b = runColumn(r)
                        let same = PartitionCounter.one(a == b)
                        at[r] = UInt32(truncatingIfNeeded: i) << 1 | UInt32(truncatingIfNeeded: same)
                        matched &+= same
                        i &+= PartitionCounter.one(a <= b)
                        r &+= PartitionCounter.one(a >= b)
                    }
                    while r < runs {
                        at[r] = UInt32(truncatingIfNeeded: cells) << 1
                        r += 1
                    }
                }
                fresh = runs - matched
                if cells + fresh > columns.count {
                    let size = max(cells + fresh, columns.count + columns.count / 2)
                    columns = .unfilled(count: size, keeping: columns[0 ..< cells])
                    sums = .unfilled(count: size, keeping: sums[0 ..< cells])
                }
                columns.withUnsafeMutableBufferPointer { columns in
                    sums.withUnsafeMutableBufferPointer { sums in
                        guard let columnBase = columns.baseAddress, let sumBase = sums.baseAddress else { return }
                        // A cell's sum so far (or a new cell's 0), then its values in order.
                        @inline(__always) func sum(_ start: Int, _ end: Int, from first: Double) -> Double {
                            var sum = first
                            for j in start ..< end { sum += Double(Float(bitPattern: UInt32(truncatingIfNeeded: sorted[j]))) }
                            return sum
                        }
                        if fresh == 0 {
                            // Every logged column is a cell: the sums continue where they are.
                            var start = 0
                            for r in 0 ..< runs {
                                let end = Int(scratch[r] & 0xFFFF_FFFF), cell = Int(at[r] >> 1)
                                sums[cell] = sum(start, end, from: sums[cell])
                                start = end
                            }
                            return
                        }
                        // From the back: the cells after each run's cell move up (by the new
                        // cells still to place) in one block, then the run's cell is written.
                        var top = cells, w = cells + fresh
                        for r in stride(from: runs - 1, through: 0, by: -1) {
                            let end = Int(scratch[r] & 0xFFFF_FFFF), start = r > 0 ? Int(scratch[r - 1] & 0xFFFF_FFFF) : 0
                            let cell = Int(at[r] >> 1), found = at[r] & 1 == 1
                            let after = found ? cell + 1 : cell
                            let moved = top - after
                            if moved > 16 && w != top {
                                UnsafeMutableRawPointer(columnBase + w - moved).copyMemory(
                                    from: columnBase + after, byteCount: moved * MemoryLayout<Int32>.stride)
                                UnsafeMutableRawPointer(sumBase + w - moved).copyMemory(
                                    from: sumBase + after, byteCount: moved * MemoryLayout<Double>.stride)
                            } else if w != top {
                                // A short block in a loop (the calls cost more), from its end:
                                // the block moves up over itself.
                                let shift = w - top
                                for j in stride(from: top - 1, through: after, by: -1) {
                                    columnBase[j + shift] = columnBase[j]
                                    sumBase[j + shift] = sumBase[j]
                                }
                            }
                            w -= moved
                            let value = sum(start, end, from: found ? sums[cell] : 0)
                            w -= 1
                            columns[w] = runColumn(r)
                            sums[w] = value
                            top = cell
                        }
                        precondition(w == top, "fold of \(n) values left a gap of \(w - top) cells")
                    }
                }
            }
        }
        cellCount = cells + fresh
        logCount = 0
    }

    /// The cells with a non-zero sum (what a dense table would hold), after folding the log
    /// in; frees the log and leaves the cells empty.
    mutating func row(_ buffers: inout CompactionBuffers) -> NaiveBayesCounts.SparseRow {
        compact(&buffers)
        log = []
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

/// The scratch of `ClassCountLog.compact`, shared by one accumulator's classes: the sort's
/// scratch (then the log's runs) and each run's cell.
struct CompactionBuffers: Sendable {
    private var scratch: [UInt64] = []
    private var at: [UInt32] = []

    /// Room to fold `logged` values; new room is not written until used.
    mutating func reserve(logged: Int) {
        guard scratch.count < logged else { return }
        let size = max(logged, 2 * scratch.count)
        scratch = .unfilled(count: size)
        at = .unfilled(count: size)
    }

    mutating func withScratch(_ body: (UnsafeMutableBufferPointer<UInt64>, UnsafeMutableBufferPointer<UInt32>) -> Void) {
        scratch.withUnsafeMutableBufferPointer { scratch in
            at.withUnsafeMutableBufferPointer { body(scratch, $0) }
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
