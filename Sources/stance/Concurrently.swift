import Dispatch

/// Runs two independent steps at once (on two threads) and returns both results; when both
/// throw, the first step's error is the one reported, as if they had run in order.
enum Concurrently {
    static func both<A: Sendable, B: Sendable>(
        _ first: @escaping @Sendable () throws -> A, _ second: @escaping @Sendable () throws -> B
    ) throws -> (A, B) {
        nonisolated(unsafe) var a: Result<A, any Error>?
        nonisolated(unsafe) var b: Result<B, any Error>?
        DispatchQueue.concurrentPerform(iterations: 2) { step in
            if step == 0 {
                a = Result { try first() }
            } else {
                b = Result { try second() }
            }
        }
        guard let a, let b else { preconditionFailure("concurrentPerform returned before both steps ran") }
        return (try a.get(), try b.get())
    }
}
