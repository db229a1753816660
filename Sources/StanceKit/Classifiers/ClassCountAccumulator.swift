/// The naive Bayes counts `N_c` and `N_cj` of streamed training, summed row by row, in one of
/// two forms:
///
/// - sparse: per class only the cells that receive a value (`ClassCountLog`). With text
///   features most cells stay zero (20 Newsgroups with bigrams: 1.87 million of 24 million), so
///   a dense table's 191 MB, its page faults and the encoder's scans of it are what training
///   paid for a model file that stores only the non-zero counts.
/// - dense: the owned classes' rows of the `C x V` table, when it is small
///   (`prefersDense`): adding is then one store per entry.
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
    /// Sparse: owned class `c`'s cells and log at `c / parts`.
    private var logs: [ClassCountLog] = []
    private var buffers = CompactionBuffers()
    /// Sparse: the values a class logs before they are folded into its cells (at least).
    private var logLimit = 0

    /// Values logged before folding over all classes, whichever accumulators keep them: 2^20
    /// (8 MB), so at least `logBudget / classCount` per class. Per accumulator before (2^20
    /// each), two workers' logs took twice one worker's: 20 Newsgroups bigrams on two threads
    /// peaked in the second pass when the corpus was long (×10: 134 MiB there, against 129 for
    /// the whole run now; see `ClassCountLog.reserve`).
    static let logBudget = 1 << 20

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
    /// `logLimit` overrides the values a sparse class logs before folding them (tests).
    init(classCount: Int, featureCount: Int, part: Int = 0, of parts: Int = 1, dense: Bool? = nil, logLimit: Int? = nil) {
        precondition(parts >= 1 && part >= 0 && part < parts, "part \(part) of \(parts)")
        self.classCount = classCount
        self.featureCount = featureCount
        self.part = part
        self.parts = parts
        classCounts = [Double](repeating: 0, count: classCount)
        isDense = dense ?? ClassCountAccumulator.prefersDense(classes: classCount, features: featureCount)
        let owned = (classCount - part + parts - 1) / parts
        if isDense {
            // Marked for huge pages: 20NG unigrams' 21 MB table is 5,100 faults in 4 KiB pages.
            self.dense = .pageBacked(repeating: 0, count: owned * featureCount)
        } else {
            logs = [ClassCountLog](repeating: ClassCountLog(), count: owned)
            self.logLimit = logLimit ?? max(4096, ClassCountAccumulator.logBudget / max(1, classCount))
        }
    }

    /// Whether class `c` is this accumulator's.
    @inline(__always)
    func owns(_ c: Int) -> Bool { c % parts == part }

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
        let i = c / parts
        logs[i].reserve(columns.count, limit: logLimit, buffers: &buffers)
        logs[i].append(columns: columns, values: values, binarizeAbove: binarizeAbove)
    }

    /// This accumulator's classes' non-zero cells, each class's by ascending column (cells that
    /// sum to exactly zero are left out, as the dense table's zeros are); the other classes'
    /// rows are empty. Frees the table (so call it on the only copy: a shared one is copied).
    mutating func rows() -> [NaiveBayesCounts.SparseRow] {
        var rows = [NaiveBayesCounts.SparseRow](repeating: .init(columns: [], values: []), count: classCount)
        if isDense {
            dense.withUnsafeBufferPointer { dense in
                for c in stride(from: part, to: classCount, by: parts) {
                    let row = UnsafeBufferPointer(rebasing: dense[(c / parts) * featureCount ..< (c / parts + 1) * featureCount])
                    rows[c] = Self.nonzeroCells(row)
                }
            }
            dense = []
            return rows
        }
        for c in stride(from: part, to: classCount, by: parts) { rows[c] = logs[c / parts].row(&buffers) }
        logs = []
        buffers = CompactionBuffers()
        return rows
    }

    /// The non-zero cells of a dense row, by ascending column. Both loops are branch-free: the
    /// first counts, the second writes every cell's column and value and advances past the
    /// non-zero ones (one spare slot takes the last write), so a row of mixed zeros costs no
    /// mispredicted branches. The comparison's bit is added (`PartitionCounter.one`): written
    /// `value != 0 ? 1 : 0`, or as a `where` filter, the compiler kept a branch per cell. Measured
    /// on 20 Newsgroups unigrams, one thread (`perf`): this step 4.2% -> 1.4% of training.
    static func nonzeroCells(_ row: UnsafeBufferPointer<Double>) -> NaiveBayesCounts.SparseRow {
        var n = 0
        for value in row { n &+= PartitionCounter.one(value != 0) }
        // Filled in one pass through pointers (appending cost twice as much).
        var values: [Double] = []
        let columns = [Int32](unsafeUninitializedCapacity: n + 1) { columns, initialized in
            values = [Double](unsafeUninitializedCapacity: n + 1) { values, initializedValues in
                var k = 0
                for j in 0 ..< row.count {
                    let value = row[j]
                    columns[k] = Int32(truncatingIfNeeded: j)
                    values[k] = value
                    k &+= PartitionCounter.one(value != 0)
                }
                initializedValues = n
            }
            initialized = n
        }
        return NaiveBayesCounts.SparseRow(columns: columns, values: values)
    }

    /// The counts of `parts`, accumulators `0 ..< parts.count` of the same classes and features,
    /// each class from the accumulator that keeps it. Empties them.
    static func merged(_ parts: inout [ClassCountAccumulator], classes: [String]) -> NaiveBayesCounts {
        precondition(parts.allSatisfy { $0.classCount == classes.count && $0.parts == parts.count }, "accumulators do not match")
        let featureCount = parts.first?.featureCount ?? 0
        // In place, each on its own thread: a copy would share the cells, and folding the
        // logs into them would copy them all.
        var perPart = parts.map { _ in [NaiveBayesCounts.SparseRow]() }
        perPart.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            ChunkPipeline.forEach(&parts) { part in output[part.part] = part.rows() }
        }
        var rows = [NaiveBayesCounts.SparseRow](repeating: .init(columns: [], values: []), count: classes.count)
        var classCounts = [Double](repeating: 0, count: classes.count)
        for c in classes.indices {
            let owner = c % parts.count
            swap(&rows[c], &perPart[owner][c])
            classCounts[c] = parts[owner].classCounts[c]
        }
        parts = []
        return NaiveBayesCounts(classes: classes, featureCount: featureCount, classCounts: classCounts, rows: rows)
    }
}
