import Dispatch
import Foundation

extension TextClassifier {
    /// Loads the model at `path` and scores texts with it: the same model and joint
    /// log-likelihoods (row-major `texts x classes`) as `load(from:)` followed by
    /// `jointLogLikelihood(_:threads:)`, bitwise, sooner.
    ///
    /// `read` runs on the calling thread while the model file is read and decoded on others (it
    /// is the place to read the data), and `texts` picks the texts out of its result. Their
    /// feature rows are counted and weighed (`Vectorizer.transform`, in chunks) as soon as the
    /// vocabulary is decoded, while the classifier's weights are still being derived from the
    /// counts, on the decoder's two threads; the rows are scored on `threads` threads once the
    /// weights are ready. A model error is reported before an error of `read`, as if the model
    /// had been loaded first.
    public static func load<Input: Sendable>(
        from path: String, threads: Int, scoring read: () throws -> Input,
        texts: @escaping @Sendable (Input) -> TextBatch
    ) throws -> (model: TextClassifier, input: Input, jointLogLikelihood: [Double]) {
        let job = OverlappedTransform()
        let loaded = Background { () throws(ModelError) in
            try TextClassifier.load(from: path, overlapping: job.overlap)
        }
        let input = Result { try read() }
        job.provide(try? texts(input.get()))
        let model = try loaded.wait().get()
        let value = try input.get()
        let batch = texts(value)
        let matrices = job.matrices(vectorizer: model.vectorizer, texts: batch)
        let k = model.classes.count
        var result = [Double](repeating: 0, count: batch.count * k)
        result.withUnsafeMutableBufferPointer { result in
            nonisolated(unsafe) let out = result
            let width = max(1, min(threads, matrices.count))
            let score = { @Sendable (worker: Int) in
                for chunk in Swift.stride(from: worker, to: matrices.count, by: width) {
                    let jll = model.classifier.jointLogLikelihood(matrices[chunk], path: .sparse)
                    let first = OverlappedTransform.documents(chunk: chunk, of: matrices.count, count: batch.count).lowerBound
                    for (i, value) in jll.enumerated() { out[first * k + i] = value }
                }
            }
            if width == 1 {
                score(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: width, execute: score)
            }
        }
        return (model, value, result)
    }

    /// `load(from:)`, running `overlap` while the weights are derived, with the word n-grams
    /// indexed by word ids (`NGramIndex`) in a vocabulary of `NGramIndex.minimumTerms` or more: the
    /// texts to score are a batch.
    static func load(from path: String, overlapping overlap: SectionDecoder.Overlap) throws(ModelError) -> TextClassifier {
        return try MappedFile.withBytes(path) { (bytes) throws(ModelError) in
            return try ModelFile.decode(bytes, path: path, overlapping: overlap, indexNGrams: NGramIndex.minimumTerms)
        }
    }
}

/// Feature rows counted in chunks by whichever decoder thread is free (`SectionDecoder.Overlap`).
final class OverlappedTransform: @unchecked Sendable {
    /// Chunks per batch: enough that the two threads finish together.
    static let chunks = 32
    private let lock = NSLock()
    private let provided = DispatchSemaphore(value: 0)
    private var texts: TextBatch?
    private var vectorizer: Vectorizer?
    private var next = 0
    private var done: [SparseMatrix?] = []

    /// The documents of chunk `chunk` of `chunks` over `count` documents.
    static func documents(chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        count * chunk / chunks ..< count * (chunk + 1) / chunks
    }

    private static func chunkCount(_ texts: TextBatch) -> Int { max(1, min(texts.count, chunks)) }

    /// Hands over the texts (nil when reading them failed: nothing is counted).
    func provide(_ texts: TextBatch?) {
        lock.withLock {
            self.texts = texts
            done = [SparseMatrix?](repeating: nil, count: texts.map(Self.chunkCount) ?? 0)
        }
        provided.signal()
    }

    var overlap: SectionDecoder.Overlap {
        SectionDecoder.Overlap(
            vectorizerDecoded: { vectorizer in self.lock.withLock { self.vectorizer = vectorizer } },
            work: { self.work() })
    }

    /// Counts chunks until none is left, once the texts are provided (nothing when they could
    /// not be read, or before the vectorizer is known).
    private func work() {
        provided.wait()
        provided.signal()
        while true {
            let claimed: (Vectorizer, TextBatch, Int)? = lock.withLock {
                guard let vectorizer, let texts, next < done.count else { return nil }
                next += 1
                return (vectorizer, texts, next - 1)
            }
            guard let (vectorizer, texts, chunk) = claimed else { return }
            let matrix = vectorizer.transform(
                texts, documents: Self.documents(chunk: chunk, of: done.count, count: texts.count))
            lock.withLock { done[chunk] = matrix }
        }
    }

    /// Every chunk's matrix; a chunk not counted during the load (none, once `provide` has
    /// been given the texts and the vectorizer was decoded) is counted now.
    func matrices(vectorizer: Vectorizer, texts: TextBatch) -> [SparseMatrix] {
        let count = Self.chunkCount(texts)
        let counted = lock.withLock { done }
        return (0 ..< count).map { chunk in
            (chunk < counted.count ? counted[chunk] : nil)
                ?? vectorizer.transform(texts, documents: Self.documents(chunk: chunk, of: count, count: texts.count))
        }
    }
}

/// A value computed on a thread of its own, started at once.
final class Background<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, ModelError>?
    private let finished = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws(ModelError) -> Value) {
        let thread = Thread {
            self.result = Result { () throws(ModelError) in try body() }
            self.finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The result, once the thread is done.
    func wait() -> Result<Value, ModelError> {
        finished.wait()
        guard let result else { preconditionFailure("the thread signalled without a result") }
        return result
    }
}
