/// Weights `W` (features x classes) stored as a base row and exceptions to it:
/// `W[j, c] = base[c]` unless class `c` is among feature `j`'s exceptions, whose weights are
/// `entries[offsets[j] ..< offsets[j + 1]]` (CSR by feature, classes ascending). A feature
/// with at least `stride / 2` exceptions (whose entries would take at least its padded row's
/// bytes) is kept whole instead: its one entry has class index `-1 - r`, and its padded row
/// is row `r` of `fullRows`.
///
/// Naive Bayes weights have this shape: every zero count `N_cj = 0` of class `c` has one
/// weight, e.g. multinomial `ln(alpha) - ln(N_c + alpha |V|)`, and n-gram counts are mostly
/// zero. For 20 Newsgroups with bigrams (1,196,056 features x 20 classes, 1.87 million non-zero
/// counts) that is 1.66 million exceptions and 13,914 full rows, 19 MB instead of the dense
/// table's 115 MB (classes padded to 24).
///
/// Scoring assembles each entry's padded row (copy `base`, overwrite the exceptions), or takes
/// its full row, and then does the dense kernel's multiply-add on it, so the sums are bitwise
/// the dense table's. The frequent features, which most documents' entries are, are the ones
/// with many exceptions: kept whole, they need no assembly.
struct WeightExceptions: Sendable {
    /// One class's weight at one feature, or (negative `classIndex`) a full row's index.
    struct Entry: Sendable, Equatable {
        var classIndex: Int32
        var weight: Float
    }

    /// The weight of every cell not listed, one per class, padded with zeros to the stride.
    let base: [Float]
    /// `featureCount + 1` ascending starts into `entries`.
    let offsets: [Int32]
    /// Each feature's exceptions, classes ascending, or its full row's marker.
    let entries: [Entry]
    /// The padded rows of the features kept whole, `rows x stride`.
    let fullRows: [Float]
    /// The dense table, spread on the first use of the GEMM path and kept (it is the full size,
    /// so it exists only for a scorer that goes down that path).
    private let spread = LazyValue<[Float]>()

    /// The weights `base`, `entries` with `offsets`, and `fullRows` (as documented above).
    init(base: [Float], offsets: [Int32], entries: [Entry], fullRows: [Float]) {
        self.base = base
        self.offsets = offsets
        self.entries = entries
        self.fullRows = fullRows
    }

    /// Whether a feature with `exceptions` exceptions is kept as a full row.
    @inline(__always)
    static func isFull(exceptions: Int, stride: Int) -> Bool { 2 * exceptions >= stride }

    /// The bytes of the exceptions for `exceptionsPerFeature` exceptions of each feature and
    /// `classes` classes: 4 per offset, 8 per entry, `4 stride` per full row.
    static func byteCount(exceptionsPerFeature: [Int32], classes: Int) -> Int {
        let stride = LinearScorer.paddedStride(classes: classes)
        var bytes = 4 * (exceptionsPerFeature.count + 1)
        for n in exceptionsPerFeature {
            bytes += isFull(exceptions: Int(n), stride: stride) ? 8 + 4 * stride : 8 * Int(n)
        }
        return bytes
    }

    /// Whether exceptions are the cheaper storage: for more than 8 classes, when they take at
    /// most half the dense table's `4 V stride` bytes. Measured (same-run, 2-core x86-64): on 20
    /// Newsgroups with bigrams (20 classes, dense table 115 MB, exceptions 19 MB) scoring takes
    /// the dense kernel's time, since a dense row spans two cache lines and the frequent
    /// features are full rows; with up to 8 classes a dense row is one `SIMD8<Float>`, at most
    /// one miss, and the exceptions' extra dependent load made scoring 2x slower (`stance
    /// benchmark`, 3 classes, 1 million features: 0.051 -> 0.105 s), for a table that is small
    /// (32 bytes per feature) anyway.
    static func preferred(exceptionsPerFeature: [Int32], classes: Int) -> Bool {
        let stride = LinearScorer.paddedStride(classes: classes)
        let entries = exceptionsPerFeature.reduce(0) { $0 + Int($1) }
        return classes > 8 && entries <= Int(Int32.max)
            && byteCount(exceptionsPerFeature: exceptionsPerFeature, classes: classes) <= 2 * exceptionsPerFeature.count * stride
    }

