/// A partition's map from spilled feature ids (`kind << 30 | index`, see `PartitionCounter`) to
/// columns (-1 for pruned terms) and their idf: `PartitionTerms.column(of:)` with the token
/// positions already looked up, so a token (most entries) costs one load instead of two
/// dependent ones, and with each term's idf beside its column, as the number of its value among
/// the map's distinct idf values (`IDFCodes`), so weighing it costs no second load that misses:
/// the distinct values are as many as the distinct document frequencies, a few thousand, and
/// stay in the cache. The terms are loads at random once the vocabulary outgrows the caches; in
/// list order (first seen first) the frequent terms are also near each other, where in column
/// (sorted-term) order they are spread over the whole idf.
///
/// A term is 8 bytes, column and idf number. With the idf itself beside the column (16 bytes
/// with its padding) a bigram vocabulary's maps took 21 MB through training's second pass, the
/// pass that set training's peak memory. Measured on 20 Newsgroups bigrams, two threads
/// (alternating runs, medians): peak 122.9 -> 117.4 MiB (8 runs); the second pass 66.5 -> 69.0
/// ms (10 runs) and, on the ×10 file, 351 -> 361 ms (4 runs): the idf's load now follows the
/// term's, and the codes cost a lookup per term as the map is built.
struct ColumnMap: Sendable {
    /// A term's column (-1: pruned) and the number of its idf among the map's idf values
    /// (`Bases.idf(of:)`; 0 without idf).
    struct Term: Sendable {
        var column: Int32
        var idfCode: UInt32
    }

    /// Where a map's terms are, for a loop that hints a row's terms before it reads them
    /// (`RowWeigher`): plain pointers, so neither costs a retain. Valid while the map lives.
    /// (Hinting through the map's arrays retained and released them per entry: the weigh step
    /// went 106 -> 227 ms.)
    struct Bases {
        let tokens: UnsafePointer<Term>, grams: UnsafePointer<Term>, others: UnsafePointer<Term>
        let tokenCount: Int, gramCount: Int, otherCount: Int
        /// The distinct idf values, by code.
        let idfValues: UnsafePointer<Double>, idfCount: Int

        /// The idf of `term`, one of this map's.
        @inline(__always)
        func idf(of term: Term) -> Double {
            assert(Int(term.idfCode) < idfCount, "idf code \(term.idfCode) of \(idfCount)")
            return idfValues[Int(term.idfCode)]
        }

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
    /// from `PageMemory` (huge pages from 8 MiB: a bigram vocabulary's maps are 10.6 MB in all,
    /// one map's 16-byte terms on one thread were 4,700 page faults with 4 KiB pages), and the
    /// idf values by code.
    private final class Storage: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Term>
        let count: Int
        /// The idf values by code (`keep(idfValues:)`, once the terms are written).
        private(set) var idfValues: UnsafeMutablePointer<Double>
        private(set) var idfCount = 0
        init(count: Int) {
            self.count = count
            pointer = PageMemory.allocate(Term.self, count: count)
            idfValues = .allocate(capacity: 1)
        }
        func keep(idfValues values: [Double]) {
            idfValues.deallocate()
            idfValues = .allocate(capacity: max(1, values.count))
            values.withUnsafeBufferPointer { if let source = $0.baseAddress { idfValues.initialize(from: source, count: values.count) } }
            idfCount = values.count
        }
        deinit {
            PageMemory.deallocate(pointer, count: count)
            idfValues.deallocate()
        }
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
        var codes = IDFCodes()
        let none = codes.code(of: 0)
        // Most terms are rare, and neighbours in list order often share a document frequency:
        // the last value's code is tried before the table.
        var last = (bits: Double(0).bitPattern, code: none)
        let count = columns.count
        columns.withUnsafeBufferPointer { columns in
            idf.withUnsafeBufferPointer { idf in
                for k in 0 ..< count {
                    let column = columns[k]
                    var code = none
                    if column >= 0 && !idf.isEmpty {
                        let value = idf[Int(column)]
                        if value.bitPattern == last.bits {
                            code = last.code
                        } else {
                            code = codes.code(of: value)
                            last = (value.bitPattern, code)
                        }
                    }
                    (terms + k).initialize(to: Term(column: column, idfCode: code))
                }
            }
        }
        for k in 0 ..< tokenCount {
            let position = Int(positions[k])
            precondition(position < termCount, "token position \(position) of \(termCount) terms")
            (tokens + k).initialize(to: position < 0 ? Term(column: -1, idfCode: none) : terms[position])
        }
        storage.keep(idfValues: codes.values)
        gramBase = partition.gramBase
        otherBase = partition.otherBase
    }

    /// The map's `Bases`, valid while it lives.
    var bases: Bases {
        let terms = UnsafePointer(storage.pointer + tokenCount)
        return Bases(
            tokens: UnsafePointer(storage.pointer), grams: terms + gramBase, others: terms + otherBase,
            tokenCount: tokenCount, gramCount: max(0, termCount - gramBase), otherCount: max(0, termCount - otherBase),
            idfValues: UnsafePointer(storage.idfValues), idfCount: storage.idfCount)
    }

    /// The term of row entry `feature`.
    @inline(__always)
    func term(of feature: UInt32) -> Term { withExtendedLifetime(storage) { bases.term(of: feature) } }

    /// Writes the idf of each of the map's terms that has a column at that column of `idf`: the
    /// idf by column the map was built from, for its columns (each column is one partition's).
    /// Returns the number of columns written.
    func writeIDF(byColumn idf: UnsafeMutableBufferPointer<Double>) -> Int {
        let terms = storage.pointer + tokenCount, values = storage.idfValues
        var written = 0
        for k in 0 ..< termCount {
            let term = terms[k]
            guard term.column >= 0 else { continue }
            precondition(Int(term.column) < idf.count, "column \(term.column) of \(idf.count)")
            idf[Int(term.column)] = values[Int(term.idfCode)]
            written += 1
        }
        return withExtendedLifetime(storage) { written }
    }
}
