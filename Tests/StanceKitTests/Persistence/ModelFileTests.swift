import Foundation
import Testing
@testable import StanceKit

@Suite struct ModelFileTests {
    func model(_ options: TrainingOptions = .init()) throws -> TextClassifier {
        try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels, options: options)
    }

    static let variants: [TrainingOptions] = [
        TrainingOptions(),
        TrainingOptions(
            vectorizer: .init(tokenizer: .init(lowercase: false, minimumTokenLength: 2, wordNGrams: 1 ... 3,
                                               characterNGrams: 2 ... 4, stopWords: .english),
                              weighting: .counts, maxDF: 0.9, maxFeatures: 50, norm: .l1),
            model: .complement, classifier: .init(alpha: 0.25, normalizeWeights: true), seed: 99),
        TrainingOptions(vectorizer: .init(weighting: .binary), model: .bernoulli,
                        classifier: .init(fitPrior: false, classPriors: [0.2, 0.3, 0.5])),
    ]

    @Test("save, load: same options, vocabulary and predictions; encoding is byte-identical",
          arguments: 0 ..< variants.count)
    func roundTrip(index: Int) throws {
        let original = try model(Self.variants[index])
        let bytes = ModelFile.encode(original)
        let loaded = try ModelFile.decode(bytes, path: "m")
        #expect(loaded.options == original.options)
        #expect(loaded.vectorizer.vocabulary == original.vectorizer.vocabulary)
        #expect(loaded.vectorizer.idf == original.vectorizer.idf)
        let test = TextBatch(SKLearnFixture.test)
        #expect(loaded.predictProbabilities(test) == original.predictProbabilities(test))
        #expect(ModelFile.encode(loaded) == bytes)
        #expect(ModelFile.encode(try model(Self.variants[index])) == bytes)
    }

    @Test("wrong magic, newer version, bad checksum and truncation each have their own error")
    func damaged() throws {
        let bytes = ModelFile.encode(try model())
        #expect(throws: ModelError.notAModel(path: "m")) { try ModelFile.decode(Array("PK..".utf8) + bytes, path: "m") }
        var newer = bytes
        newer[4] = 9
        #expect(throws: ModelError.newerVersion(path: "m", version: 9, supported: ModelFile.version)) { try ModelFile.decode(newer, path: "m") }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 1
        #expect(throws: ModelError.checksumMismatch(path: "m")) { try ModelFile.decode(flipped, path: "m") }
        for cut in [0, 3, 4, 11, 20, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ModelError.self) { try ModelFile.decode(Array(bytes.prefix(cut)), path: "m") }
        }
    }

    @Test("every single-bit flip and every truncation is rejected without a crash")
    func exhaustive() throws {
        let bytes = ModelFile.encode(try model(TrainingOptions(vectorizer: .init(maxFeatures: 4))))
        for position in 0 ..< bytes.count {
            var copy = bytes
            copy[position] ^= UInt8(1 << (position % 8))
            #expect(throws: ModelError.self) { try ModelFile.decode(copy, path: "m") }
            #expect(throws: ModelError.self) { try ModelFile.decode(Array(bytes.prefix(position)), path: "m") }
        }
    }

    @Test("save writes atomically and load reads it back; a missing file is reported")
    func saveAndLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/m.model"
        let original = try model()
        try original.save(to: path)
        #expect(try TextClassifier.load(from: path).predict(TextBatch(SKLearnFixture.test))
            == original.predict(TextBatch(SKLearnFixture.test)))
        #expect(throws: ModelError.fileNotFound(path: directory + "/none")) { try TextClassifier.load(from: directory + "/none") }
        #expect(throws: ModelError.self) { try original.save(to: directory + "/no/such/dir/m.model") }
    }
}
