/// The naive Bayes counts `N_c` and `N_cj` of streamed training, summed row by row, in one of
/// two tables:
///
/// - sparse: only the cells that receive a value, in an open-addressing table keyed by
///   `(c, j)`. With text features most cells stay zero (20 Newsgroups with bigrams: 1.87
///   million of 24 million), so the dense table's 191 MB, its page faults and the encoder's
///   scans of it are what training paid for a model file that stores only the non-zero counts.
///   Each slot holds its key and its value side by side (16 bytes, never across a cache line),
///   so a probe misses the cache once, not twice.
/// - dense: the owned classes' rows of the `C x V` table, when it is small
///   (`prefersDense`): adding is then one store per entry, with no probe.
///
/// Each cell is summed in the order of the rows, as `NaiveBayesCounts.add` sums it, so the
/// counts are bitwise the same either way (`NaiveBayesCounts` compares equal and the model
/// file is byte-identical).
///
/// Several accumulators can share the work: accumulator `part` of `parts` keeps only the classes
/// `c` with `c % parts == part`, so each cell still has one owner that sees its rows in order
/// (`merged` puts their counts together).
struct ClassCountAccumulator: Sendable {
    let classCount: Int
    let featureCount: Int
    /// Which classes this accumulator keeps: `c % parts == part`.
    let part: Int, parts: Int
    /// Whether the table is dense.
    let isDense: Bool
    /// `N_c`.
    private(set) var classCounts: [Double]
    /// Dense: `N_cj` of owned class `c` at `(c / parts) * featureCount + j`.
    private var dense: [Double] = []
    /// Sparse: the slots; a key is `(c << 32 | j) + 1`, 0 an empty slot.
    private var slots: [Slot] = []
    private var used = 0
    private var mask = 0

    struct Slot {
        var key: UInt64
        var value: Double
    }

    /// The largest fraction of slots in use before the sparse table doubles.
    static let maxLoad = 0.7

    /// The largest dense table (all parts together, in bytes) chosen over the sparse one:
    /// 32 MiB. Measured on 20 Newsgroups unigrams (20 x 130,107 cells, 21 MB), one thread:
    /// training's second pass 81 -> 59 ms against the sparse table. With bigrams (191 MB) the
    /// dense table would raise the peak memory, so they stay sparse.
    static let denseLimit = 32 << 20

    /// Whether `classes x features` counts are kept dense: the table is at most `limit` bytes.
    static func prefersDense(classes: Int, features: Int, limit: Int = denseLimit) -> Bool {
        NaiveBayesCounts.fits(classes: classes, features: features) && classes * features <= limit / 8
    }

    /// An empty accumulator for the classes `c % parts == part` of `classCount` classes over
    /// `featureCount` features; dense or sparse as `prefersDense` says, unless `dense` is given.
    init(classCount: Int, featureCount: Int, part: Int = 0, of parts: Int = 1, dense: Bool? = nil) {
        precondition(parts >= 1 && part >= 0 && part < parts, "part \(part) of \(parts)")
        self.classCount = classCount
        self.featureCount = featureCount
        self.part = part
        self.parts = parts
        classCounts = [Double](repeating: 0, count: classCount)
        isDense = dense ?? ClassCountAccumulator.prefersDense(classes: classCount, features: featureCount)
        if isDense {
            let owned = (classCount - part + parts - 1) / parts
            self.dense = [Double](repeating: 0, count: owned * featureCount)
        } else {
            // Every kept feature occurs in at least one class: start with room for twice that share.
            var size = 1024
            while Double(size) * ClassCountAccumulator.maxLoad < Double(2 * featureCount / parts) { size <<= 1 }
            slots = [Slot](repeating: Slot(key: 0, value: 0), count: size)
            mask = size - 1
        }
    }

    /// Whether class `c` is this accumulator's.
    @inline(__always)
    func owns(_ c: Int) -> Bool { c % parts == part }

