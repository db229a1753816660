#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Rebuilds a `TextClassifier` from a model file's sections, checking every shape and every
/// value that training could not have produced, so a loaded model always scores to finite
/// probabilities.
struct SectionDecoder {
    /// The largest idf training can produce: `ln((1 + n) / (1 + df)) + 1` (or `ln(n / df) + 1`)
    /// with `df >= 1` and `n <= Int.max` documents is at most `ln(2^63) + 1`, about 44.7; and
    /// it is at least 1.
    static let maximumIDF = log(Double(Int.max)) + 1.000001

    let path: String
    let reader: (String) throws(ModelError) -> ByteReader

    func corrupt(_ section: String, _ reason: String) -> ModelError {
        .corrupt(path: path, section: section, reason: reason)
    }

    func decode() throws(ModelError) -> TextClassifier {
        var optionsReader = try reader("OPTS")
        let optionsText = try optionsReader.readBytes(optionsReader.remaining)
        guard let text = String(validating: optionsText, as: UTF8.self) else {
            throw corrupt("OPTS", "not UTF-8")
        }
        let options: TrainingOptions
        do { options = try OptionsCodec.decode(text) } catch { throw corrupt("OPTS", error.reason) }

        var terms = try reader("VOCB")
        let termCount = try terms.readCount(elementSize: 4)
        var lengths: [Int] = []
        lengths.reserveCapacity(termCount)
        var total = 0
        for _ in 0 ..< termCount {
            let length = Int(try terms.readUInt32())
            total += length
            lengths.append(length)
        }
        guard total == terms.remaining else { throw corrupt("VOCB", "term lengths do not add up to the section") }
        var vocabulary = Vocabulary(capacity: termCount)
        let arena = Array(try terms.readBytes(total))
        try arena.withUnsafeBufferPointer { (all) throws(ModelError) in
            // Every term is hashed first, then inserted with the slot of the term
            // `prefetchDistance` ahead hinted: the table (16 bytes a slot, 4 MB for the shipped
            // model's 113,147 terms) is larger than the caches, and one miss per insert was the
            // largest part of a cold `stance classify`'s load; the hints overlap the misses.
            let prefetchDistance = 16
            var starts = [Int](repeating: 0, count: termCount + 1)
            var hashes = [UInt64](repeating: 0, count: termCount)
            for (i, length) in lengths.enumerated() {
                starts[i + 1] = starts[i] + length
                hashes[i] = ByteHash.hash(UnsafeBufferPointer(rebasing: all[starts[i] ..< starts[i + 1]]))
            }
            for expected in 0 ..< termCount {
                if expected + prefetchDistance < termCount { vocabulary.prefetch(hash: hashes[expected + prefetchDistance]) }
                let term = UnsafeBufferPointer(rebasing: all[starts[expected] ..< starts[expected + 1]])
                let id = vocabulary.insert(term, hash: hashes[expected])
                guard Int(id) == expected else { throw corrupt("VOCB", "duplicate term at index \(expected)") }
            }
        }

        var idfReader = try reader("IDF_")
        let idf = try idfReader.readDoubles()
        guard idf.isEmpty || idf.count == termCount else { throw corrupt("IDF_", "\(idf.count) values for \(termCount) terms") }
        guard (options.vectorizer.weighting == .tfidf) == !idf.isEmpty || termCount == 0 else {
            throw corrupt("IDF_", "idf presence does not match the weighting")
        }
        guard idf.allSatisfy({ $0 >= 1 && $0 <= Self.maximumIDF }) else {
            throw corrupt("IDF_", "an idf value outside [1, \(Self.maximumIDF)]")
        }

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
        guard NaiveBayesCounts.fits(classes: classCount, features: termCount) else {
            throw corrupt("FCNT", "\(classCount) classes x \(termCount) terms exceed the model size limit")
        }
        var featureCounts = [Double](repeating: 0, count: classCount * termCount)
        for c in 0 ..< classCount {
            let nonzero = try featureCountReader.readCount(elementSize: 12)
            guard nonzero <= termCount else { throw corrupt("FCNT", "more non-zero counts than terms") }
            var indices: [Int] = []
            indices.reserveCapacity(nonzero)
            for _ in 0 ..< nonzero {
                let j = Int(try featureCountReader.readUInt32())
                guard j < termCount, indices.last.map({ $0 < j }) ?? true else {
                    throw corrupt("FCNT", "feature indices out of range or not ascending")
                }
                indices.append(j)
            }
            for j in indices { featureCounts[c * termCount + j] = Double(bitPattern: try featureCountReader.readUInt64()) }
        }
        guard featureCountReader.remaining == 0 else { throw corrupt("FCNT", "trailing bytes") }
        guard classCounts.allSatisfy({ $0.isFinite && $0 >= 0 }), featureCounts.allSatisfy({ $0.isFinite && $0 >= 0 })
        else { throw corrupt("FCNT", "negative or non-finite counts") }

        let counts = NaiveBayesCounts(
            classes: classes, featureCount: termCount, classCounts: classCounts, featureCounts: featureCounts)
        let classifier: any NaiveBayesClassifier
        do {
            classifier = try options.model.make(counts: counts, options: options.classifier)
        } catch {
            throw corrupt("OPTS", error.description)
        }
        guard classifier.scorer.isBounded else {
            throw corrupt("FCNT", "the counts give weights that are not finite or beyond ±\(LinearScorer.maximumWeight)")
        }
        let vectorizer = Vectorizer(options: options.vectorizer, vocabulary: vocabulary, idf: idf)
        return TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options)
    }
}
