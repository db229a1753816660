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

/// A partition's map from spilled feature ids (`kind << 30 | index`, see `PartitionCounter`) to
/// columns (-1 for pruned terms) and their idf: `PartitionTerms.column(of:)` with the token
/// positions already looked up, so a token (most entries) costs one load instead of two
/// dependent ones, and with each term's idf beside its column, so weighing it costs no second
/// load. Both are cache misses once the vocabulary outgrows the caches; in list order (first
/// seen first) the frequent terms are also near each other, where in column (sorted-term)
/// order they are spread over the whole idf.
struct ColumnMap: Sendable {
    /// A term's column (-1: pruned) and idf (0 without idf).
    struct Term: Sendable {
        var column: Int32
        var idf: Double
    }

    /// Where a map's terms are, for a loop that hints a row's terms before it reads them
    /// (`RowWeigher`): plain pointers, so neither costs a retain. Valid while the map lives.
    /// (Hinting through the map's arrays retained and released them per entry: the weigh step
    /// went 106 -> 227 ms.)
    struct Bases {
        let tokens: UnsafePointer<Term>, grams: UnsafePointer<Term>, others: UnsafePointer<Term>
        let tokenCount: Int, gramCount: Int, otherCount: Int

        /// The first term of row entry `feature`'s kind, its index among them, and their number.
        @inline(__always)
        private func locate(_ feature: UInt32) -> (base: UnsafePointer<Term>, index: Int, count: Int) {
            let index = Int(feature & PartitionCounter.indexMask)
            switch feature >> 30 {
            case PartitionCounter.tokenKind: return (tokens, index, tokenCount)
            case PartitionCounter.gramKind: return (grams, index, gramCount)
            default: return (others, index, otherCount)
            }
        }

        /// Where the term of row entry `feature` is, if it is in range: a hint needs no check.
        @inline(__always)
        func address(of feature: UInt32) -> UnsafePointer<Term> {
            let (base, index, _) = locate(feature)
            return base + index
        }

        /// The term of row entry `feature` (stops on an id out of range, as `term(of:)`).
        @inline(__always)
        func term(of feature: UInt32) -> Term {
            let (base, index, count) = locate(feature)
            precondition(index < count, "spilled feature \(feature) past the \(count) terms of its kind")
            return base[index]
        }
    }

    /// The terms, per token index then per list position (`PartitionTerms.columns`), in memory
    /// from `PageMemory` (huge pages: a bigram vocabulary's map is 19 MB, 4,700 page faults
    /// with 4 KiB pages).
    private final class Storage: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Term>
        let count: Int
        init(count: Int) {
            self.count = count
            pointer = PageMemory.allocate(Term.self, count: count)
        }
        deinit { PageMemory.deallocate(pointer, count: count) }
    }

    private let storage: Storage
    private let tokenCount: Int, termCount: Int
    let gramBase: Int, otherBase: Int

    /// The map of `terms`, with the idf per column `idf` (empty: none).
    init(_ partition: PartitionTerms, idf: [Double] = []) {
        let columns = partition.columns, positions = partition.tokenPositions
        tokenCount = positions.count
        termCount = columns.count
        storage = Storage(count: tokenCount + termCount)
        let tokens = storage.pointer, terms = storage.pointer + tokenCount
        for k in 0 ..< termCount {
            let column = columns[k]
            (terms + k).initialize(to: Term(column: column, idf: column < 0 || idf.isEmpty ? 0 : idf[Int(column)]))
        }
        for k in 0 ..< tokenCount {
            let position = Int(positions[k])
            precondition(position < termCount, "token position \(position) of \(termCount) terms")
            (tokens + k).initialize(to: position < 0 ? Term(column: -1, idf: 0) : terms[position])
        }
        gramBase = partition.gramBase
        otherBase = partition.otherBase
    }

    /// The map's `Bases`, valid while it lives.
    var bases: Bases {
        let terms = UnsafePointer(storage.pointer + tokenCount)
        return Bases(
            tokens: UnsafePointer(storage.pointer), grams: terms + gramBase, others: terms + otherBase,
            tokenCount: tokenCount, gramCount: max(0, termCount - gramBase), otherCount: max(0, termCount - otherBase))
    }

    /// The term of row entry `feature`.
    @inline(__always)
    func term(of feature: UInt32) -> Term { withExtendedLifetime(storage) { bases.term(of: feature) } }
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
