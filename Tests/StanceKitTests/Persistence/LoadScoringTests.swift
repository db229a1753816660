import Foundation
import Testing
@testable import StanceKit

/// `TextClassifier.load(from:threads:scoring:texts:)` against `load(from:)` followed by
/// `jointLogLikelihood(_:threads:)`.
@Suite struct LoadScoringTests {
    struct ReadFailed: Error, Equatable {}

    func withSavedModel(_ options: TrainingOptions, _ body: (String, TextClassifier) throws -> Void) throws {
        let corpus = SyntheticCorpus.generate(megabytes: 0.1, seed: 3, vocabulary: 2000)
        let model = try TextClassifier.train(texts: corpus.texts, labels: corpus.labels, options: options)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-load-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/m.model"
        try model.save(to: path)
        try body(path, model)
    }

    @Test("same model and bitwise the same scores as loading, then scoring", arguments: [0, 1, 5, 40, 700])
    func same(documents: Int) throws {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        try withSavedModel(options) { path, _ in
            let corpus = SyntheticCorpus.generate(megabytes: 0.2, seed: 4, vocabulary: 2000)
            let texts = TextBatch((0 ..< min(documents, corpus.count)).map { corpus.texts[$0] })
            let loaded = try TextClassifier.load(from: path)
            for threads in [1, 2] {
                let (model, input, jll) = try TextClassifier.load(
                    from: path, threads: threads, scoring: { texts }, texts: { $0 })
                #expect(input == texts)
                #expect(ModelFile.encode(model) == ModelFile.encode(loaded))
                #expect(jll == loaded.jointLogLikelihood(texts, threads: 1))
            }
        }
    }

    @Test("a model error comes before a read error; a read error alone is rethrown")
    func errors() throws {
        #expect(throws: ModelError.fileNotFound(path: "/nonexistent/m.model")) {
            _ = try TextClassifier.load(
                from: "/nonexistent/m.model", threads: 2, scoring: { () throws -> TextBatch in throw ReadFailed() },
                texts: { $0 })
        }
        try withSavedModel(TrainingOptions()) { path, _ in
            #expect(throws: ReadFailed()) {
                _ = try TextClassifier.load(
                    from: path, threads: 2, scoring: { () throws -> TextBatch in throw ReadFailed() }, texts: { $0 })
            }
        }
    }
}
