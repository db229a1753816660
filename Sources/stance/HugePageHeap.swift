#if canImport(Glibc)
import Glibc
#endif

/// Backs the heap of a short-lived command with transparent huge pages, before it loads a model.
///
/// Loading the shipped model touches about 25 MB of fresh memory (the file's bytes, the
/// vocabulary's table and arena, the counts, the weights), and each 4 KiB page of it cost a page
/// fault: about 6,900 faults, a third of a cold `stance classify`'s CPU time on this VM. With
/// 2 MiB pages the same memory takes a few dozen faults. Linux gives anonymous memory huge pages
/// only where `madvise(MADV_HUGEPAGE)` asks (`transparent_hugepage/enabled` is `madvise` on
/// Debian), and glibc's own switch (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`) is read only at
/// process start, so this does what it does, once, in the process:
///
/// 1. `mallopt`: allocations below 32 MiB come from the heap (`M_MMAP_THRESHOLD`, glibc's
///    largest), the heap grows 32 MiB beyond each request (`M_TOP_PAD`) and freed memory is not
///    returned to the system before exit (`M_TRIM_THRESHOLD`);
/// 2. one 30 MiB block is allocated and freed, which grows the heap by about 62 MiB of address
///    space (untouched: no memory is used until written);
/// 3. that new part of the heap, aligned to 2 MiB, is marked `MADV_HUGEPAGE`.
///
/// Measured on the seed article (`perf stat`, same binary with and without): 6,880 page faults
/// and 34 ms of task clock against 1,040-1,300 faults and 21-24 ms. `evaluate` on 20
/// Newsgroups with the bigram model (alternating runs, medians of 10 and 12): 0.221 -> 0.205 s
/// and 0.227 -> 0.215 s, system time 0.069 -> 0.046 s, peak 202 -> 217 MiB; on the shipped
/// model and `Data/stance/dev.tsv` 18 -> 19 ms (40 runs, minimum 17 ms both).
///
/// Only for commands that load a model, work briefly and exit (`classify` and `evaluate`, whose
/// 32 MiB threshold replaces the 1 MiB that `Stance.main` fixes). Other long runs (benchmarks,
/// cross-validation) keep that 1 MiB threshold, under which freed buffers go back to the
/// system, and training bounds what it keeps (`TrainingHeap`). Without huge-page support
/// `madvise` fails or is ignored, and nothing else changes; on a C library without `mallopt`
/// (not glibc) nothing is done.
enum HugePageHeap {
    /// Sets up the heap as described above; returns the bytes marked for huge pages (0: none).
    @discardableResult
    static func reserve() -> Int {
        let limit = Heap.largestMmapThreshold
        guard Heap.set(Heap.mmapThreshold, limit), Heap.set(Heap.topPad, limit), Heap.set(Heap.trimThreshold, .max) else { return 0 }
        // Through pointers: a direct malloc + free of an unused block is removed by the optimiser.
        guard let mallocSymbol = dlsym(nil, "malloc"), let freeSymbol = dlsym(nil, "free") else { return 0 }
        let allocate = unsafeBitCast(mallocSymbol, to: (@convention(c) (Int) -> UnsafeMutableRawPointer?).self)
        let release = unsafeBitCast(freeSymbol, to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self)
        let before = UInt(bitPattern: sbrk(0))
        guard let block = allocate(Int(limit) - (2 << 20)) else { return 0 }
        release(block)
        let after = UInt(bitPattern: sbrk(0))
        let page: UInt = 2 << 20
        let start = (before + page - 1) & ~(page - 1), end = after & ~(page - 1)
        guard before != UInt(bitPattern: -1), end > start,
              madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_HUGEPAGE) == 0
        else { return 0 }
        return Int(end - start)
    }
}
