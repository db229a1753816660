import Dispatch

extension TextClassifier {
    /// The joint log-likelihood of each text, row-major `texts.count x classes.count`, scored
    /// document by document (`DocumentScorer`) on `threads` threads (at most one per document), without building the
    /// feature matrix.
    ///
    /// Bitwise the same as `classifier.jointLogLikelihood(vectorizer.transform(texts), path: .sparse)`
    /// whatever `threads` is: each document's scores are computed alone, in the same order, and
    /// written to their own place. (The `.automatic` path may choose dense GEMM for very dense
    /// matrices, whose sums are ordered differently; text features never come near its
    /// crossover.)
    public func jointLogLikelihood(_ texts: TextBatch, threads: Int) -> [Double] {
        let k = classes.count
        var result = [Double](repeating: 0, count: texts.count * k)
        guard texts.count > 0 else { return result }
        // Several chunks per thread, dealt round-robin, so that a chunk of long documents does
        // not leave a thread idle for long.
        let width = max(1, min(threads, texts.count))
        let chunkCount = width == 1 ? 1 : min(texts.count, 8 * width)
        let model = self
        result.withUnsafeMutableBufferPointer { result in
            nonisolated(unsafe) let out = result
            let work = { @Sendable (worker: Int) in
                var scorer = DocumentScorer(model)
                for chunk in Swift.stride(from: worker, to: chunkCount, by: width) {
                    let first = texts.count * chunk / chunkCount, end = texts.count * (chunk + 1) / chunkCount
                    for document in first ..< end {
                        texts.withDocument(document) { text in
                            scorer.score(text, into: UnsafeMutableBufferPointer(rebasing: out[document * k ..< (document + 1) * k]))
                        }
                    }
                }
            }
            if width == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: width, execute: work)
            }
        }
        return result
    }

    /// Label and class probabilities of each text, as `classify(_:)` gives them, scored on
    /// `threads` threads (see `jointLogLikelihood(_:threads:)`).
    public func classify(_ texts: TextBatch, threads: Int) -> [Prediction] {
        let jll = jointLogLikelihood(texts, threads: threads)
        let probabilities = Self.probabilities(jointLogLikelihood: jll, classCount: classes.count, temperature: temperature)
        return probabilities.map { row in
            var best = 0
            for c in 1 ..< row.count where row[c] > row[best] { best = c }
            return Prediction(label: classes[best], probabilities: row)
        }
    }

    /// The index of the most likely class per row of row-major joint log-likelihoods `jll`
    /// (the first on ties, as numpy's argmax and `predictIndices`).
    public static func bestClasses(jointLogLikelihood jll: [Double], classCount k: Int) -> [Int] {
        precondition(k > 0 && jll.count % k == 0, "jll \(jll.count) is not rows x \(k)")
        return (0 ..< jll.count / k).map { row in
            var best = 0
            for c in 1 ..< k where jll[row * k + c] > jll[row * k + best] { best = c }
            return best
        }
    }
}
