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
    /// pass `limit` values (or a quarter of the number of cells, whichever is larger, so each
    /// fold's cost, which grows with the cells, is paid for by a quarter as many appends), then
    /// grows it by doubling.
    ///
    /// A log as long as the cells (before) grew, in a long corpus whose cells were all there,
    /// past the `limit` a short corpus stopped at: 20 Newsgroups bigrams on two threads, the ×10
    /// file's second pass at 134 MiB against 129 MiB for the 20NG file's (traced per chunk);
    /// folding at the limit (each class's share of `ClassCountAccumulator.logBudget`) keeps
    /// them level, in the same time (the ×10 file 1.555 against 1.463 s, the 20NG file 0.324
    /// against 0.319 s, alternating runs).
    ///
    /// The log never grows past what it holds before a fold, and new room is not written until
    /// used: pages of a large array that are never written take no memory (the 20NG ×9 bigram
    /// run peaked 28 MB higher when the logs doubled past their fold limit, zero-filled).
    mutating func reserve(_ count: Int, limit: Int, buffers: inout CompactionBuffers) {
        let foldAt = max(limit, cellCount / 4)
        if logCount + count > foldAt { compact(&buffers) }
        guard logCount + count > log.count else { return }
        let size = min(max(logCount + count, 2 * log.count, 256), max(foldAt, logCount + count))
        log = .unfilled(count: size, keeping: log[0 ..< logCount])
    }

    /// Folds the log into the cells (see the type's description) and empties it.
    ///
    /// In place: the log is sorted by column (its words are their own keys; `buffers` holds the
    /// sort's scratch), each value matched to its cell (`match`, noted in the scratch), each
    /// value added to its cell's sum or, without one, to its new cell's (`add(_:at:to:freshSums:)`,
    /// one pass free of branches on the data), the cells' arrays given room for the new cells
    /// only, and the new cells put in from the back, so no cell is overwritten before it is
    /// read (`insert`). Each class's arrays grow with its own cells only.
    ///
    /// Before, the sorted log's runs of equal columns were found in a pass of their own,
    /// matched, then summed in a loop per run whose end was mispredicted at about every other
    /// run, and the cells between every two runs moved up. Measured against that (alternating
    /// runs, medians; 4 merges stepped together in both): the 20 Newsgroups ×10 second pass
    /// (bigrams, two threads) 420.5 -> 370.5 ms with the merges stepped together, then 366.0
    /// -> 346.5 ms adding each value where it goes once no fold made new cells, and, with the
    /// one pass for all folds, 392.0 -> 380.0 ms (8 runs, a slower hour); 20NG 72.0 against
    /// 72.0 ms on two threads (12 runs), 120.0 -> 116.0 ms on one (10).
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
        var fresh = 0
        log.withUnsafeMutableBufferPointer { log in
            let sorted = UnsafeMutableBufferPointer(rebasing: log[0 ..< n])
            buffers.withScratch { scratch, at in
                RadixSort.sort(sorted, scratch: scratch, lowBit: 32)
                columns.withUnsafeBufferPointer {
                    ClassCountLog.match(UnsafeBufferPointer(sorted), cells: UnsafeBufferPointer(rebasing: $0[0 ..< cells]), into: at)
                }
                // The scratch is free again: it takes the new cells' sums.
                fresh = sums.withUnsafeMutableBufferPointer { sums in
                    ClassCountLog.add(sorted, at: UnsafeBufferPointer(at), to: sums, freshSums: scratch)
                }
                guard fresh > 0 else { return }
                if cells + fresh > columns.count {
                    let size = max(cells + fresh, columns.count + columns.count / 2)
                    columns = .unfilled(count: size, keeping: columns[0 ..< cells])
                    sums = .unfilled(count: size, keeping: sums[0 ..< cells])
                }
                columns.withUnsafeMutableBufferPointer { columns in
                    sums.withUnsafeMutableBufferPointer { sums in
                        ClassCountLog.insert(
                            fresh: UnsafeBufferPointer(rebasing: sorted[0 ..< fresh]), sums: UnsafeBufferPointer(rebasing: scratch[0 ..< fresh]),
                            cells: cells, columns: columns, cellSums: sums)
                    }
                }
            }
        }
        cellCount = cells + fresh
        logCount = 0
    }

    /// Adds each value of the sorted log (`values`, matched to the cells in `at`) to its sum,
    /// in order, in one pass free of branches on the data: a value with a cell to `sums` at
    /// the cell, one without to `freshSums` at its column's index `k` among the new cells
    /// (from 0 at the column's first value), whose key `column << 32 | place` (`place`: where
    /// the new cell goes among the cells) replaces `values[k]`. `k` is at most the value's own
    /// index, so no value still to be read is overwritten (a key is written to `values[k]` at
    /// a column's first value, and to the value's own place otherwise). Returns the number of
    /// new cells.
    @inline(__always)
    private static func add(
        _ values: UnsafeMutableBufferPointer<UInt64>, at: UnsafeBufferPointer<UInt32>, to sums: UnsafeMutableBufferPointer<Double>,
        freshSums: UnsafeMutableBufferPointer<UInt64>
    ) -> Int {
        precondition(freshSums.count >= values.count, "room for \(freshSums.count) new cells, \(values.count) values")
        guard let freshRaw = freshSums.baseAddress else { return 0 }  // no values
        let freshBase = UnsafeMutableRawPointer(freshRaw).assumingMemoryBound(to: Double.self)
        // No cells yet (an empty array may have no address): no value is found, and `sumBase`
        // is never read.
        let sumBase = sums.baseAddress ?? freshBase
        var fresh = 0
        var previous: UInt64 = .max
        for j in 0 ..< values.count {
            let word = values[j], column = word >> 32, cell = at[j]
            let value = Double(Float(bitPattern: UInt32(truncatingIfNeeded: word)))
            let found = cell & 1 == 1
            let first = !found && column != previous
            previous = column
            fresh &+= PartitionCounter.one(first)
            values[first ? fresh &- 1 : j] = column << 32 | UInt64(cell >> 1)
            let target = found ? sumBase + Int(cell >> 1) : freshBase + (fresh &- 1)
            target.pointee = (first ? 0 : target.pointee) + value
        }
        return fresh
    }

    /// The column of a log word.
    @inline(__always)
    private static func column(_ word: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: word >> 32)) }

    /// Writes to `at[j]` the cell of the sorted log's value `values[j]` among `cells` (ascending
    /// columns), or where its new cell goes, shifted up one, with bit 0 set when the cell
    /// exists: the first cell whose column is not below the value's (its lower bound).
    ///
    /// Merges of the two lists, free of branches on the data (the index advanced by the
    /// comparison's bit): each step waits on the last (its loads are at the indices the last
    /// comparison advanced), so the values are cut into four parts, each part's first cell
    /// found by a binary search, and the parts' merges are stepped together, their steps
    /// independent. The one merge's loop had been two thirds of the fold's samples, the fold
    /// 12% of training's on the 20 Newsgroups ×10 file (bigrams, two threads; `perf`); see
    /// `compact` for the times.
    @inline(__always)
    private static func match(_ values: UnsafeBufferPointer<UInt64>, cells: UnsafeBufferPointer<Int32>, into at: UnsafeMutableBufferPointer<UInt32>) {
        let n = values.count
        guard n >= matchChainsFrom && cells.count > 0 else {
            match(values, 0 ..< n, cells: cells, from: 0, into: at)
            return
        }
        // Part k: values [j_k, e_k), from cell i_k.
        let e0 = n / 4, e1 = n / 2, e2 = 3 * n / 4
        var j0 = 0, j1 = e0, j2 = e1, j3 = e2
        var i0 = 0
        var i1 = lowerBound(column(values[j1]), in: cells)
        var i2 = lowerBound(column(values[j2]), in: cells)
        var i3 = lowerBound(column(values[j3]), in: cells)
        let count = cells.count
        while j0 < e0 && j1 < e1 && j2 < e2 && j3 < n && i0 < count && i1 < count && i2 < count && i3 < count {
            step(values, cells: cells, at: at, &i0, &j0)
            step(values, cells: cells, at: at, &i1, &j1)
            step(values, cells: cells, at: at, &i2, &j2)
            step(values, cells: cells, at: at, &i3, &j3)
        }
        match(values, j0 ..< e0, cells: cells, from: i0, into: at)
        match(values, j1 ..< e1, cells: cells, from: i1, into: at)
        match(values, j2 ..< e2, cells: cells, from: i2, into: at)
        match(values, j3 ..< n, cells: cells, from: i3, into: at)
    }

    /// Values from which `match` steps four merges together; fewer take one.
    static let matchChainsFrom = 64

    /// `match` of the values `range` alone, starting at cell `first` (the lower bound of the
    /// first value's column, or any cell at or below it).
    @inline(__always)
    private static func match(
        _ values: UnsafeBufferPointer<UInt64>, _ range: Range<Int>, cells: UnsafeBufferPointer<Int32>, from first: Int,
        into at: UnsafeMutableBufferPointer<UInt32>
    ) {
        var i = first, j = range.lowerBound
        while i < cells.count && j < range.upperBound { step(values, cells: cells, at: at, &i, &j) }
        while j < range.upperBound {
            at[j] = UInt32(truncatingIfNeeded: cells.count) << 1
            j += 1
        }
    }

    /// One step of a merge of `match`: the value at `j` against the cell at `i` (notes the cell
    /// for the value, then advances past the smaller, or the value on a tie).
    @inline(__always)
    private static func step(
        _ values: UnsafeBufferPointer<UInt64>, cells: UnsafeBufferPointer<Int32>, at: UnsafeMutableBufferPointer<UInt32>,
        _ i: inout Int, _ j: inout Int
    ) {
        let a = cells[i], b = column(values[j])
        at[j] = UInt32(truncatingIfNeeded: i) << 1 | UInt32(truncatingIfNeeded: PartitionCounter.one(a == b))
        i &+= PartitionCounter.one(a < b)
        j &+= PartitionCounter.one(a >= b)
    }

    /// The first index of ascending `cells` whose column is not below `column` (`cells.count`
    /// if none).
    @inline(__always)
    private static func lowerBound(_ column: Int32, in cells: UnsafeBufferPointer<Int32>) -> Int {
        var low = 0, high = cells.count
        while low < high {
            let middle = (low + high) / 2
            if cells[middle] < column { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Puts the new cells (`fresh`: keys `column << 32 | place` by ascending column, their sums'
    /// bits at the same index of `sums`) among the first `cells` cells of `columns` and
    /// `cellSums`, which have room for them: from the back, the cells between two new ones
    /// moving up in one block.
    @inline(__always)
    private static func insert(
        fresh: UnsafeBufferPointer<UInt64>, sums: UnsafeBufferPointer<UInt64>, cells: Int,
        columns: UnsafeMutableBufferPointer<Int32>, cellSums: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(columns.count >= cells + fresh.count && cellSums.count >= cells + fresh.count, "no room for the new cells")
        guard let columnBase = columns.baseAddress, let sumBase = cellSums.baseAddress else { return }  // no cells at all
        var top = cells, w = cells + fresh.count
        for k in stride(from: fresh.count - 1, through: 0, by: -1) {
            let place = Int(fresh[k] & 0xFFFF_FFFF)
            let moved = top - place
            if moved > 0 {
                UnsafeMutableRawPointer(columnBase + w - moved).copyMemory(
                    from: columnBase + place, byteCount: moved * MemoryLayout<Int32>.stride)
                UnsafeMutableRawPointer(sumBase + w - moved).copyMemory(
                    from: sumBase + place, byteCount: moved * MemoryLayout<Double>.stride)
            }
            w -= moved + 1
            columns[w] = column(fresh[k])
            cellSums[w] = Double(bitPattern: sums[k])
            top = place
        }
        precondition(w == top, "fold left a gap of \(w - top) cells")
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
