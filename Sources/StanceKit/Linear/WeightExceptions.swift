/// Weights `W` (features x classes) stored as a base row and exceptions to it:
/// `W[j, c] = base[c]` unless class `c` is among feature `j`'s exceptions. Feature `j`'s
/// exceptions are described by its head, `heads[j]` (8 bytes, `Head`): its one exception
/// (class and weight, in the head itself), or where its exceptions are in `entries` (classes
/// descending), or, for a feature with at least `stride / 2` exceptions (whose entries would take
/// at least its padded row's bytes), the index of its padded row in `fullRows`, kept whole.
///
/// Naive Bayes weights have this shape: every zero count `N_cj = 0` of class `c` has one
/// weight, e.g. multinomial `ln(alpha) - ln(N_c + alpha |V|)`, and n-gram counts are mostly
/// zero. For 20 Newsgroups with bigrams (1,196,056 features x 20 classes, 1.87 million non-zero
/// counts) that is 1.66 million exceptions: 987,307 features with one (in their heads), 13,914
/// full rows, and 658,373 exceptions of the other 194,835 features in `entries`; 16.2 MB instead
/// of the dense table's 115 MB (classes padded to 24).
///
/// Scoring assembles each entry's padded row (copy `base`, overwrite the exceptions), or takes
/// its full row, and then does the dense kernel's multiply-add on it, so the sums are bitwise
/// the dense table's. The frequent features, which most documents' entries are, are the ones
/// with many exceptions: kept whole, they need no assembly. A feature's head is one load; only
/// a feature with two or more exceptions that is not a full row (28% of 20 Newsgroups' test
/// entries) needs a second, dependent one, into `entries`.
///
/// Why heads: the layout before them was CSR, an offset per feature and every exception (a
/// full row's index among them) in `entries`, 19.4 MB: two dependent loads for every entry of a
/// document. Measured on 20 Newsgroups bigrams (`stance benchmark --corpus`, sparse scoring of
/// the 11,314 training texts, three alternating rounds of 7 repetitions, medians): 0.095 s with
/// the offsets, 0.078 s with heads (0.101 s with heads but without hinting a list's last entry,
/// see `scoreRows`; 0.093 s with the offsets and that hint).
struct WeightExceptions: Sendable {
    /// One class's weight at one feature.
    struct Entry: Sendable, Equatable {
        var classIndex: Int32
        var weight: Float
    }

    /// A feature's exceptions: `tag >= 0`, one exception, of class `tag`, its weight's bits in
    /// `value`; `tag == -1`, a full row, row `value` of `fullRows`; `tag <= -2`, `-2 - tag`
    /// exceptions (none for -2), `entries[value ..< value - 2 - tag]`.
    struct Head: Sendable, Equatable {
        var tag: Int32
        var value: UInt32

        /// The tag of a full row.
        static let full: Int32 = -1

        /// The head of `count` exceptions starting at `start` in `entries` (not one: that is
        /// kept in the head).
        static func listed(_ count: Int, at start: Int) -> Head {
            Head(tag: Int32(truncatingIfNeeded: -2 - count), value: UInt32(truncatingIfNeeded: start))
        }

        /// The number of exceptions in `entries`, for a head that lists them (`tag <= -2`).
        @inline(__always)
        var listedCount: Int { -2 - Int(tag) }
    }

    /// The weight of every cell not listed, one per class, padded with zeros to the stride.
    let base: [Float]
    /// Each feature's head.
    let heads: [Head]
    /// The exceptions of the features with two or more that are not full rows, classes
    /// descending for each feature (the builder writes each list from its end back).
    let entries: [Entry]
    /// The padded rows of the features kept whole, `rows x stride`.
    let fullRows: [Float]
    /// The dense table, spread on the first use of the GEMM path and kept (it is the full size,
    /// so it exists only for a scorer that goes down that path).
    private let spread = LazyValue<[Float]>()

    /// The weights `base`, `heads`, `entries` and `fullRows` (as documented above).
    init(base: [Float], heads: [Head], entries: [Entry], fullRows: [Float]) {
        self.base = base
        self.heads = heads
        self.entries = entries
        self.fullRows = fullRows
    }

    /// Whether a feature with `exceptions` exceptions is kept as a full row.
    @inline(__always)
    static func isFull(exceptions: Int, stride: Int) -> Bool { 2 * exceptions >= stride }

