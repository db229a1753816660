import Foundation
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

    @Test("perform runs every job once, on at most the threads asked for (1: the calling thread)")
    func performHonoursThreads() {
        for (jobs, threads) in [(0, 2), (1, 4), (7, 1), (7, 2), (7, 3), (3, 8), (20, nil)] as [(Int, Int?)] {
            let runs = Mutex([Int](repeating: 0, count: jobs))
            let busy = Mutex((now: 0, most: 0))
            ChunkPipeline.perform(jobs, threads: threads) { job in
                busy.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                runs.withLock { $0[job] += 1 }
                busy.withLock { $0.now -= 1 }
            }
            #expect(runs.withLock { $0 } == [Int](repeating: 1, count: jobs), "\(jobs) jobs, \(String(describing: threads)) threads")
            if let threads { #expect(busy.withLock { $0.most } <= threads, "\(jobs) jobs on \(threads) threads") }
        }
        // One thread: every job on the calling thread.
        let caller = pthread_self()
        let onCaller = Mutex([Bool]())
        ChunkPipeline.perform(5, threads: 1) { _ in onCaller.withLock { $0.append(pthread_equal(pthread_self(), caller) != 0) } }
        #expect(onCaller.withLock { $0 } == [Bool](repeating: true, count: 5))
    }
}