    /// The first slot of `key`.
    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Adds the rows of `matrix` of this accumulator's classes, row `r` of class `labels[r]`
    /// (see `add(class:columns:values:binarizeAbove:)`).
    mutating func add(_ matrix: SparseMatrix, labels: ArraySlice<Int>, binarizeAbove: Float? = nil) {
        precondition(labels.count == matrix.rowCount, "labels \(labels.count) != rows \(matrix.rowCount)")
        matrix.columns.withUnsafeBufferPointer { columns in
            matrix.values.withUnsafeBufferPointer { values in
                for row in 0 ..< matrix.rowCount {
                    let c = labels[labels.startIndex + row]
                    guard owns(c) else { continue }
                    let range = matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1]
                    add(class: c, columns: UnsafeBufferPointer(rebasing: columns[range]),
                        values: UnsafeBufferPointer(rebasing: values[range]), binarizeAbove: binarizeAbove)
                }
            }
        }
    }

    /// Adds one row of class `c` (one of this accumulator's), `values[k]` in column
    /// `columns[k]`: `N_c += 1` and `N_cj += x_j` (with `binarizeAbove`, `N_cj += 1` where
    /// `x_j > threshold`), as `NaiveBayesCounts.add`.
    @inline(__always)
    mutating func add(class c: Int, columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, binarizeAbove: Float?) {
        assert(owns(c) && c < classCount, "class \(c) is not part \(part) of \(parts)")
        classCounts[c] += 1
        if isDense {
            let base = (c / parts) * featureCount
            dense.withUnsafeMutableBufferPointer { counts in
                if let threshold = binarizeAbove {
                    for k in 0 ..< columns.count where values[k] > threshold { counts[base + Int(columns[k])] += 1 }
                } else {
                    for k in 0 ..< columns.count { counts[base + Int(columns[k])] += Double(values[k]) }
                }
            }
            return
        }
        if Double(used + columns.count) > Double(mask + 1) * ClassCountAccumulator.maxLoad { grow(toHold: used + columns.count) }
        let high = UInt64(c) << 32
        let mask = mask
        var added = 0
        slots.withUnsafeMutableBufferPointer { slots in
            // Hint every slot of the row first: the row's cells are scattered.
            for k in 0 ..< columns.count {
                let slot = ClassCountAccumulator.home((high | UInt64(UInt32(bitPattern: columns[k]))) + 1, mask)
                Prefetch.read(UnsafeRawPointer(slots.baseAddress! + slot))
            }
            for k in 0 ..< columns.count {
                let value: Double
                if let threshold = binarizeAbove {
                    guard values[k] > threshold else { continue }
                    value = 1
                } else {
                    value = Double(values[k])
                }
                let key = (high | UInt64(UInt32(bitPattern: columns[k]))) + 1
                var slot = ClassCountAccumulator.home(key, mask)
                while true {
                    let held = slots[slot].key
                    if held == key {
                        slots[slot].value += value
                        break
                    }
                    if held == 0 {
                        // 0 + value, as a dense cell that starts at zero.
                        slots[slot] = Slot(key: key, value: 0 + value)
                        added += 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        used += added
    }

    /// Doubles the sparse table until `count` cells fit under `maxLoad`.
    private mutating func grow(toHold count: Int) {
        var size = mask + 1
        while Double(count) > Double(size) * ClassCountAccumulator.maxLoad { size <<= 1 }
        var newSlots = [Slot](repeating: Slot(key: 0, value: 0), count: size)
        let newMask = size - 1
        for slot in slots where slot.key != 0 {
            var target = ClassCountAccumulator.home(slot.key, newMask)
            while newSlots[target].key != 0 { target = (target + 1) & newMask }
            newSlots[target] = slot
        }
        slots = newSlots
        mask = newMask
    }

    /// This accumulator's classes' non-zero cells, each class's by ascending column (cells that
    /// sum to exactly zero are left out, as the dense table's zeros are); the other classes'
    /// rows are empty. Frees the table.
    mutating func rows() -> [NaiveBayesCounts.SparseRow] {
        var rows = [NaiveBayesCounts.SparseRow](repeating: .init(columns: [], values: []), count: classCount)
        if isDense {
            for c in stride(from: part, to: classCount, by: parts) {
                let row = dense[(c / parts) * featureCount ..< (c / parts + 1) * featureCount]
                var n = 0
                for value in row where value != 0 { n += 1 }
                rows[c].columns.reserveCapacity(n)
                rows[c].values.reserveCapacity(n)
                for (j, value) in zip(0 ..< Int32(featureCount), row) where value != 0 {
                    rows[c].columns.append(j)
                    rows[c].values.append(value)
                }
            }
            dense = []
            return rows
        }
        var order: [UInt64] = []
        var positions: [Int32] = []
        order.reserveCapacity(used)
        positions.reserveCapacity(used)
        for (i, slot) in slots.enumerated() where slot.key != 0 && slot.value != 0 {
            order.append(slot.key - 1)
            positions.append(Int32(truncatingIfNeeded: i))
        }
        RadixSort.sort(keys: &order, values: &positions)
        var k = 0
        while k < order.count {
            let c = Int(order[k] >> 32)
            var end = k
            while end < order.count && Int(order[end] >> 32) == c { end += 1 }
            rows[c].columns = order[k ..< end].map { Int32(truncatingIfNeeded: $0) }
            rows[c].values = positions[k ..< end].map { slots[Int($0)].value }
            k = end
        }
        slots = []
        return rows
    }

    /// The counts of `parts`, accumulators `0 ..< parts.count` of the same classes and features,
    /// each class from the accumulator that keeps it. Empties them.
    static func merged(_ parts: inout [ClassCountAccumulator], classes: [String], threads: Int) -> NaiveBayesCounts {
        precondition(parts.allSatisfy { $0.classCount == classes.count && $0.parts == parts.count }, "accumulators do not match")
        let featureCount = parts.first?.featureCount ?? 0
        let perPart = ChunkPipeline.map(parts, threads: threads) { part in
            var part = part
            return (part.rows(), part.classCounts)
        }
        parts = []
        var rows = [NaiveBayesCounts.SparseRow](repeating: .init(columns: [], values: []), count: classes.count)
        var classCounts = [Double](repeating: 0, count: classes.count)
        for c in classes.indices {
            let owner = c % perPart.count
            rows[c] = perPart[owner].0[c]
            classCounts[c] = perPart[owner].1[c]
        }
        return NaiveBayesCounts(classes: classes, featureCount: featureCount, classCounts: classCounts, rows: rows)
    }
}
