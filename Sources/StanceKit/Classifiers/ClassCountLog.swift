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
    /// Whether the last fold made no new cell (see `compact`).
    private var settled = false

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
    /// sort's scratch), its runs of equal columns matched against the cells (`match`, noted in
    /// the scratch), the cells' arrays given room for the new cells only, and the two merged
    /// from the back, so no cell is overwritten before it is read. Each class's arrays grow
    /// with its own cells only.
    ///
    /// Once a fold has made no new cell (`settled`), the next matches each logged value rather
    /// than each run, and when every value has its cell (as in most folds of a long corpus,
    /// whose cells all exist early) adds them where they go in one pass free of branches on
    /// the data (`add(_:at:to:)`): no pass to find the runs, and no loop per run whose end was
    /// mispredicted at about every other run. A fold that does find new cells then takes the
    /// runs after all. Measured against the runs alone (alternating runs, medians): the 20
    /// Newsgroups ×10 second pass (bigrams, two threads) 366.0 -> 346.5 ms (6 runs), 20NG 68.0
    /// -> 68.5 ms (12), where matching values in every fold had cost 1.5 ms (16 runs).
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
        let wasSettled = settled
        log.withUnsafeMutableBufferPointer { log in
            let sorted = UnsafeMutableBufferPointer(rebasing: log[0 ..< n])
            buffers.withScratch { scratch, at in
                RadixSort.sort(sorted, scratch: scratch, lowBit: 32)
                let values = UnsafeBufferPointer(sorted)
                let runs: UnsafeMutableBufferPointer<UInt64>
                if wasSettled {
                    // Each value matched to its cell; when all have one, each is added where it
                    // goes, in order.
                    let matched = columns.withUnsafeBufferPointer {
                        ClassCountLog.match(values, cells: UnsafeBufferPointer(rebasing: $0[0 ..< cells]), into: at)
                    }
                    if matched == n {
                        sums.withUnsafeMutableBufferPointer { sums in ClassCountLog.add(values, at: UnsafeBufferPointer(at), to: sums) }
                        return
                    }
                    // New cells after all: the runs, each with its first value's cell (`at`
                    // rewritten in place: a run starts at or after its index).
                    runs = UnsafeMutableBufferPointer(rebasing: scratch[0 ..< ClassCountLog.runs(of: values, into: scratch)])
                    var start = 0
                    for r in 0 ..< runs.count {
                        at[r] = at[start]
                        start = Int(runs[r] & 0xFFFF_FFFF)
                    }
                } else {
                    runs = UnsafeMutableBufferPointer(rebasing: scratch[0 ..< ClassCountLog.runs(of: values, into: scratch)])
                    _ = columns.withUnsafeBufferPointer {
                        ClassCountLog.match(UnsafeBufferPointer(runs), cells: UnsafeBufferPointer(rebasing: $0[0 ..< cells]), into: at)
                    }
                }
                var found = 0
                for r in 0 ..< runs.count { found &+= Int(at[r] & 1) }
                fresh = runs.count - found
                if cells + fresh > columns.count {
                    let size = max(cells + fresh, columns.count + columns.count / 2)
                    columns = .unfilled(count: size, keeping: columns[0 ..< cells])
                    sums = .unfilled(count: size, keeping: sums[0 ..< cells])
                }
                columns.withUnsafeMutableBufferPointer { columns in
                    sums.withUnsafeMutableBufferPointer { sums in
                        ClassCountLog.merge(sorted, runs: runs, at: UnsafeBufferPointer(at), cells: cells, fresh: fresh,
                                            columns: columns, sums: sums)
                    }
                }
            }
        }
        settled = fresh == 0
        cellCount = cells + fresh
        logCount = 0
    }

    /// Adds each of the sorted log's values `values[j]` to its cell `at[j] >> 1` in `sums`, in
    /// order: a cell's values follow each other, so its sum goes on as it would run by run.
    /// Free of branches on the data (a run's end was one, mispredicted at about every other
    /// run).
    @inline(__always)
    private static func add(_ values: UnsafeBufferPointer<UInt64>, at: UnsafeBufferPointer<UInt32>, to sums: UnsafeMutableBufferPointer<Double>) {
        for j in 0 ..< values.count {
            sums[Int(at[j] >> 1)] += Double(Float(bitPattern: UInt32(truncatingIfNeeded: values[j])))
        }
    }

    /// The column of a log word or a run.
    @inline(__always)
    private static func column(_ word: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: word >> 32)) }

    /// Writes the runs of equal columns of the sorted log `sorted` to `runs`, each as its column
    /// and its end in the log (`column << 32 | end`), and returns their number. Free of branches
    /// on the data: a store at every step, the index advanced by the comparison's bit (the
    /// branches this replaced were mispredicted at about every other value).
    @inline(__always)
    private static func runs(of sorted: UnsafeBufferPointer<UInt64>, into runs: UnsafeMutableBufferPointer<UInt64>) -> Int {
        let n = sorted.count
        var r = 0
        for k in 1 ..< n {
            runs[r] = UInt64(UInt32(bitPattern: column(sorted[k - 1]))) << 32 | UInt64(k)
            r &+= PartitionCounter.one(column(sorted[k]) != column(sorted[k - 1]))
        }
        runs[r] = UInt64(UInt32(bitPattern: column(sorted[n - 1]))) << 32 | UInt64(n)
        return r + 1
    }

    /// Writes to `at[r]` the cell of `runs[r]` among `cells` (ascending columns), or where its
    /// new cell goes, shifted up one, with bit 0 set when the cell exists; returns how many
    /// exist. `runs` are runs or the sorted log's values themselves (both keep their column in
    /// the high half, ascending; values may repeat one): `at[r]` is the first cell whose column
    /// is not below `runs[r]`'s (its lower bound).
    ///
    /// Merges of the two lists, free of branches on the data as `runs(of:into:)` is: each step
    /// waits on the last (its loads are at the indices the last comparison advanced), so the
    /// runs are cut into four parts, each part's first cell found by a binary search,
    /// and the parts' merges are stepped together, their steps independent. The one merge's
    /// loop had been two thirds of the fold's samples, the fold 12% of training's on the 20
    /// Newsgroups ×10 file (bigrams, two threads; `perf`). Measured against it, the second
    /// pass (alternating runs, medians): ×10 420.5 -> 370.5 ms (6 runs), 20NG 71.5 -> 69.0 ms
    /// (10); the same model files.
    @inline(__always)
    private static func match(_ runs: UnsafeBufferPointer<UInt64>, cells: UnsafeBufferPointer<Int32>, into at: UnsafeMutableBufferPointer<UInt32>) -> Int {
        let n = runs.count
        guard n >= matchChainsFrom && cells.count > 0 else { return match(runs, 0 ..< n, cells: cells, from: 0, into: at) }
        // Part k: runs [r_k, e_k), from cell i_k.
        let e0 = n / 4, e1 = n / 2, e2 = 3 * n / 4
        var r0 = 0, r1 = e0, r2 = e1, r3 = e2
        var i0 = 0
        var i1 = lowerBound(column(runs[r1]), in: cells)
        var i2 = lowerBound(column(runs[r2]), in: cells)
        var i3 = lowerBound(column(runs[r3]), in: cells)
        let count = cells.count
        var matched = 0
        @inline(__always) func step(_ i: inout Int, _ r: inout Int) {
            let a = cells[i], b = column(runs[r])
            let same = PartitionCounter.one(a == b)
            at[r] = UInt32(truncatingIfNeeded: i) << 1 | UInt32(truncatingIfNeeded: same)
            matched &+= same
            i &+= PartitionCounter.one(a < b)
            r &+= PartitionCounter.one(a >= b)
        }
        while r0 < e0 && r1 < e1 && r2 < e2 && r3 < n && i0 < count && i1 < count && i2 < count && i3 < count {
            step(&i0, &r0)
            step(&i1, &r1)
            step(&i2, &r2)
            step(&i3, &r3)
        }
        matched &+= match(runs, r0 ..< e0, cells: cells, from: i0, into: at)
        matched &+= match(runs, r1 ..< e1, cells: cells, from: i1, into: at)
        matched &+= match(runs, r2 ..< e2, cells: cells, from: i2, into: at)
        matched &+= match(runs, r3 ..< n, cells: cells, from: i3, into: at)
        return matched
    }

    /// Runs from which `match` steps four merges together; fewer take one.
    static let matchChainsFrom = 64

    /// `match` of the runs `range` alone, starting at cell `first` (the lower bound of the first
    /// run's column, or any cell at or below it).
    @inline(__always)
    private static func match(
        _ runs: UnsafeBufferPointer<UInt64>, _ range: Range<Int>, cells: UnsafeBufferPointer<Int32>, from first: Int,
        into at: UnsafeMutableBufferPointer<UInt32>
    ) -> Int {
        var i = first, r = range.lowerBound, matched = 0
        while i < cells.count && r < range.upperBound {
            let a = cells[i], b = column(runs[r])
            let same = PartitionCounter.one(a == b)
            at[r] = UInt32(truncatingIfNeeded: i) << 1 | UInt32(truncatingIfNeeded: same)
            matched &+= same
            i &+= PartitionCounter.one(a < b)
            r &+= PartitionCounter.one(a >= b)
        }
        while r < range.upperBound {
            at[r] = UInt32(truncatingIfNeeded: cells.count) << 1
            r += 1
        }
        return matched
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

    /// Adds the runs of the sorted log (`runs`, their cells in `at`) to the first `cells` cells
    /// of `columns` and `sums`, `fresh` of them new: each cell's sum so far (or a new cell's 0),
    /// then its values in order. The runs' sums are taken first, in order, each existing cell's
    /// stored where it is and each new cell's noted at its index `k` among the new ones (its
    /// column and place in `runs[k]`, its sum in `sorted[k]`: `k` is at most the run's index,
    /// and below the run's first value, so nothing still to be read is overwritten). Then the
    /// new cells go in from the back, the cells between two of them moving up in one block.
    ///
    /// Before, one pass from the back moved the cells between every two runs, found or new,
    /// mostly a few cells at a time. Measured on the 20 Newsgroups file (bigrams), whose folds
    /// make new cells all along, the second pass (alternating runs, medians): 72.5 -> 71.0 ms
    /// on two threads (16 runs), 122.0 -> 120.0 ms on one (12); the fold 8.5% -> 6.1% of
    /// training's samples (`perf`, one run each).
    @inline(__always)
    private static func merge(
        _ sorted: UnsafeMutableBufferPointer<UInt64>, runs: UnsafeMutableBufferPointer<UInt64>, at: UnsafeBufferPointer<UInt32>,
        cells: Int, fresh: Int, columns: UnsafeMutableBufferPointer<Int32>, sums: UnsafeMutableBufferPointer<Double>
    ) {
        guard let columnBase = columns.baseAddress, let sumBase = sums.baseAddress else { return }
        @inline(__always) func sum(_ start: Int, _ end: Int, from first: Double) -> Double {
            var sum = first
            for j in start ..< end { sum += Double(Float(bitPattern: UInt32(truncatingIfNeeded: sorted[j]))) }
            return sum
        }
        var start = 0, k = 0
        for r in 0 ..< runs.count {
            let run = runs[r], end = Int(run & 0xFFFF_FFFF)
            let cell = Int(at[r] >> 1), found = at[r] & 1 == 1
            let value = sum(start, end, from: found ? sums[cell] : 0)
            if found {
                sums[cell] = value
            } else {
                runs[k] = run & 0xFFFF_FFFF_0000_0000 | UInt64(cell)
                sorted[k] = value.bitPattern
                k += 1
            }
            start = end
        }
        precondition(k == fresh, "\(k) new cells, \(fresh) expected")
        guard fresh > 0 else { return }
        var top = cells, w = cells + fresh
        for k in stride(from: fresh - 1, through: 0, by: -1) {
            let place = Int(runs[k] & 0xFFFF_FFFF)
            let moved = top - place
            if moved > 0 {
                UnsafeMutableRawPointer(columnBase + w - moved).copyMemory(
                    from: columnBase + place, byteCount: moved * MemoryLayout<Int32>.stride)
                UnsafeMutableRawPointer(sumBase + w - moved).copyMemory(
                    from: sumBase + place, byteCount: moved * MemoryLayout<Double>.stride)
            }
            w -= moved + 1
            columns[w] = column(runs[k])
            sums[w] = Double(bitPattern: sorted[k])
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
