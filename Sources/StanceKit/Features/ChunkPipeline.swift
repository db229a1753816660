import Dispatch

/// Runs work on the chunks of a `CorpusSource` on several threads and merges the results in
/// chunk order, so the outcome never depends on the thread count or on timing.
enum ChunkPipeline {
    /// Reads chunks in order, applies `work` to up to `threads` of them at once, and calls `merge`
    /// with each chunk and its result in the order the chunks were read.
    static func run<R: Sendable>(
        _ source: some CorpusSource, threads: Int,
        work: @escaping @Sendable (LabeledCorpus) -> R,
        merge: (LabeledCorpus, R) throws -> Void
    ) throws {
        let width = max(1, threads)
        var batch: [LabeledCorpus] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            let results = map(batch, threads: width, work)
            for (chunk, result) in zip(batch, results) { try merge(chunk, result) }
            batch.removeAll(keepingCapacity: true)
        }
        try source.forEachChunk { chunk in
            batch.append(chunk)
            if batch.count == width { try flush() }
        }
        try flush()
    }

    /// `items.map(work)`, computed on up to `threads` threads.
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ work: @escaping @Sendable (T) -> R) -> [R] {
        guard threads > 1, items.count > 1 else { return items.map(work) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // Deinitialise before freeing: the buffer holds a reference to each result, which
            // leaked every chunk's result (its whole matrix) when this was missing.
            _ = results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            output[index] = work(items[index])
        }
        return results.map { $0! }
    }
}
