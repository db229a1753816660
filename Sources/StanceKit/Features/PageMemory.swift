#if canImport(Glibc)
import Glibc
#endif

/// Zero-filled buffers for the large tables of training and loading, mapped straight from the
/// system and, from 2 MiB up, backed by transparent huge pages where the system allows.
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
/// Small buffers come from `calloc` (which skips clearing memory fresh from the system).
/// `deallocate` must be given the same count as `allocateZeroed`: the size picks the path.
enum PageMemory {
    /// Buffers of at least this many bytes (a huge page) are mapped from the system; smaller
    /// ones stay on the heap, which `stance classify` backs with huge pages of its own
    /// (`HugePageHeap`): mapping them with 4 KiB pages cost its cold start 10% more faults.
    static let mappingThreshold = 2 << 20
    /// The huge-page size on x86-64 and arm64 Linux (4 KiB base pages).
    static let hugePage = 2 << 20

    /// `count` zero-filled elements of `T` (plain data: zero bits must be a valid value).
    /// Stops the process when the system has no memory left, as Swift's own allocation does.
    static func allocateZeroed<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        let raw = bytes >= mappingThreshold ? map(bytes) : calloc(1, bytes)
        guard let raw, MemoryLayout<T>.alignment <= 16 else { fatalError("out of memory: could not allocate \(bytes) bytes") }
        return raw.bindMemory(to: T.self, capacity: max(1, count))
    }

    /// Frees a buffer from `allocateZeroed(_:count:)` with the same `count`.
    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>, count: Int) {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        if bytes >= mappingThreshold {
            munmap(UnsafeMutableRawPointer(pointer), rounded(bytes))
        } else {
            free(UnsafeMutableRawPointer(pointer))
        }
    }

    /// The mapped length of a buffer of `bytes` bytes.
    private static func rounded(_ bytes: Int) -> Int {
        (bytes + hugePage - 1) / hugePage * hugePage
    }

    /// Marks the whole 2 MiB pages inside `buffer` for huge pages (`MADV_HUGEPAGE`), for memory
    /// from the allocator that has not been written yet: a large block is a fresh mapping of its
    /// own, and its aligned interior then faults once per 2 MiB. Buffers under 4 MiB are left
    /// alone (little of them is aligned).
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count >= 2 * hugePage, let base = buffer.baseAddress else { return }
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
