/// One decoded `TermSpill` record: a chunk's label ids and, per hash partition, its rows of
/// (feature, count) pairs. The record's words may be followed by unused words (a reused read
/// buffer); only the record's own are read.
struct SpillChunk: Sendable {
    let words: [UInt32]
    /// The number of documents.
    let documentCount: Int
    /// Where each partition's `D + 1` row offsets, its term ids and its counts start in `words`,
    /// and the byte width of its counts (1, 2 or 4, see `TermSpill`).
    private let parts: [(offsets: Int, ids: Int, counts: Int, width: Int)]

    init(words: [UInt32]) {
        self.words = words
        let documents = Int(words[0]), partitions = Int(words[1])
        documentCount = documents
        var parts: [(offsets: Int, ids: Int, counts: Int, width: Int)] = []
        var cursor = 2 + documents
        for _ in 0 ..< partitions {
            let entries = Int(words[cursor]), width = Int(words[cursor + 1])
            precondition(width == 1 || width == 2 || width == 4, "spill count width \(width)")
            let offsets = cursor + 2
            let ids = offsets + documents + 1
            parts.append((offsets, ids, ids + entries, width))
            cursor = ids + entries + (entries * width + 3) / 4
        }
        precondition(cursor <= words.count, "spill record of \(cursor) words in \(words.count)")
        self.parts = parts
    }

    /// The number of hash partitions.
    var partitionCount: Int { parts.count }

    /// The label id of each document.
    var labels: ArraySlice<UInt32> { words[2 ..< 2 + documentCount] }

    /// The label id of `document`.
    @inline(__always)
    func label(of document: Int) -> UInt32 { words[2 + document] }

    /// The entries of `documents` over all partitions (before pruning).
    func entryCount(_ documents: Range<Int>) -> Int {
        parts.reduce(0) { $0 + Int(words[$1.offsets + documents.upperBound]) - Int(words[$1.offsets + documents.lowerBound]) }
    }

    /// Calls `body` with each (feature, count) entry of `document`, partition by partition.
    @inline(__always)
    func forEachEntry(_ document: Int, _ body: (_ partition: Int, _ feature: UInt32, _ count: UInt32) -> Void) {
        words.withUnsafeBufferPointer { words in
            guard let base = words.baseAddress else { return }
            for p in 0 ..< parts.count {
                let part = parts[p]
                let entries = Int(words[part.offsets + document]) ..< Int(words[part.offsets + document + 1])
                let counts = UnsafeRawPointer(base + part.counts)
                // One loop per width, so the width is not tested per entry.
                switch part.width {
                case 1:
                    for k in entries { body(p, words[part.ids + k], UInt32(counts.load(fromByteOffset: k, as: UInt8.self))) }
                case 2:
                    for k in entries {
                        body(p, words[part.ids + k], UInt32(UInt16(littleEndian: counts.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self))))
                    }
                default:
                    for k in entries { body(p, words[part.ids + k], words[part.counts + k]) }
                }
            }
        }
    }

    /// Fills `row` with the counts of `document`: partition `p`'s entry for feature `f` goes to
    /// column `maps[p].column(of: f)` (dropped when -1), and the entries are sorted by column, as
    /// the plain reference (`TermCounter.matrix`, in the tests) sorts them, so weighing the row
    /// gives bit-for-bit the values of `Vectorizer.transform`.
    func row(_ document: Int, columns maps: [ColumnMap], into row: inout SpillRow) {
        precondition(maps.count == parts.count, "spill has \(parts.count) partitions, \(maps.count) column maps")
        row.reserve(entryCount(document ..< document + 1))
        var n = 0
        row.entries.withUnsafeMutableBufferPointer { entries in
            forEachEntry(document) { p, feature, count in
                let column = maps[p].term(of: feature).column
                guard column >= 0 else { return }
                // Column in the high half (the sort key), the count in the low half.
                entries[n] = UInt64(UInt32(column)) << 32 | UInt64(count)
                n += 1
            }
        }
        row.finish(count: n)
    }

    /// The count matrix of the chunk (see `row`).
    func matrix(columns maps: [PartitionTerms], columnCount: Int) -> SparseMatrix {
        let maps = maps.map { ColumnMap($0) }
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(documentCount + 1)
        var columns: [Int32] = [], values: [Float] = []
        let total = entryCount(0 ..< documentCount)
        columns.reserveCapacity(total)
        values.reserveCapacity(total)
        var buffer = SpillRow()
        for document in 0 ..< documentCount {
            row(document, columns: maps, into: &buffer)
            columns.append(contentsOf: buffer.columns[0 ..< buffer.count])
            values.append(contentsOf: buffer.values[0 ..< buffer.count])
            rowOffsets.append(columns.count)
        }
        return SparseMatrix(rowCount: documentCount, columnCount: columnCount, rowOffsets: rowOffsets, columns: columns, values: values)
    }
}

/// One document's row, in buffers reused from row to row (no allocation once they are long
/// enough): `columns[0 ..< count]` ascending and `values[0 ..< count]`, the counts (weighed in
/// place by `Vectorizer.weighRow`).
struct SpillRow {
    private(set) var count = 0
    /// Packed `column << 32 | count` entries and the sort's scratch.
    fileprivate(set) var entries: [UInt64] = []
    private var scratch: [UInt64] = []
    var columns: [Int32] = []
    var values: [Float] = []
    /// `Vectorizer.weighRow`'s buffer.
    var weights: [Double] = []

    /// Room for `n` entries.
    fileprivate mutating func reserve(_ n: Int) {
        guard entries.count < n else { return }
        let size = max(n, 2 * entries.count, 256)
        entries = [UInt64](repeating: 0, count: size)
        scratch = [UInt64](repeating: 0, count: size)
        columns = [Int32](repeating: 0, count: size)
        values = [Float](repeating: 0, count: size)
    }

    /// Sorts the first `n` entries by column and unpacks them.
    fileprivate mutating func finish(count n: Int) {
        count = n
        entries.withUnsafeMutableBufferPointer { entries in
            let row = UnsafeMutableBufferPointer(rebasing: entries[0 ..< n])
            scratch.withUnsafeMutableBufferPointer { RadixSort.sort(row, scratch: $0, lowBit: 32) }
            columns.withUnsafeMutableBufferPointer { columns in
                values.withUnsafeMutableBufferPointer { values in
                    for k in 0 ..< n {
                        columns[k] = Int32(truncatingIfNeeded: row[k] >> 32)
                        values[k] = Float(UInt32(truncatingIfNeeded: row[k]))
                    }
                }
            }
        }
    }

    /// Calls `body` with the row's columns and its values (mutable, to weigh them in place).
    @inline(__always)
    mutating func withRow<R>(_ body: (UnsafeBufferPointer<Int32>, UnsafeMutableBufferPointer<Float>) -> R) -> R {
        let n = count
        return columns.withUnsafeBufferPointer { columns in
            values.withUnsafeMutableBufferPointer { values in
                body(UnsafeBufferPointer(rebasing: columns[0 ..< n]), UnsafeMutableBufferPointer(rebasing: values[0 ..< n]))
            }
        }
    }
}
