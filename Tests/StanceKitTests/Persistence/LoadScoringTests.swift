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

    @Test("chunks counted before the classifier is ready are kept to be scored; after, they are scored as counted",
          arguments: [false, true])
    func chunkStates(classifierFirst: Bool) throws {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        try withSavedModel(options) { _, model in
            let texts = SyntheticCorpus.generate(megabytes: 0.05, seed: 6, vocabulary: 2000).texts
            let job = OverlappedTransform()
            let overlap = job.overlap
            if classifierFirst { overlap.classifierDecoded(model.classifier) }
            job.provide(texts)
            overlap.vectorizerDecoded(model.vectorizer)
            overlap.work()
            let chunks = job.chunks(vectorizer: model.vectorizer, texts: texts)
            #expect(chunks.count == OverlappedTransform.chunks)
            var scores: [Double] = []
            for (chunk, state) in chunks.enumerated() {
                let documents = OverlappedTransform.documents(chunk: chunk, of: chunks.count, count: texts.count)
                let expected = model.classifier.jointLogLikelihood(model.vectorizer.transform(texts, documents: documents), path: .sparse)
                switch state {
                case .pending: Issue.record("chunk \(chunk) was not counted")
                case .counted(let matrix):
                    #expect(!classifierFirst)
                    scores += model.classifier.jointLogLikelihood(matrix, path: .sparse)
                case .scored(let jll):
                    #expect(classifierFirst)
                    scores += jll
                }
                #expect(Array(scores.suffix(expected.count)) == expected)
            }
            #expect(scores == model.jointLogLikelihood(texts, threads: 1))
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

    @Test("a background value can be waited for more than once, from more than one thread")
    func backgroundWaits() throws {
        let value = Background { () throws(ModelError) -> Int in 42 }
        #expect(try value.wait().get() == 42)
        // The later waits on threads of their own, so a wait that blocks fails the test (after
        // 10 s) instead of hanging it.
        let done = DispatchSemaphore(value: 0)
        for _ in 0 ..< 3 {
            Thread {
                if (try? value.wait().get()) == 42 { done.signal() }
            }.start()
        }
        for _ in 0 ..< 3 { #expect(done.wait(timeout: .now() + 10) == .success) }
        let failing = Background { () throws(ModelError) -> Int in throw ModelError.fileNotFound(path: "m") }
        #expect(throws: ModelError.fileNotFound(path: "m")) { try failing.wait().get() }
        Thread {
            if case .failure = failing.wait() { done.signal() }
        }.start()
        #expect(done.wait(timeout: .now() + 10) == .success)
    }
}
