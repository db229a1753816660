@testable import StanceKit

/// The plain reference for counting, kept in the tests to check the fast paths against
/// (`PartitionCounter` + `TermSpill` in training and `Vectorizer.fit`, `DocumentTerms` in
/// `transform` and scoring): counts the features of a batch of documents into CSR rows of
/// term ids.
///
/// Per term id it remembers the last row that used it and where, so a repeated term in a row
/// is one increment, with no per-row hash map.
struct TermCounter {
    /// The vocabulary; grows when `growing`.
    private(set) var vocabulary: Vocabulary
    let growing: Bool
    var rowOffsets: [Int] = [0]
    var columns: [Int32] = []
    var values: [Float] = []
    private var lastRow: [Int32]
    private var position: [Int]
    private var statisticsOnly = false
    private var maxVocabulary = Int.max
    private var full = false
    private var df: [Int32] = []
    private var totals: [Double] = []

    init(vocabulary: Vocabulary, growing: Bool) {
        // A fitted vocabulary builds its table on first use; the `hash:` lookups below expect it.
        vocabulary.storage.ensureIndexed()
        self.vocabulary = vocabulary
        self.growing = growing
        lastRow = [Int32](repeating: -1, count: vocabulary.count)
        position = [Int](repeating: 0, count: vocabulary.count)
    }

    /// Counts every document of `texts` as one row. With `statisticsOnly`, no rows are kept:
    /// only each term's document frequency and total count (`statistics()`), which is all the
    /// vocabulary pass needs.
    ///
    /// Per document, the word n-grams are hashed first, each hash prefetching its table slot,
    /// and probed after: the probes' cache misses then overlap (see `Prefetch`).
    ///
    /// When growing, the vocabulary stops at `maxVocabulary` terms: a new term past it makes
    /// the document's count end in `VectorizerError.vocabularyTooLarge`, so memory stays bounded.
    mutating func count(
        _ texts: TextBatch, analyzer: Analyzer, statisticsOnly: Bool = false, maxVocabulary: Int = .max
    ) throws(VectorizerError) {
        self.statisticsOnly = statisticsOnly
        self.maxVocabulary = maxVocabulary
        var scratch = AnalyzerScratch()
        var features: [(start: Int, end: Int, hash: UInt64)] = []
        rowOffsets.reserveCapacity(rowOffsets.count + texts.count)
        let range = analyzer.options.wordNGrams
        let characterRange = analyzer.options.characterNGrams
        for document in 0 ..< texts.count {
            let row = Int32(rowOffsets.count - 1)
            texts.withDocument(document) { bytes in
                analyzer.tokenizer.tokenize(bytes, into: &scratch.tokens)
                let count = scratch.tokens.count
                features.removeAll(keepingCapacity: true)
                scratch.tokens.bytes.withUnsafeBufferPointer { tokenBytes in
                    scratch.tokens.starts.withUnsafeBufferPointer { starts in
                        scratch.tokens.ends.withUnsafeBufferPointer { ends in
                            for n in range where n <= count {
                                for i in 0 ... (count - n) {
                                    let start = starts[i], end = ends[i + n - 1]
                                    let hash = ByteHash.hash(UnsafeBufferPointer(rebasing: tokenBytes[start ..< end]))
                                    vocabulary.prefetch(hash: hash)
                                    features.append((start, end, hash))
                                }
                            }
                        }
                    }
                    for feature in features {
                        add(UnsafeBufferPointer(rebasing: tokenBytes[feature.start ..< feature.end]), hash: feature.hash, row: row)
                    }
                }
                if let characterRange {
                    analyzer.forEachCharacterNGram(range: characterRange, scratch: &scratch) {
                        add($0, hash: ByteHash.hash($0), row: row)
                    }
                }
            }
            guard !full else { throw .vocabularyTooLarge(limit: maxVocabulary, document: document + 1) }
            rowOffsets.append(columns.count)
        }
    }

