import Foundation
import Synchronization
import Testing

@testable import StanceKit

@Suite struct MappedFileTests {
    func model() throws -> TextClassifier {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        return try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels, options: options)
    }

    /// A fresh directory, removed after `body`.
    func inDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-mapped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test("a model loaded from its mapped file equals the one decoded from its bytes, for the plain and the overlapped load")
    func sameModel() throws {
        let original = try model()
        let bytes = ModelFile.encode(original)
        try inDirectory { directory in
            let path = "\(directory)/m.model"
            try AtomicFile.write(bytes, to: path)
            let mapped = try TextClassifier.load(from: path)
            let decoded = try ModelFile.decode(bytes, path: path)
            #expect(ModelFile.encode(mapped) == bytes)
            #expect(mapped.vectorizer.vocabulary == decoded.vectorizer.vocabulary)
            let texts = TextBatch(SKLearnFixture.test)
            let (loaded, _, jll) = try TextClassifier.load(from: path, threads: 2, scoring: { texts }, texts: { $0 })
            #expect(ModelFile.encode(loaded) == bytes)
            #expect(jll == decoded.jointLogLikelihood(texts, threads: 1))
        }
    }

    @Test("bytes given back while mapped still read as the file's bytes (mapped in again from the page cache)")
    func releasedBytes() throws {
        let content = (0 ..< 5 * 4096 + 123).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try inDirectory { directory in
            let path = "\(directory)/pages"
            try AtomicFile.write(content, to: path)
            let same = try MappedFile.withBytes(path) { (bytes, release) throws(ModelError) -> Bool in
                release(UnsafeRawBufferPointer(rebasing: bytes[100 ..< 3 * 4096 + 7]))
                let partly = bytes.elementsEqual(content)
                release(bytes)
                return partly && bytes.elementsEqual(content)
            }
            #expect(same)
        }
    }

    @Test("the decoder never reads a part of the file after giving it back: overwritten then, the model is the same")
    func decoderReleases() throws {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        let original = try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels, options: options)
        // With its word ids' section (`wordIDsFrom: 0`), which the index (`indexNGrams: 0`) reads.
        let bytes = ModelFile.encode(original, threads: nil, wordIDsFrom: 0)
        var scratch = bytes
        let parts = Mutex<[Range<Int>]>([])
        let scores = try scratch.withUnsafeMutableBytes { file in
            nonisolated(unsafe) let file = file
            // Each part given back is overwritten at once: a later read of it would decode garbage.
            let release = { @Sendable (part: UnsafeRawBufferPointer) in
                guard let base = part.baseAddress, let start = file.baseAddress else { return }
                let offset = base - UnsafeRawPointer(start)
                parts.withLock { $0.append(offset ..< offset + part.count) }
                UnsafeMutableRawBufferPointer(rebasing: file[offset ..< offset + part.count]).initializeMemory(as: UInt8.self, repeating: 0xA5)
            }
            let texts = TextBatch(SKLearnFixture.test)
            let job = OverlappedTransform()
            job.provide(texts)
            let model = try ModelFile.decode(UnsafeRawBufferPointer(file), path: "m", overlapping: job.overlap, indexNGrams: 0, release: release)
            #expect(ModelFile.encode(model, threads: nil, wordIDsFrom: 0) == bytes)
            return model.jointLogLikelihood(texts, threads: 1)
        }
        #expect(scores == original.jointLogLikelihood(TextBatch(SKLearnFixture.test), threads: 1))
        // FCNT, IDF_ and WIDX each once, and then the whole file.
        let released = parts.withLock { $0 }
        #expect(released.count == 4 && released.last == 0 ..< bytes.count)
        #expect(scratch.allSatisfy { $0 == 0xA5 })
    }

    @Test("a cut model file on disk gives the error its cut bytes give, never a crash (no byte past the file is touched)")
    func cutFile() throws {
        let bytes = ModelFile.encode(try model())
        try inDirectory { directory in
            let path = "\(directory)/cut.model"
            for cut in [0, 1, 3, 4, 11, 12, 40, bytes.count / 2, bytes.count - 9, bytes.count - 8, bytes.count - 1] {
                try AtomicFile.write(Array(bytes.prefix(cut)), to: path)
                let expected = Result { () throws(ModelError) in try ModelFile.decode(Array(bytes.prefix(cut)), path: path) }
                guard case .failure(let error) = expected else {
                    Issue.record("a file cut at \(cut) of \(bytes.count) bytes decoded")
                    continue
                }
                #expect(throws: error) { try TextClassifier.load(from: path) }
            }
        }
    }

    @Test("a missing file, a directory and an empty file give their own errors")
    func notFiles() throws {
        try inDirectory { directory in
            #expect(throws: ModelError.fileNotFound(path: "\(directory)/none")) { try TextClassifier.load(from: "\(directory)/none") }
            #expect(throws: ModelError.isDirectory(path: directory)) { try TextClassifier.load(from: directory) }
            #expect(FileManager.default.createFile(atPath: "\(directory)/empty", contents: Data()))
            #expect(throws: ModelError.notAModel(path: "\(directory)/empty")) { try TextClassifier.load(from: "\(directory)/empty") }
        }
    }

    @Test("AtomicFile.read gives the whole file, at, below and above the sizes it reads at once")
    func readSizes() throws {
        try inDirectory { directory in
            for size in [0, 1, 4095, 4096, 4097, (1 << 20) + 3] {
                let bytes = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                try AtomicFile.write(bytes, to: "\(directory)/f")
                #expect(try AtomicFile.read("\(directory)/f") == bytes)
            }
        }
    }
}
