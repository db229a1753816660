/// The naive Bayes counts `N_c` and `N_cj` of streamed training, kept only for the cells that
/// receive a value: an open-addressing table keyed by `(c, j)`, instead of the dense `C x V`
/// table `NaiveBayesCounts.add` fills.
///
/// With text features most cells stay zero (20 Newsgroups with bigrams: 1.87 million of
/// 24 million), so the dense table's 191 MB, its page faults and the encoder's scans of it are
/// what training paid for a model file that stores only the non-zero counts. Each cell is
/// summed in the order of the rows, as the dense table sums it, so the counts are bitwise the
/// same (`NaiveBayesCounts` compares equal and the model file is byte-identical).
///
/// Several accumulators can share the work: accumulator `part` of `parts` keeps only the classes
/// `c` with `c % parts == part`, so each cell still has one owner that sees its rows in order
/// (`merged` puts their counts together).
struct SparseCountAccumulator: Sendable {
    let classCount: Int
    let featureCount: Int
    /// Which classes this accumulator keeps: `c % parts == part`.
    let part: Int, parts: Int
    /// `N_c`.
    private(set) var classCounts: [Double]
    /// Slot keys, `(c << 32 | j) + 1`; 0 is an empty slot.
    private var keys: [UInt64]
    private var values: [Double]
    private var used = 0
    private var mask: Int

    /// The largest fraction of slots in use before the table doubles.
    static let maxLoad = 0.7

    /// An empty accumulator for the classes `c % parts == part` of `classCount` classes over
    /// `featureCount` features.
    init(classCount: Int, featureCount: Int, part: Int = 0, of parts: Int = 1) {
        precondition(parts >= 1 && part >= 0 && part < parts, "part \(part) of \(parts)")
        self.classCount = classCount
        self.featureCount = featureCount
        self.part = part
        self.parts = parts
        classCounts = [Double](repeating: 0, count: classCount)
        // Every kept feature occurs in at least one class: start with room for twice that share.
        var size = 1024
        while Double(size) * SparseCountAccumulator.maxLoad < Double(2 * featureCount / parts) { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Double](repeating: 0, count: size)
        mask = size - 1
    }

    /// The first slot of `key`.
    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Adds the rows of `matrix` of this accumulator's classes, row `r` of class `labels[r]`:
    /// `N_c += 1` and `N_cj += x_rj` (with `binarizeAbove`, `N_cj += 1` where `x_rj > threshold`),
    /// as `NaiveBayesCounts.add`.
    mutating func add(_ matrix: SparseMatrix, labels: ArraySlice<Int>, binarizeAbove: Float? = nil) {
        precondition(labels.count == matrix.rowCount, "labels \(labels.count) != rows \(matrix.rowCount)")
        for row in 0 ..< matrix.rowCount {
            let c = labels[labels.startIndex + row]
            guard c % parts == part else { continue }
            classCounts[c] += 1
            let start = matrix.rowOffsets[row], end = matrix.rowOffsets[row + 1]
            if Double(used + end - start) > Double(mask + 1) * SparseCountAccumulator.maxLoad { grow(toHold: used + end - start) }
            let high = UInt64(c) << 32
            keys.withUnsafeMutableBufferPointer { keys in
                values.withUnsafeMutableBufferPointer { values in
                    matrix.columns.withUnsafeBufferPointer { columns in
                        matrix.values.withUnsafeBufferPointer { rowValues in
                            let mask = mask
                            // Hint every slot of the row first: the row's cells are scattered.
                            for k in start ..< end {
                                let slot = SparseCountAccumulator.home((high | UInt64(UInt32(bitPattern: columns[k]))) + 1, mask)
                                Prefetch.read(UnsafeRawPointer(keys.baseAddress! + slot))
                                Prefetch.read(UnsafeRawPointer(values.baseAddress! + slot))
                            }
                            for k in start ..< end {
                                let value: Double
                                if let threshold = binarizeAbove {
                                    guard rowValues[k] > threshold else { continue }
                                    value = 1
                                } else {
                                    value = Double(rowValues[k])
                                }
                                let key = (high | UInt64(UInt32(bitPattern: columns[k]))) + 1
                                var slot = SparseCountAccumulator.home(key, mask)
                                while true {
                                    let held = keys[slot]
                                    if held == key {
                                        values[slot] += value
                                        break
                                    }
                                    if held == 0 {
                                        keys[slot] = key
                                        // 0 + value, as a dense cell that starts at zero.
                                        values[slot] = 0 + value
                                        used += 1
                                        break
                                    }
                                    slot = (slot + 1) & mask
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Doubles the table until `count` cells fit under `maxLoad`.
    private mutating func grow(toHold count: Int) {
        var size = mask + 1
        while Double(count) > Double(size) * SparseCountAccumulator.maxLoad { size <<= 1 }
        var newKeys = [UInt64](repeating: 0, count: size)
        var newValues = [Double](repeating: 0, count: size)
        let newMask = size - 1
        for slot in 0 ... mask where keys[slot] != 0 {
            var target = SparseCountAccumulator.home(keys[slot], newMask)
            while newKeys[target] != 0 { target = (target + 1) & newMask }
            newKeys[target] = keys[slot]
            newValues[target] = values[slot]
        }
        keys = newKeys
        values = newValues
        mask = newMask
    }

    /// This accumulator's classes' non-zero cells, each class's by ascending column (cells that
    /// sum to exactly zero are left out, as the dense table's zeros are); the other classes'
    /// rows are empty. Frees the table.
    mutating func rows() -> [NaiveBayesCounts.SparseRow] {
        var order: [UInt64] = []
        var slots: [Int32] = []
        order.reserveCapacity(used)
        slots.reserveCapacity(used)
        for slot in 0 ... mask where keys[slot] != 0 && values[slot] != 0 {
            order.append(keys[slot] - 1)
            slots.append(Int32(truncatingIfNeeded: slot))
        }
        keys = []
        RadixSort.sort(keys: &order, values: &slots)
        var rows = [NaiveBayesCounts.SparseRow](repeating: .init(columns: [], values: []), count: classCount)
        var k = 0
        while k < order.count {
            let c = Int(order[k] >> 32)
            var end = k
            while end < order.count && Int(order[end] >> 32) == c { end += 1 }
            rows[c].columns = order[k ..< end].map { Int32(truncatingIfNeeded: $0) }
            rows[c].values = slots[k ..< end].map { values[Int($0)] }
            k = end
        }
        values = []
        return rows
    }

    /// The counts of `parts`, accumulators `0 ..< parts.count` of the same classes and features,
    /// each class from the accumulator that keeps it. Empties them.
    static func merged(_ parts: inout [SparseCountAccumulator], classes: [String], threads: Int) -> NaiveBayesCounts {
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
