#if canImport(Glibc)
import Glibc
#endif

/// glibc's heap controls, looked up at run time (Swift's Glibc module does not import
/// <malloc.h>); on a C library without them (not glibc) every call does nothing.
enum Heap {
    /// `mallopt`'s parameters, from <malloc.h>.
    static let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3, arenaMax: Int32 = -8
    /// glibc's largest mmap threshold on 64-bit systems (`DEFAULT_MMAP_THRESHOLD_MAX`).
    static let largestMmapThreshold: Int32 = 32 << 20
    /// The mmap threshold the CLI fixes (`Stance.main`): every buffer from 1 MiB up gets its own
    /// mapping, which `free` returns to the system.
    static let commandMmapThreshold: Int32 = 1 << 20
    /// glibc's default trim threshold (`DEFAULT_TRIM_THRESHOLD`).
    static let defaultTrimThreshold: Int32 = 128 << 10

    /// `mallopt(parameter, value)`: whether glibc took it.
    @discardableResult
    static func set(_ parameter: Int32, _ value: Int32) -> Bool {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        return unsafeBitCast(symbol, to: Mallopt.self)(parameter, value) == 1
    }

    /// `malloc_trim(0)`: gives the free memory of every arena back to the system (the free
    /// pages inside the heap too, which the next allocation there faults in again).
    static func trim() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
}
