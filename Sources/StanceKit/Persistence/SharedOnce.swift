import Dispatch

/// Work that either of two threads may do, done once: the first to claim it runs it, and the
/// other, if it asks for the value (`value`), waits for that run. A thread waits only for work
/// already started, never for work not yet claimed, so two threads using it cannot wait on each
/// other, even when `concurrentPerform` runs its iterations one after the other on one thread.
final class SharedOnce<Value>: @unchecked Sendable {
    /// Guards `claimed`. (A semaphore taken and never given back would trap when freed:
    /// libdispatch requires a semaphore's count back at its initial value by then.)
    private let lock = DispatchSemaphore(value: 1)
    private var claimed = false
    private let finished = DispatchSemaphore(value: 0)
    private var result: Value?

    /// Runs `body` unless a thread has claimed the work already.
    func runUnlessClaimed(_ body: () -> Value) {
        lock.wait()
        let mine = !claimed
        claimed = true
        lock.signal()
        guard mine else { return }
        result = body()
        finished.signal()
    }

    /// The work's value: computed here if no thread has claimed it, else waited for.
    func value(_ body: () -> Value) -> Value {
        runUnlessClaimed(body)
        finished.wait()
        defer { finished.signal() }
        guard let result else { preconditionFailure("the work signalled without a value") }
        return result
    }
}
