#if canImport(Glibc)
import Glibc
#endif

/// Buffers for the large tables of training and loading: from 8 MiB up (`mappingThreshold`),
/// mapped straight from the system, zero until written, and backed by transparent huge pages
/// where the system allows; smaller ones from `malloc`.
///
/// A fresh 4 KiB page costs a page fault when first written, and the open-addressing tables of
/// a bigram vocabulary are tens of megabytes that double as they fill: training on 20 Newsgroups
/// with bigrams took 175,000 faults, a third of its CPU time in the kernel on this VM. A mapping
/// marked `MADV_HUGEPAGE` faults once per 2 MiB instead of 512 times (Linux gives anonymous
/// memory huge pages only where `madvise` asks: `transparent_hugepage/enabled` is `madvise` on
/// Debian). Fresh mappings are zero, so a table whose empty slot is all zero bits needs no
/// initializing pass. A buffer touched only in part holds at most one partly used huge page
/// more than 4 KiB pages would. Without huge-page support `madvise` fails and the mapping keeps
/// 4 KiB pages; nothing else changes.
///
/// Measured (same binary, `madvise` on and off, alternating runs): 20NG bigram training on two
/// threads, CPU (user + system) 1.31 -> 1.18 s, system time 0.41 -> 0.31 s, peak RSS 205 ->
/// 218 MB (partly used huge pages); `evaluate` with `NGramIndex`'s 32 MiB pair table, task
/// clock 570 -> 544 ms and page faults 73,000 -> 56,000. The kernel still clears each huge
/// page on its first fault (`clear_page_erms` is then the largest kernel item in a profile).
/// On this VM a huge page faulted on memory the host has taken back (free page reporting) is
/// cleared at 0.6-0.8 GB/s, not ~28 GB/s, so a command run after idle pays more for it (see
/// `ScoringHeap`, whose heap no longer asks for huge pages); these tables, probed at random,
/// still measured faster with them, back to back and after idle alike.
///
/// Smaller buffers come from `malloc`. `deallocate` must be given the same count as
/// `allocateZeroed` or `allocate`: the size picks the path.
enum PageMemory {
    /// Buffers of at least this many bytes are mapped and get huge pages. Below it: a buffer
    /// touched only in part holds up to a huge page more than it uses, which raised the peaks of
    /// training on MR and SUBJ by 1-2 MB (close to the memory target); a mapping aligned by
    /// unmapping its ends cost two more `munmap`s, each a TLB shootdown across the process's
    /// threads (a small model's `evaluate` went 16 -> 19 ms of CPU).
    static let mappingThreshold = 8 << 20
    /// The huge-page size on x86-64 and arm64 Linux (4 KiB base pages).
    static let hugePage = 2 << 20

    /// `count` zero-filled elements of `T` (plain data: zero bits must be a valid value).
    /// Stops the process when the system has no memory left, as Swift's own allocation does.
    static func allocateZeroed<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        guard bytes < mappingThreshold else { return allocate(T.self, count: count) }
        // Cleared here, in order: `calloc` leaves a fresh block to the kernel's zero page, and a
        // table probed at random then faults twice per page (read, then write): 290 faults
        // instead of 127 for a small model's table.
        let pointer = allocate(T.self, count: count)
        UnsafeMutableRawPointer(pointer).initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return pointer
    }

    /// `count` elements of `T`, not initialized below `mappingThreshold` (`malloc`: a buffer that
    /// is written before it is read, such as a vocabulary's arena, need not be cleared first) and
    /// mapped, zero, with huge pages from it. Freed by `deallocate(_:count:)`.
    static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        let raw = bytes >= mappingThreshold ? map(bytes) : malloc(bytes)
        guard let raw, MemoryLayout<T>.alignment <= 16 else { fatalError("out of memory: could not allocate \(bytes) bytes") }
        return raw.bindMemory(to: T.self, capacity: max(1, count))
    }

    /// Frees a buffer from `allocateZeroed(_:count:)` or `allocate(_:count:)` with the same
    /// `count`.
    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>, count: Int) {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        if bytes >= mappingThreshold {
            munmap(UnsafeMutableRawPointer(pointer), rounded(bytes))
        } else {
            free(UnsafeMutableRawPointer(pointer))
        }
    }

    /// Gives the whole pages of elements `range` of a buffer of `count` elements from
    /// `allocate` back to the system (`MADV_DONTNEED`; they read as zero if touched again), when
    /// the buffer is mapped; a buffer from `malloc` is left alone. For a buffer read once, in
    /// order, whose read parts are done with before the whole is freed.
    static func discard<T>(_ pointer: UnsafeMutablePointer<T>, count: Int, range: Range<Int>) {
        guard max(1, count) * MemoryLayout<T>.stride >= mappingThreshold, !range.isEmpty else { return }
        dropWholePages(UnsafeRawBufferPointer(start: pointer + range.lowerBound, count: range.count * MemoryLayout<T>.stride))
    }

    /// `MADV_DONTNEED` on the whole pages inside `bytes` (the partial pages at its ends are left
    /// alone), which must be mapped memory: anonymous pages then read as zero, a file's are
    /// mapped in again from the page cache.
    static func dropWholePages(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let first = UInt(bitPattern: base), last = first + UInt(bytes.count)
        let start = (first + page - 1) & ~(page - 1), end = last & ~(page - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, Int(end - start), MADV_DONTNEED)
    }

    /// The mapped length of a buffer of `bytes` bytes.
    private static func rounded(_ bytes: Int) -> Int {
        (bytes + hugePage - 1) / hugePage * hugePage
    }

    /// Marks the whole 2 MiB pages inside `buffer` for huge pages (`MADV_HUGEPAGE`), for memory
    /// from the allocator that has not been written yet: a large block is a fresh mapping of its
    /// own, and its aligned interior then faults once per 2 MiB. Buffers under
    /// `mappingThreshold` are left alone.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count >= mappingThreshold, let base = buffer.baseAddress else { return }
        let page = UInt(hugePage)
        let start = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~(page - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, Int(end - start), MADV_HUGEPAGE)
    }

    /// A fresh anonymous mapping of at least `bytes` bytes, aligned to 2 MiB (a huge page needs
    /// an aligned range), or nil when the system refuses.
    private static func map(_ bytes: Int) -> UnsafeMutableRawPointer? {
        let length = rounded(bytes)
        // Map a huge page more than needed, then unmap the unaligned ends.
        guard let raw = mapAnonymous(length + hugePage) else { return nil }
        let start = (UInt(bitPattern: raw) + UInt(hugePage) - 1) & ~UInt(hugePage - 1)
        let head = Int(start - UInt(bitPattern: raw)), tail = hugePage - head
        if head > 0 { munmap(raw, head) }
        if tail > 0 { munmap(raw + head + length, tail) }
        let aligned = raw + head
        _ = madvise(aligned, length, MADV_HUGEPAGE)
        return aligned
    }

    private static func mapAnonymous(_ length: Int) -> UnsafeMutableRawPointer? {
        let raw = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let raw, raw != MAP_FAILED else { return nil }
        return raw
    }
}

extension Array {
    /// `Array(repeating:count:)`, with a large array's memory marked for huge pages before it is
    /// filled (`PageMemory.adviseHugePages`): the vocabulary step's arrays of one value per term
    /// (a million and more for bigrams) each cost thousands of 4 KiB page faults.
    static func pageBacked(repeating value: Element, count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            PageMemory.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            if let base = buffer.baseAddress { base.initialize(repeating: value, count: count) }
            initialized = count
        }
    }
}
