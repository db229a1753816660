#if canImport(Glibc)
import Glibc
#endif

/// Monotonic timing for benchmarks.
public enum BenchmarkClock {
    /// Nanoseconds from an arbitrary fixed point (CLOCK_MONOTONIC).
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Runs `body` `warmup` times untimed, then `repetitions` times timed; returns the seconds
    /// of each timed run, sorted.
    public static func measure(warmup: Int = 1, repetitions: Int = 5, _ body: () -> Void) -> [Double] {
        for _ in 0 ..< warmup { body() }
        var times: [Double] = []
        for _ in 0 ..< max(1, repetitions) {
            let start = now()
            body()
            times.append(Double(now() - start) / 1e9)
        }
        return times.sorted()
    }
}

/// Keeps a benchmark's result alive so the optimiser cannot drop the work that produced it.
public enum BlackHole {
    nonisolated(unsafe) private static var sink: Int = 0

    /// Consumes `value`.
    @inline(never)
    public static func consume<T>(_ value: T) {
        withUnsafeBytes(of: value) { sink &+= $0.count }
    }
}
