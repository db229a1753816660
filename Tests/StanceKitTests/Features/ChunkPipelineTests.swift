import Synchronization
import Testing
@testable import StanceKit

@Suite struct ChunkPipelineTests {
    /// Counts how many of its instances have been freed.
    final class Tracked: Sendable {
        static let freed = Mutex(0)
        let value: Int
        init(_ value: Int) { self.value = value }
        deinit { Tracked.freed.withLock { $0 += 1 } }
    }

    @Test("map keeps the order and frees every result once the caller drops it (threads 1 and 2)")
    func mapFreesResults() {
        for threads in [1, 2] {
            let before = Tracked.freed.withLock { $0 }
            do {
                let results = ChunkPipeline.map(Array(0 ..< 6), threads: threads) { Tracked($0 * 10) }
                #expect(results.map(\.value) == [0, 10, 20, 30, 40, 50], "threads \(threads)")
            }
            #expect(Tracked.freed.withLock { $0 } - before == 6, "threads \(threads): a result leaked")
        }
    }
}
