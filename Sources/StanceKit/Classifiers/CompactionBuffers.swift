/// The scratch of `ClassCountLog.compact`, shared by one accumulator's classes: the sort's
/// scratch (then the new cells' sums) and each logged value's cell.
struct CompactionBuffers: Sendable {
    private var scratch: [UInt64] = []
    private var at: [UInt32] = []

    /// Room to fold `logged` values; new room is not written until used.
    mutating func reserve(logged: Int) {
        guard scratch.count < logged else { return }
        let size = max(logged, 2 * scratch.count)
        scratch = .unfilled(count: size)
        at = .unfilled(count: size)
    }

    mutating func withScratch(_ body: (UnsafeMutableBufferPointer<UInt64>, UnsafeMutableBufferPointer<UInt32>) -> Void) {
        scratch.withUnsafeMutableBufferPointer { scratch in
            at.withUnsafeMutableBufferPointer { body(scratch, $0) }
        }
    }
}
