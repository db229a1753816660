/// Decoding the classifier's sections: `CLSS`, `CCNT` and `FCNT`, checked, and the classifier
/// derived from its counts.
extension SectionDecoder {
    /// The classes (`CLSS`), their counts (`CCNT`), the feature counts (`FCNT`) and the
    /// classifier derived from them.
    func decodeClassifier(termCount: Int, options: TrainingOptions) throws(ModelError) -> any NaiveBayesClassifier {
        var classReader = try reader("CLSS")
        let classCount = Int(try classReader.readUInt32())
        guard classCount >= 1, classCount <= classReader.remaining / 4 else { throw corrupt("CLSS", "bad class count") }
        var classes: [String] = []
        for _ in 0 ..< classCount { classes.append(try classReader.readString()) }
        guard Set(classes).count == classCount else { throw corrupt("CLSS", "duplicate class labels") }

        var classCountReader = try reader("CCNT")
        let classCounts = try classCountReader.readDoubles()
        guard classCounts.count == classCount else { throw corrupt("CCNT", "\(classCounts.count) counts for \(classCount) classes") }
        var featureCountReader = try reader("FCNT")
        let featureCountBytes = featureCountReader.unread
        guard NaiveBayesCounts.fits(classes: classCount, features: termCount) else {
            throw corrupt("FCNT", "\(classCount) classes x \(termCount) terms exceed the model size limit")
        }
        // First every class's indices (in range, ascending) and the section's length are checked;
        // then each class's stored values become its sparse row.
        var rows: [(indices: UnsafeRawBufferPointer, values: UnsafeRawBufferPointer)] = []
        for _ in 0 ..< classCount {
            let nonzero = try featureCountReader.readCount(elementSize: 12)
            guard nonzero <= termCount else { throw corrupt("FCNT", "more non-zero counts than terms") }
            let indices = try featureCountReader.readBytes(4 * nonzero)
            let values = try featureCountReader.readBytes(8 * nonzero)
            var ordered = true, previous = -1
            for i in 0 ..< nonzero {
                let j = Int(UInt32(littleEndian: indices.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                guard j < termCount, j > previous else {
                    ordered = false
                    break
                }
                previous = j
            }
            guard ordered else { throw corrupt("FCNT", "feature indices out of range or not ascending") }
            rows.append((indices, values))
        }
        guard featureCountReader.remaining == 0 else { throw corrupt("FCNT", "trailing bytes") }
        // Only the stored values need checking: every other count is 0. The counts stay sparse,
        // as stored (`NaiveBayesCounts`).
        // One copy each on a little-endian machine (`Array(littleEndian:)`: the element-wise loops
        // took ~10 of the ~42 ms the weights take for 20 Newsgroups bigrams).
        var invalidCounts = false
        let sparseRows = rows.map { row in
            let columns = [Int32](littleEndian: row.indices) { (bits: UInt32) in Int32(bitPattern: bits) }
            let values = [Double](littleEndian: row.values) { (bits: UInt64) in Double(bitPattern: bits) }
            // Finite and not negative: `0 <= v < infinity` (false for NaN).
            for value in values where !(value >= 0 && value < .infinity) {
                invalidCounts = true
                break
            }
            return NaiveBayesCounts.SparseRow(columns: columns, values: values)
        }
        guard classCounts.allSatisfy({ $0.isFinite && $0 >= 0 }), !invalidCounts
        else { throw corrupt("FCNT", "negative or non-finite counts") }
        release?(featureCountBytes)

        let counts = NaiveBayesCounts(classes: classes, featureCount: termCount, classCounts: classCounts, rows: sparseRows)
        let classifier: any NaiveBayesClassifier
        do {
            classifier = try options.model.make(counts: counts, options: options.classifier)
        } catch {
            throw corrupt("OPTS", error.description)
        }
        guard classifier.scorer.isBounded else {
            throw corrupt("FCNT", "the counts give weights that are not finite or beyond ±\(LinearScorer.maximumWeight)")
        }
        return classifier
    }
}