    /// The bytes of the exceptions for `exceptionsPerFeature` exceptions of each feature and
    /// `classes` classes: 8 per head, 8 per entry of a feature with two or more, `4 stride` per
    /// full row.
    static func byteCount(exceptionsPerFeature: [Int32], classes: Int) -> Int {
        let stride = LinearScorer.paddedStride(classes: classes)
        var bytes = 8 * exceptionsPerFeature.count
        for n in exceptionsPerFeature {
            bytes += isFull(exceptions: Int(n), stride: stride) ? 4 * stride : n >= 2 ? 8 * Int(n) : 0
        }
        return bytes
    }

    /// Whether exceptions are the cheaper storage: for more than 8 classes, when they take at
    /// most half the dense table's `4 V stride` bytes. Measured (same-run, 2-core x86-64): on 20
    /// Newsgroups with bigrams (20 classes, dense table 115 MB, exceptions then 19 MB) scoring takes
    /// the dense kernel's time, since a dense row spans two cache lines and the frequent
    /// features are full rows; with up to 8 classes a dense row is one `SIMD8<Float>`, at most
    /// one miss, and the exceptions' extra dependent load made scoring 2x slower (`stance
    /// benchmark`, 3 classes, 1 million features: 0.051 -> 0.105 s), for a table that is small
    /// (32 bytes per feature) anyway. Measured again with heads, where a feature's one exception
    /// needs no second load (`stance benchmark`'s 20 MB corpus, 3 classes, bigrams, 5
    /// repetitions, two rounds): sparse scoring 0.0471 -> 0.0596 and 0.0457 -> 0.0602 s, and its
    /// `predict` case 0.401 -> 0.423 and 0.403 -> 0.441 s, with exceptions for every class count
    /// above 1. Dense stays below 9 classes.
    static func preferred(exceptionsPerFeature: [Int32], classes: Int) -> Bool {
        let stride = LinearScorer.paddedStride(classes: classes)
        let entries = exceptionsPerFeature.reduce(0) { $0 + Int($1) }
        return classes > 8 && entries <= Int(Int32.max)
            && byteCount(exceptionsPerFeature: exceptionsPerFeature, classes: classes) <= 2 * exceptionsPerFeature.count * stride
    }

    /// `W[j, c]`: from the full row, the exception if there is one, else the base (a feature
    /// kept as exceptions has few, so they are scanned).
    func weight(feature j: Int, class c: Int) -> Float {
        let head = heads[j]
        if head.tag >= 0 { return Int(head.tag) == c ? Float(bitPattern: head.value) : base[c] }
        if head.tag == Head.full { return fullRows[Int(head.value) * base.count + c] }
        let start = Int(head.value)
        for e in start ..< start + head.listedCount where Int(entries[e].classIndex) == c { return entries[e].weight }
        return base[c]
    }

    /// The dense padded table, `featureCount x stride`, spread once and kept (see `spread`).
    func cachedPaddedWeights(featureCount: Int) -> [Float] {
        spread.value { paddedWeights(featureCount: featureCount) }
    }

    /// The dense padded table, `featureCount x stride`.
    func paddedWeights(featureCount: Int) -> [Float] {
        let stride = base.count
        var weights = [Float](repeating: 0, count: featureCount * stride)
        weights.withUnsafeMutableBufferPointer { w in
            for j in 0 ..< featureCount {
                let head = heads[j]
                if head.tag == Head.full {
                    for c in 0 ..< stride { w[j * stride + c] = fullRows[Int(head.value) * stride + c] }
                    continue
                }
                for c in 0 ..< stride { w[j * stride + c] = base[c] }
                if let row = w.baseAddress { overwriteExceptions(head, in: row + j * stride) }
            }
        }
        return weights
    }

    /// Writes the exceptions of a feature that is not a full row (`head`) over its padded row
    /// `row`, which holds `base`: its one exception, or its listed ones.
    @inline(__always)
    func overwriteExceptions(_ head: Head, in row: UnsafeMutablePointer<Float>) {
        if head.tag >= 0 {
            row[Int(head.tag)] = Float(bitPattern: head.value)
            return
        }
        let start = Int(head.value)
        for e in start ..< start + head.listedCount { row[Int(entries[e].classIndex)] = entries[e].weight }
    }

