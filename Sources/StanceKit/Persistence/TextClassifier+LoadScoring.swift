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
    /// counts, on the decoder's two threads; once the weights are ready, each chunk is scored as
    /// soon as it is counted, on the thread that counted it, and its rows dropped. Chunks counted
    /// before that are scored at the end, on `threads` threads. A model error is reported before
    /// an error of `read`, as if the model had been loaded first.
    ///
    /// Scoring each chunk as it is counted, instead of all of them once every chunk was counted,
    /// keeps one chunk's rows alive per thread instead of the whole batch's (20 Newsgroups'
    /// test set with bigrams: 2.5 million entries, 20 MB of fresh memory) and drops the wait
    /// between the two steps.
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
        let chunks = job.chunks(vectorizer: model.vectorizer, texts: batch)
        let k = model.classes.count
        var result = [Double](repeating: 0, count: batch.count * k)
        result.withUnsafeMutableBufferPointer { result in
            nonisolated(unsafe) let out = result
            // Chunk `chunk`'s scores, row-major, into place.
            let place = { @Sendable (chunk: Int, jll: [Double]) in
                let first = OverlappedTransform.documents(chunk: chunk, of: chunks.count, count: batch.count).lowerBound
                for (i, value) in jll.enumerated() { out[first * k + i] = value }
            }
            for (chunk, done) in chunks.enumerated() {
                if case .scored(let jll) = done { place(chunk, jll) }
            }
            let pending = chunks.indices.compactMap { chunk -> (Int, SparseMatrix)? in
                if case .counted(let matrix) = chunks[chunk] { return (chunk, matrix) }
                return nil
            }
            let width = max(1, min(threads, pending.count))
            let score = { @Sendable (worker: Int) in
                for p in Swift.stride(from: worker, to: pending.count, by: width) {
                    place(pending[p].0, model.classifier.jointLogLikelihood(pending[p].1, path: .sparse))
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
    /// texts to score are a batch. The file's mapped pages are given back section by section as
    /// they are decoded (`SectionDecoder.release`), not when the texts' work ends.
    static func load(from path: String, overlapping overlap: SectionDecoder.Overlap) throws(ModelError) -> TextClassifier {
        return try MappedFile.withBytes(path) { (bytes, release) throws(ModelError) in
            return try ModelFile.decode(bytes, path: path, overlapping: overlap, indexNGrams: NGramIndex.minimumTerms, release: release)
        }
    }
}

/// Feature rows counted in chunks by whichever decoder thread is free (`SectionDecoder.Overlap`),
/// each scored at once when the classifier is ready.
final class OverlappedTransform: @unchecked Sendable {
    /// Chunks per batch: enough that the two threads finish together.
    static let chunks = 32
    /// A chunk's state: counted (its rows, scored later) or scored (its joint log-likelihoods,
    /// row-major).
    enum Chunk {
        case pending
        case counted(SparseMatrix)
        case scored([Double])
    }

    private let lock = NSLock()
    private let provided = DispatchSemaphore(value: 0)
    private var texts: TextBatch?
    private var vectorizer: Vectorizer?
    private var classifier: (any NaiveBayesClassifier)?
    private var next = 0
    private var done: [Chunk] = []

    /// The documents of chunk `chunk` of `chunks` over `count` documents.
    static func documents(chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        count * chunk / chunks ..< count * (chunk + 1) / chunks
    }

    private static func chunkCount(_ texts: TextBatch) -> Int { max(1, min(texts.count, chunks)) }

    /// Hands over the texts (nil when reading them failed: nothing is counted).
    func provide(_ texts: TextBatch?) {
        lock.withLock {
            self.texts = texts
            done = [Chunk](repeating: .pending, count: texts.map(Self.chunkCount) ?? 0)
        }
        provided.signal()
    }

    var overlap: SectionDecoder.Overlap {
        SectionDecoder.Overlap(
            vectorizerDecoded: { vectorizer in self.lock.withLock { self.vectorizer = vectorizer } },
            work: { self.work() },
            classifierDecoded: { classifier in self.lock.withLock { self.classifier = classifier } })
    }

    /// Counts chunks until none is left, once the texts are provided (nothing when they could
    /// not be read, or before the vectorizer is known), scoring each when the classifier is.
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
            let classifier = lock.withLock { self.classifier }
            let result: Chunk = classifier.map { .scored($0.jointLogLikelihood(matrix, path: .sparse)) } ?? .counted(matrix)
            lock.withLock { done[chunk] = result }
        }
    }

    /// Every chunk, counted or scored; a chunk not counted during the load (none, once
    /// `provide` has been given the texts and the vectorizer was decoded) is counted now.
    func chunks(vectorizer: Vectorizer, texts: TextBatch) -> [Chunk] {
        let count = Self.chunkCount(texts)
        let known = lock.withLock { done }
        return (0 ..< count).map { chunk in
            if chunk < known.count {
                switch known[chunk] {
                case .pending: break
                case .counted, .scored: return known[chunk]
                }
            }
            return .counted(vectorizer.transform(texts, documents: Self.documents(chunk: chunk, of: count, count: texts.count)))
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

    /// The result, once the thread is done. Any number of calls: each passes the signal on to
    /// the next (the thread signals once; a second wait used to block for ever).
    func wait() -> Result<Value, ModelError> {
        finished.wait()
        finished.signal()
        guard let result else { preconditionFailure("the thread signalled without a result") }
        return result
    }
}