    /// Counts one occurrence of `feature` in row `row`.
    @inline(__always)
    private mutating func add(_ feature: UnsafeBufferPointer<UInt8>, hash: UInt64, row: Int32) {
        let id: Int
        if growing && vocabulary.count >= maxVocabulary {
            let known = vocabulary.id(of: feature, hash: hash)
            guard known >= 0 else {
                full = true
                return
            }
            id = Int(known)
        } else if growing {
            id = Int(vocabulary.insert(feature, hash: hash))
            if id == lastRow.count {
                lastRow.append(-1)
                position.append(0)
                if statisticsOnly {
                    df.append(0)
                    totals.append(0)
                }
            }
        } else {
            let known = vocabulary.id(of: feature, hash: hash)
            guard known >= 0 else { return }
            id = Int(known)
        }
        if statisticsOnly {
            if lastRow[id] != row {
                lastRow[id] = row
                df[id] += 1
            }
            totals[id] += 1
        } else if lastRow[id] == row {
            values[position[id]] += 1
        } else {
            lastRow[id] = row
            position[id] = columns.count
            columns.append(Int32(id))
            values.append(1)
        }
    }

    /// Per id: the number of rows holding it, and its total count.
    func documentFrequencies() -> (df: [Int32], totals: [Double]) {
        if statisticsOnly { return (df, totals) }
        var df = [Int32](repeating: 0, count: vocabulary.count)
        var totals = [Double](repeating: 0, count: vocabulary.count)
        for k in 0 ..< columns.count {
            let id = Int(columns[k])
            df[id] += 1
            totals[id] += Double(values[k])
        }
        return (df, totals)
    }

    /// The counts as a matrix with sorted columns; `remap[id]` gives each id's column (-1 drops
    /// it), or nil keeps ids as columns.
    func matrix(columnCount: Int, remap: [Int32]?) -> SparseMatrix {
        var newOffsets = [0]
        newOffsets.reserveCapacity(rowOffsets.count)
        var newColumns: [Int32] = []
        var newValues: [Float] = []
        newColumns.reserveCapacity(columns.count)
        newValues.reserveCapacity(values.count)
        // Each entry packed as column << 32 | value bits: one integer sort per row.
        var entries: [UInt64] = []
        for row in 0 ..< rowOffsets.count - 1 {
            entries.removeAll(keepingCapacity: true)
            for k in rowOffsets[row] ..< rowOffsets[row + 1] {
                let column = remap.map { $0[Int(columns[k])] } ?? columns[k]
                if column >= 0 { entries.append(UInt64(UInt32(column)) << 32 | UInt64(values[k].bitPattern)) }
            }
            entries.sort()
            for entry in entries {
                newColumns.append(Int32(truncatingIfNeeded: entry >> 32))
                newValues.append(Float(bitPattern: UInt32(truncatingIfNeeded: entry)))
            }
            newOffsets.append(newColumns.count)
        }
        return SparseMatrix(
            rowCount: rowOffsets.count - 1, columnCount: columnCount, rowOffsets: newOffsets,
            columns: newColumns, values: newValues)
    }
}

/// The vectorizer fit the library had before the partitioned counter: `TermCounter` growing a
/// vocabulary, then pruning and weighing. The reference for `Vectorizer.fit` and the trainer.
enum ReferenceVectorizer {
    static func fit(_ texts: TextBatch, options: VectorizerOptions) throws -> (vectorizer: Vectorizer, matrix: SparseMatrix) {
        let analyzer = Analyzer(options: options.tokenizer)
        var counter = TermCounter(vocabulary: Vocabulary(capacity: 1 << 14), growing: true)
        try counter.count(texts, analyzer: analyzer)
        let raw = counter.vocabulary
        let (df, totals) = counter.documentFrequencies()
        let (vectorizer, kept) = try VocabularyPruning.vectorizer(
            vocabulary: raw, documentFrequencies: df, totals: totals, documents: texts.count, options: options)
        var newID = [Int32](repeating: -1, count: raw.count)
        for (column, id) in kept.enumerated() { newID[Int(id)] = Int32(column) }
        var matrix = counter.matrix(columnCount: kept.count, remap: newID)
        vectorizer.weigh(&matrix)
        return (vectorizer, matrix)
    }
}