    /// Whether the base, every exception and every full row are within ±`limit` (NaN is not).
    func allWithin(_ limit: Float) -> Bool {
        LinearScorer.allWithin(base, limit) && LinearScorer.allWithin(fullRows, limit)
            && entries.allSatisfy { abs($0.weight) <= limit }
            && heads.allSatisfy { $0.tag < 0 || abs(Float(bitPattern: $0.value)) <= limit }
    }

    /// Hints the heads of `columns`' rows (see `Prefetch`); `scoreRow` hints the rest.
    @inline(__always)
    func prefetchRows(_ columns: [Int32]) {
        heads.withUnsafeBufferPointer { o in
            guard let base = o.baseAddress else { return }
            for j in columns { Prefetch.read(UnsafeRawPointer(base + Int(j))) }
        }
    }

    /// Entries whose rows are assembled before they are summed: 64 rows of 24 classes are 6 KB,
    /// which stays in L1.
    static let rowsPerChunk = 64
    /// How far ahead of the entry being summed the heads of the coming entries' features are
    /// hinted, and how far their listed exceptions (whose addresses are in those heads): two
    /// chunks and one (see `scoreRows`).
    static let headLead = 2 * rowsPerChunk, entryLead = rowsPerChunk

    /// `out[0..<stride] = sum_k values[k] * W[columns[k], 0..<stride]` (see `scoreRows`).
    @inline(__always)
    func scoreRow(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2) { rowOffsets in
            rowOffsets[0] = 0
            rowOffsets[1] = columns.count
            scoreRows(columns: columns, values: values, rowOffsets: UnsafeBufferPointer(rowOffsets), into: out)
        }
    }

    /// For each row `r` of a sparse matrix (its entries `rowOffsets[r] ..< rowOffsets[r + 1]` of
    /// `columns` and `values`, `rowOffsets` ascending from 0), `out[r * stride ..< (r + 1) *
    /// stride] = sum_k values[k] * W[columns[k], 0..<stride]`, summed in the order of the
    /// entries with one `SIMD8<Float>` per block of 8 classes: lane for lane the dense kernels'
    /// sums. A chunk of a row's entries at a time, each entry's row is found (a full row) or
    /// assembled (copy `base`, overwrite the exceptions), and then the chunk is summed, so that
    /// the summing loads do not wait on the assembling stores.
    ///
    /// An entry's row is one or two dependent loads, mostly cache misses: its feature's head,
    /// then its full row or its listed exceptions. The heads are hinted `headLead` entries ahead
    /// and the listed exceptions `entryLead` ahead (their heads then arrived a chunk ago), across
    /// the rows' boundaries, so each load has had a chunk's time to arrive. A list's first and
    /// last entries are both hinted: a list of two to eleven entries (8 bytes each) often
    /// crosses a cache line, and with the first alone 35% of this loop's samples waited on the
    /// list's loads (0.101 against 0.078 s, see the type's doc).
    ///
    /// Hinting each chunk's offsets (before heads) and entries just before the chunk, as this did
    /// before, left the first load of each entry waiting: 30% of this loop's samples were on an
    /// entry's first load. Measured on 20 Newsgroups bigrams, alternating runs, medians: `stance
    /// benchmark`'s sparse scoring of the 11,314 training texts 89.3 -> 85.3 and 86.9 -> 82.1 ms
    /// (7 runs each, twice); `stance evaluate` of the test set 0.1677 -> 0.1638 s (20 runs) and
    /// 0.1785 -> 0.1717 s (16), with the ×10 file's model 0.1629 -> 0.1597 s (10); the same
    /// scores. Leads of four and two
    /// chunks measured no different (80.2 against 82.0 ms, 87.7 against 87.4 ms).
    @inline(__always)
    func scoreRows(
        columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, rowOffsets: UnsafeBufferPointer<Int>,
        into out: UnsafeMutableBufferPointer<Float>
    ) {
        let stride = base.count
        let rowCount = rowOffsets.count - 1
        precondition(rowCount >= 0 && out.count == rowCount * stride && columns.count == values.count
                     && rowOffsets[rowCount] <= columns.count, "out \(out.count) for \(rowCount) rows of stride \(stride)")
        let total = rowOffsets[rowCount]
        let blocks = stride / 8
        let rowBytes = stride * 4
        base.withUnsafeBufferPointer { base in
            heads.withUnsafeBufferPointer { heads in
                entries.withUnsafeBufferPointer { entries in
                    fullRows.withUnsafeBufferPointer { fullRows in
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.rowsPerChunk * stride) { assembled in
                            withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: Self.rowsPerChunk) { rows in
                                guard let baseAddress = base.baseAddress, let assembledAddress = assembled.baseAddress,
                                      let headsAddress = heads.baseAddress, let outBase = out.baseAddress
                                else { return }
                                let baseRaw = UnsafeRawPointer(baseAddress)
                                let assembledRaw = UnsafeMutableRawPointer(assembledAddress)
                                let fullRaw = UnsafeRawPointer(fullRows.baseAddress)
                                let entriesRaw = UnsafeRawPointer(entries.baseAddress)
                                var hintedHeads = 0, hintedEntries = 0
                                for r in 0 ..< rowCount {
                                    let rowStart = rowOffsets[r], rowEnd = rowOffsets[r + 1]
                                    let outRaw = UnsafeMutableRawPointer(outBase + r * stride)
                                    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>()
                                    if blocks > 3 {
                                        // One accumulator per block, kept in `out`: 0 + v * w first, as in registers.
                                        for block in 0 ..< blocks { outRaw.storeBytes(of: SIMD8<Float>(), toByteOffset: block * 32, as: SIMD8<Float>.self) }
                                    }
                                    var first = rowStart
                                    while first < rowEnd {
                                        let count = min(Self.rowsPerChunk, rowEnd - first)
                                        // The hints run ahead of this chunk, past the row's end.
                                        let headsUpTo = min(total, first + count + Self.headLead)
                                        while hintedHeads < headsUpTo {
                                            Prefetch.read(headsAddress + Int(columns[hintedHeads]))
                                            hintedHeads += 1
                                        }
                                        if let entriesRaw {
                                            let entriesUpTo = min(total, first + count + Self.entryLead)
                                            while hintedEntries < entriesUpTo {
                                                let head = heads[Int(columns[hintedEntries])]
                                                if head.tag < Head.full {
                                                    let listed = entriesRaw + MemoryLayout<Entry>.stride * Int(head.value)
                                                    Prefetch.read(listed)
                                                    Prefetch.read(listed + MemoryLayout<Entry>.stride * (head.listedCount - 1))
                                                }
                                                hintedEntries += 1
                                            }
                                        }
                                        for i in 0 ..< count {
                                            let head = heads[Int(columns[first + i])]
                                            if head.tag == Head.full, let fullRaw {
                                                let row = fullRaw + Int(head.value) * rowBytes
                                                Prefetch.read(row)
                                                if rowBytes > 64 { Prefetch.read(row + 64) }
                                                rows[i] = row
                                                continue
                                            }
                                            let row = assembledRaw + i * rowBytes
                                            for block in 0 ..< blocks {
                                                let lanes = baseRaw.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                                                row.storeBytes(of: lanes, toByteOffset: block * 32, as: SIMD8<Float>.self)
                                            }
                                            overwriteExceptions(head, in: assembledAddress + i * stride)
                                            rows[i] = UnsafeRawPointer(row)
                                        }
                                        switch blocks {
                                        case 1:
                                            for i in 0 ..< count { a0 += values[first + i] * rows[i].loadUnaligned(as: SIMD8<Float>.self) }
                                        case 2, 3:
                                            for i in 0 ..< count {
                                                let row = rows[i]
                                                let v = values[first + i]
                                                a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
                                                a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                                                if blocks == 3 { a2 += v * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self) }
                                            }
                                        default:
                                            for i in 0 ..< count {
                                                let v = values[first + i]
                                                for block in 0 ..< blocks {
                                                    var acc = outRaw.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                                                    acc += v * rows[i].loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                                                    outRaw.storeBytes(of: acc, toByteOffset: block * 32, as: SIMD8<Float>.self)
                                                }
                                            }
                                        }
                                        first += count
                                    }
                                    if blocks <= 3 {
                                        outRaw.storeBytes(of: a0, as: SIMD8<Float>.self)
                                        if blocks >= 2 { outRaw.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self) }
                                        if blocks == 3 { outRaw.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
