/// Counts the features of a batch of documents into CSR rows of term ids.
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

    init(vocabulary: Vocabulary, growing: Bool) {
        self.vocabulary = vocabulary
        self.growing = growing
        lastRow = [Int32](repeating: -1, count: vocabulary.count)
        position = [Int](repeating: 0, count: vocabulary.count)
    }

    /// Counts every document of `texts` as one row.
    ///
    /// When growing, the vocabulary stops at `maxVocabulary` terms: a new term past it makes
    /// the document's count end in `VectorizerError.vocabularyTooLarge`, so memory stays bounded.
    mutating func count(_ texts: TextBatch, analyzer: Analyzer, maxVocabulary: Int = .max) throws(VectorizerError) {
        var scratch = AnalyzerScratch()
        rowOffsets.reserveCapacity(rowOffsets.count + texts.count)
        var full = false
        for document in 0 ..< texts.count {
            let row = Int32(rowOffsets.count - 1)
            texts.withDocument(document) { bytes in
                analyzer.forEachFeature(in: bytes, scratch: &scratch) { feature in
                    let id: Int
                    if growing && vocabulary.count < maxVocabulary {
                        id = Int(vocabulary.insert(feature))
                        if id == lastRow.count {
                            lastRow.append(-1)
                            position.append(0)
                        }
                    } else if growing {
                        guard let known = vocabulary.id(of: feature) else { full = true; return }
                        id = Int(known)
                    } else {
                        guard let known = vocabulary.id(of: feature) else { return }
                        id = Int(known)
                    }
                    if lastRow[id] == row {
                        values[position[id]] += 1
                    } else {
                        lastRow[id] = row
                        position[id] = columns.count
                        columns.append(Int32(id))
                        values.append(1)
                    }
                }
            }
            guard !full else { throw .vocabularyTooLarge(limit: maxVocabulary, document: document + 1) }
            rowOffsets.append(columns.count)
        }
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
        var entries: [(Int32, Float)] = []
        for row in 0 ..< rowOffsets.count - 1 {
            entries.removeAll(keepingCapacity: true)
            for k in rowOffsets[row] ..< rowOffsets[row + 1] {
                let column = remap.map { $0[Int(columns[k])] } ?? columns[k]
                if column >= 0 { entries.append((column, values[k])) }
            }
            entries.sort { $0.0 < $1.0 }
            for (column, value) in entries {
                newColumns.append(column)
                newValues.append(value)
            }
            newOffsets.append(newColumns.count)
        }
        return SparseMatrix(
            rowCount: rowOffsets.count - 1, columnCount: columnCount, rowOffsets: newOffsets,
            columns: newColumns, values: newValues)
    }
}
