/// The heap of a short-lived command that loads a model and scores (`classify`, `evaluate`), set
/// up once, before the model is read: allocations below 32 MiB come from the heap
/// (`M_MMAP_THRESHOLD`, glibc's largest, in place of the 1 MiB `Stance.main` fixes), the heap
/// grows 32 MiB beyond each request (`M_TOP_PAD`), and freed memory is not returned to the system
/// before exit (`M_TRIM_THRESHOLD`). A freed buffer of 1-32 MiB is then reused by later
/// allocations instead of being unmapped while fresh mappings are faulted in. Measured with and
/// without (same binary, `perf stat -r 8`): `evaluate` on 20 Newsgroups with bigrams 17,500
/// against 28,000 page faults, task clock 277 against 304 ms; `classify` of the seed article
/// 4,680 against 4,860 faults, 17.9 against 20.6 ms.
///
/// The heap gets 4 KiB pages. It no longer asks for transparent huge pages as `HugePageHeap`,
/// which it replaces, did (`MADV_HUGEPAGE` on 62 MiB of new heap, faulted 2 MiB at a time): on
/// this VM that pays only when the memory was freed just before: freed 2 MiB blocks go back to
/// the host within about a second (virtio-balloon free page reporting, order 9), and a huge page
/// faulted on such a block took 3-4 ms (0.6-0.8 GB/s) against 0.07 ms for one just freed, while
/// 4 KiB pages come from the smaller free blocks, which are not reported, at about 3 GB/s either
/// way. Measured (`scripts/compare-binaries`, alternating runs, medians; `--pause 3` leaves 3 s
/// idle before each run, the case of a command run now and then):
/// - `classify` of the seed article with the shipped model, 20 runs: back to back 14.4 ms with
///   huge pages against 19.1 ms without; after 3 s idle 37.0 ms (up to 50 ms, the cold-start
///   target) against 21.7 ms (at most 28 ms);
/// - `evaluate` on 20 Newsgroups with bigrams: back to back 0.1586 against 0.1597 s (12 runs),
///   0.1498 against 0.1575 s and 0.1761 against 0.1763 s (8 each); after 1.5 to 3 s idle 0.181
///   against 0.172 s, 0.200 against 0.188 s and 0.271 against 0.196 s.
///
/// The large tables of loading (`PageMemory`: the n-gram index's pairs, the weights' exceptions)
/// keep their huge pages: without them (and without the heap's) `evaluate` took 0.234 against
/// 0.176 s back to back and 0.241 against 0.196 s after 3 s idle (8 runs each), since they are
/// probed at random and each 4 KiB page of them costs a fault of its own.
///
/// On a C library without `mallopt` (not glibc) nothing is done.
enum ScoringHeap {
    /// Sets the heap up as described above; returns whether glibc took every setting.
    @discardableResult
    static func configure() -> Bool {
        let limit = Heap.largestMmapThreshold
        return Heap.set(Heap.mmapThreshold, limit) && Heap.set(Heap.topPad, limit) && Heap.set(Heap.trimThreshold, .max)
    }
}
