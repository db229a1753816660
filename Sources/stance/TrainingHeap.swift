import StanceKit

/// How `stance train` uses the heap on a streamed corpus: from `minimumBytes` of text, the
/// first pass keeps freed buffers in the heap for its next chunks, instead of giving them back
/// to the system and faulting fresh pages in again; the vocabulary step and the second pass run
/// as the other commands do.
///
/// - `init(corpusBytes:)`: from `minimumBytes`, buffers below 32 MiB come from the heap
///   (`M_MMAP_THRESHOLD`, glibc's largest) and freed memory is not returned at each `free`
///   (`M_TRIM_THRESHOLD`).
/// - `reached(_:)` at the vocabulary step (`CorpusTrainer.Progress.Step.vocabulary`), once the
///   first pass is done: the heap's free memory goes back (`Heap.trim()`) and the thresholds
///   return to 1 MiB (as `Stance.main` sets it) and glibc's default 128 KiB. Then, whatever the
///   size, `Heap.trim()` again as the second pass begins (the vocabulary step's freed buffers),
///   and after each chunk of the second pass: its class counts' buffers, of
///   ever-changing sizes as they fold (`ClassCountLog`), leave freed holes that would otherwise
///   stay resident, so a longer corpus would peak higher.
///
/// The vocabulary step used to run in the kept heap too, reusing the first pass's freed pages:
/// it then held them all (20 Newsgroups bigrams, two threads: 99 MB of heap, 19.7 MB of it in
/// use, traced), and it and the second pass set training's peak, higher for the ×10 file than
/// for 20NG (124-125 against 121-123 MiB) as the longer first pass left more holes. With the
/// trim before it (and `ColumnMap`'s 8-byte terms), medians of 12 and 5 alternating runs: 20NG
/// 0.2931 against 0.2932 s, peak 122.8 -> 113.1 MiB; ×10 1.542 -> 1.494 s, 124.2 -> 112.4 MiB
/// (one run of five at 118.5: the vocabulary step's peak still varied from run to run on the
/// ×10 file, 110-118 MiB against 108-111 for 20NG, traced, until the merge spelled the ranked
/// terms itself, see `SortedTerms.init(rankKeys:...)`). Without the second trim, as the second
/// pass begins, the vocabulary step's freed buffers stayed resident into its first chunk:
/// unigrams on one thread peaked at 48-49 MiB (×10 51.9) against 43-44 MiB with it.
///
/// Measured when the first pass began keeping the heap (20 Newsgroups with bigrams on 2
/// threads, alternating runs, medians), against the 1 MiB threshold and the trims throughout:
/// 0.410 -> 0.390 s (10 runs, system time 0.199 -> 0.168 s) and, in a busier hour, 0.473 ->
/// 0.405 s; the ×10 file 2.219 -> 2.066 s and 2.426 -> 2.318 s (3 runs); unigrams on one
/// thread 0.282 -> 0.273 s. Peaks 131-133 -> 141-144 MiB; ×10 142 MiB (136-145, 6 runs)
/// against 143 MiB once (140-150). The first quarter of 20NG (5.5 MB) 0.159 -> 0.141 s and, in
/// a later run, 0.162 -> 0.153 s, peak 88 -> 100-103 MiB; its first half (11 MB) 0.282 ->
/// 0.258 s, 83 -> 103 MiB. MR (1.1 MB) gained nothing (0.060 s both, 15 runs) and peaked 42 ->
/// 52 MiB, a third of scikit-learn's there: hence `minimumBytes`. On this VM a fresh page costs
/// a fault and a clearing whose price varies from hour to hour (a plain C program: 64 MiB of
/// huge pages first touched in 3 ms, then 137 ms), and so does the gain: in quieter hours the
/// 20NG comparison gave 0.381 against 0.386 s and 0.418 against 0.413 s (16 runs, system time
/// 0.168 against 0.162 s). Kept through the second pass too (trimmed every 8th chunk) it was
/// faster (0.377 s, ×10 1.965 s), but the ×10 file then peaked at 170 MiB against 160 once: the
/// second pass's holes grew with the corpus.
struct TrainingHeap {
    /// The least text, in bytes, for which the heap is kept (see the type's description).
    static let minimumBytes = 4 << 20
    /// Whether the first pass keeps freed memory.
    let keeps: Bool

    /// Sets the heap up for a streamed corpus of `corpusBytes` bytes of files.
    init(corpusBytes: Int) {
        keeps = corpusBytes >= TrainingHeap.minimumBytes
        guard keeps else { return }
        Heap.set(Heap.mmapThreshold, Heap.largestMmapThreshold)
        Heap.set(Heap.trimThreshold, .max)
    }

    /// Called with each of `CorpusTrainer.train`'s progress reports (see the type's description).
    func reached(_ progress: CorpusTrainer.Progress) {
        switch progress.step {
        case .counting:
            return
        case .vocabulary:
            Heap.trim()
            guard keeps else { return }
            Heap.set(Heap.mmapThreshold, Heap.commandMmapThreshold)
            Heap.set(Heap.trimThreshold, Heap.defaultTrimThreshold)
        case .weighing:
            Heap.trim()
        }
    }
}