    /// `W[j, c]`: from the full row, the exception if there is one, else the base (a feature
    /// kept as exceptions has few, so they are scanned).
    func weight(feature j: Int, class c: Int) -> Float {
        for e in Int(offsets[j]) ..< Int(offsets[j + 1]) {
            let index = Int(entries[e].classIndex)
            if index < 0 { return fullRows[(-1 - index) * base.count + c] }
            if index == c { return entries[e].weight }
        }
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
                for c in 0 ..< stride { w[j * stride + c] = base[c] }
                for e in Int(offsets[j]) ..< Int(offsets[j + 1]) {
                    let index = Int(entries[e].classIndex)
                    if index < 0 {
                        for c in 0 ..< stride { w[j * stride + c] = fullRows[(-1 - index) * stride + c] }
                    } else {
                        w[j * stride + index] = entries[e].weight
                    }
                }
            }
        }
        return weights
    }

    /// Whether the base, every exception and every full row are within ±`limit` (NaN is not).
    func allWithin(_ limit: Float) -> Bool {
        LinearScorer.allWithin(base, limit) && LinearScorer.allWithin(fullRows, limit)
            && entries.allSatisfy { $0.classIndex < 0 || abs($0.weight) <= limit }
    }

    /// Hints the offsets of `columns`' rows (see `Prefetch`); `scoreRow` hints the rest.
    @inline(__always)
    func prefetchRows(_ columns: [Int32]) {
        offsets.withUnsafeBufferPointer { o in
            guard let base = o.baseAddress else { return }
            for j in columns { Prefetch.read(UnsafeRawPointer(base + Int(j))) }
        }
    }

    /// Entries whose rows are assembled before they are summed: 64 rows of 24 classes are 6 KB,
    /// which stays in L1.
    static let rowsPerChunk = 64
    /// How far ahead of the entry being summed the offsets of the coming entries' features are
    /// hinted, and how far their entries (whose addresses need those offsets): two chunks and one
    /// (see `scoreRows`).
    static let offsetLead = 2 * rowsPerChunk, entryLead = rowsPerChunk

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
    /// An entry's row is three dependent loads (its feature's offset, its first entry, the full
    /// row), mostly cache misses. The offsets are hinted `offsetLead` entries ahead and the
    /// entries `entryLead` ahead (their offsets then arrived a chunk ago), across the rows'
    /// boundaries, so each load has had a chunk's time to arrive. Hinting each chunk's offsets
    /// and entries just before the chunk, as this did before, left the first load of each entry
    /// waiting: 30% of this loop's samples were on an entry's first load. Measured on 20
    /// Newsgroups bigrams, alternating runs, medians: `stance benchmark`'s sparse scoring of the
    /// 11,314 training texts 89.3 -> 85.3 and 86.9 -> 82.1 ms (7 runs each, twice); `stance
    /// evaluate` of the test set 0.1677 -> 0.1638 s (20 runs) and 0.1785 -> 0.1717 s (16), with
    /// the ×10 file's model 0.1629 -> 0.1597 s (10); the same scores. Leads of four and two
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
            offsets.withUnsafeBufferPointer { offsets in
                entries.withUnsafeBufferPointer { entries in
                    fullRows.withUnsafeBufferPointer { fullRows in
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.rowsPerChunk * stride) { assembled in
                            withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: Self.rowsPerChunk) { rows in
                                guard let baseAddress = base.baseAddress, let assembledAddress = assembled.baseAddress,
                                      let offsetsAddress = offsets.baseAddress, let outBase = out.baseAddress
                                else { return }
                                let baseRaw = UnsafeRawPointer(baseAddress)
                                let assembledRaw = UnsafeMutableRawPointer(assembledAddress)
                                let fullRaw = UnsafeRawPointer(fullRows.baseAddress)
                                let entriesRaw = UnsafeRawPointer(entries.baseAddress)
                                var hintedOffsets = 0, hintedEntries = 0
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
                                        let offsetsUpTo = min(total, first + count + Self.offsetLead)
                                        while hintedOffsets < offsetsUpTo {
                                            Prefetch.read(offsetsAddress + Int(columns[hintedOffsets]))
                                            hintedOffsets += 1
                                        }
                                        if let entriesRaw {
                                            let entriesUpTo = min(total, first + count + Self.entryLead)
                                            while hintedEntries < entriesUpTo {
                                                let start = Int(offsets[Int(columns[hintedEntries])])
                                                Prefetch.read(entriesRaw + MemoryLayout<Entry>.stride * start)
                                                hintedEntries += 1
                                            }
                                        }
                                        for i in 0 ..< count {
                                            let k = first + i
                                            let j = Int(columns[k])
                                            let start = Int(offsets[j]), end = Int(offsets[j + 1])
                                            if start < end, entries[start].classIndex < 0, let fullRaw {
                                                let row = fullRaw + (-1 - Int(entries[start].classIndex)) * rowBytes
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
                                            for e in start ..< end {
                                                assembled[i * stride + Int(entries[e].classIndex)] = entries[e].weight
                                            }
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
