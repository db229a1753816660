import Foundation
import Testing
@testable import StanceKit

#if canImport(Glibc)
import Glibc
#endif

/// `ModelFile.encode` lays the file out first and fills its sections at once; these tests
/// compare it with a plain writer that appends every value in file order (the format as
/// `ModelFile`'s documentation states it).
@Suite struct ModelFileEncodingTests {
    /// The model file appended value by value with `ByteWriter`.
    static func reference(_ model: TextClassifier) -> [UInt8] {
        let counts = model.classifier.counts
        let vocabulary = model.vectorizer.vocabulary
        var sections: [(String, [UInt8])] = []
        sections.append(("OPTS", Array(OptionsCodec.encode(model.options).utf8)))
        var terms = ByteWriter()
        terms.write(UInt64(vocabulary.count))
        for id in 0 ..< vocabulary.count { terms.write(UInt32(vocabulary.termLength(id))) }
        for id in 0 ..< vocabulary.count { vocabulary.withTermBytes(id) { terms.write(raw: Array($0)) } }
        sections.append(("VOCB", terms.bytes))
        var idf = ByteWriter()
        idf.write(model.vectorizer.idf)
        sections.append(("IDF_", idf.bytes))
        var classes = ByteWriter()
        classes.write(UInt32(counts.classes.count))
        for label in counts.classes { classes.write(string: label) }
        sections.append(("CLSS", classes.bytes))
        var classCounts = ByteWriter()
        classCounts.write(counts.classCounts)
        sections.append(("CCNT", classCounts.bytes))
        var featureCounts = ByteWriter()
        for c in 0 ..< counts.classes.count {
            let row = Array(counts.featureCounts(ofClass: c))
            let nonzero = row.indices.filter { row[$0] != 0 }
            featureCounts.write(UInt64(nonzero.count))
            for j in nonzero { featureCounts.write(UInt32(j)) }
            for j in nonzero { featureCounts.write(row[j].bitPattern) }
        }
        sections.append(("FCNT", featureCounts.bytes))
        if let temperature = model.temperature {
            sections.append((CalibrationSection.tag, CalibrationSection.encode(temperature: temperature)))
        }
        if let space = model.semanticSpace {
            sections.append((SemanticSpaceCodec.tag, SemanticSpaceCodec.encode(space, classes: counts.classes)))
        }
        var file = ByteWriter()
        file.write(raw: Array("STNC".utf8))
        file.write(ModelFile.version)
        file.write(UInt32(sections.count))
        for (tag, payload) in sections { file.section(tag) { $0.write(raw: payload) } }
        let checksum = ModelChecksumTests.lanes(file.bytes)
        file.write(checksum)
        return file.bytes
    }

    static func model(_ index: Int) throws -> TextClassifier {
        let texts = TextBatch(SKLearnFixture.documents)
        let labels = SKLearnFixture.labels
        switch index {
        case 0: return try TextClassifier.train(texts: texts, labels: labels)
        case 1:
            let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 3, characterNGrams: 2 ... 4)), model: .complement)
            return try TextClassifier.train(texts: texts, labels: labels, options: options)
        case 2:
            let options = TrainingOptions(vectorizer: .init(weighting: .binary, maxFeatures: 7), model: .bernoulli)
            return try TextClassifier.train(texts: texts, labels: labels, options: options).withTemperature(1.75)
        default:
            return try TextClassifier.train(texts: texts, labels: labels)
                .addingSemanticSpace(texts: texts, labels: labels, options: .init(rank: 2, seed: 3))
        }
    }

    @Test("the laid-out encoding equals appending value by value", arguments: 0 ..< 4)
    func equalsReference(index: Int) throws {
        let model = try Self.model(index)
        let bytes = ModelFile.encode(model)
        #expect(bytes == Self.reference(model))
        for threads in [1, 2, 3] { #expect(ModelFile.encode(model, threads: threads) == bytes, "\(threads) threads") }
        #expect(try ModelFile.decode(bytes, path: "m").vectorizer.vocabulary == model.vectorizer.vocabulary)
    }

    @Test("sparse class counts (a model loaded from a file) encode as the dense ones did")
    func sparseCounts() throws {
        let model = try Self.model(1)
        let loaded = try ModelFile.decode(ModelFile.encode(model), path: "m")
        #expect(ModelFile.encode(loaded) == Self.reference(loaded))
        #expect(ModelFile.encode(loaded) == Self.reference(model))
    }

    /// `model`'s file as `ModelFile.write` streams it to disk.
    static func streamed(_ model: TextClassifier, wordIDsFrom minimumTerms: Int = NGramIndex.minimumTerms) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stance-stream-\(UUID().uuidString).model").path
        defer { unlink(path) }
        try ModelFile.write(model, to: path, threads: 2, wordIDsFrom: minimumTerms)
        return try AtomicFile.read(path)
    }

    @Test("the streamed file is the encoded one", arguments: 0 ..< 4)
    func streamedEqualsEncoded(index: Int) throws {
        let model = try Self.model(index)
        #expect(try Self.streamed(model) == ModelFile.encode(model))
        // Loaded: the counts are stored sparse and written from the rows themselves.
        let loaded = try ModelFile.decode(ModelFile.encode(model), path: "m")
        #expect(try Self.streamed(loaded) == ModelFile.encode(model))
    }

    @Test("a streamed file with the word numbering, and with sparse counts holding zeros, is the encoded one")
    func streamedSections() throws {
        let texts = TextBatch(SKLearnFixture.documents)
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        let model = try TextClassifier.train(texts: texts, labels: SKLearnFixture.labels, options: options)
        #expect(try Self.streamed(model, wordIDsFrom: 1) == ModelFile.encode(model, threads: 2, wordIDsFrom: 1))
        // Stored zeros are left out, as `encode` leaves them out.
        let counts = model.classifier.counts
        let rows = counts.classes.indices.map { c in
            var columns: [Int32] = [], values: [Double] = []
            counts.forEachNonzero(ofClass: c) { j, value in
                // A zero in the gap before the column, when there is one (columns stay ascending).
                if j > 0 && (columns.last ?? -1) < Int32(j - 1) {
                    columns.append(Int32(j - 1))
                    values.append(0)
                }
                columns.append(Int32(j))
                values.append(value)
            }
            return NaiveBayesCounts.SparseRow(columns: columns, values: values)
        }
        let zeros = NaiveBayesCounts(classes: counts.classes, featureCount: counts.featureCount, classCounts: counts.classCounts, rows: rows)
        let withZeros = TextClassifier(
            vectorizer: model.vectorizer, classifier: try options.model.make(counts: zeros, options: options.classifier), options: options)
        #expect(rows.reduce(0) { $0 + $1.values.count } > counts.classes.indices.reduce(0) { $0 + counts.nonzeroCount(ofClass: $1) })
        #expect(try Self.streamed(withZeros) == ModelFile.encode(model))
    }
}
