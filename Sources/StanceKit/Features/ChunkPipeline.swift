import Dispatch
import Foundation

/// Work on several items at once (chunks in training's second pass, partitions' term lists),
/// with the results in the items' order, so the outcome never depends on the thread count or on
/// timing.
enum ChunkPipeline {
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
        perform(items.count, threads: threads) { index in
            output[index] = work(items[index])
        }
        return results.map { $0! }
    }

    /// Runs `body(0) ... body(count - 1)` on up to `threads` threads (`nil`: every core), worker
    /// `w` taking jobs `w`, `w + workers`, ...; on the calling thread alone for one thread or
    /// one job.
    static func perform(_ count: Int, threads: Int?, _ body: @Sendable (Int) -> Void) {
        let workers = min(count, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else {
            for job in 0 ..< count { body(job) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for job in stride(from: worker, to: count, by: workers) { body(job) }
        }
    }

    /// Runs `body` on every element of `items` in place, each on its own thread when there are
    /// several.
    static func forEach<T>(_ items: inout [T], _ body: @escaping @Sendable (inout T) -> Void) {
        guard items.count > 1 else {
            if !items.isEmpty { body(&items[0]) }
            return
        }
        items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            DispatchQueue.concurrentPerform(iterations: shared.count) { i in body(&shared[i]) }
        }
    }
}
