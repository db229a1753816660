/// How `stance train` uses the heap: freed buffers stay in the heap for the next ones, instead
/// of going back to the system and being faulted in again, and the heap's free memory is given
/// back at bounded intervals.
///
/// - `begin()`: buffers below 32 MiB come from the heap (`M_MMAP_THRESHOLD`, glibc's largest)
///   and freed memory is not returned at each `free` (`M_TRIM_THRESHOLD`). Each phase of
///   training then reuses the pages the phase before it freed: the vocabulary step the first
///   pass's, the second pass the vocabulary step's.
/// - `chunkDone(pass:)`: `Heap.trim()` after every `trimEvery`-th chunk of the second pass,
///   whose class counts are reallocated at ever-changing sizes as they fold and leave freed
///   holes behind (see `ClassCountLog`): the holes a run keeps are those of at most
///   `trimEvery` chunks, whatever the corpus's length.
/// - `beforeSave()`: `Heap.trim()`, before the model's bytes are allocated.
///
/// Before, every buffer of 1 MiB or more had its own mapping (`Stance.main`), and the heap was
/// trimmed after every chunk of the second pass: 55,000 page faults for 20 Newsgroups with
/// bigrams, with a peak close to the live data. A trim returns the free pages of every arena,
/// and the next allocations fault them in again; on this VM a fault costs about 1.5 µs and
/// the trims and faults were a quarter of training's CPU time. Measured, 20 Newsgroups with
/// bigrams on 2 threads (alternating runs, medians; the README has the final numbers):
/// the vocabulary step 67-71 -> 50-51 ms, weighing 77-81 -> 59-60 ms, the whole run
/// 0.420 -> 0.377 s, system time 0.19 -> 0.13 s; the ×10 file 2.26 -> 2.05 s. The peak is
/// higher, since freed memory is kept: 125-132 -> 163 MiB (×10: 129 -> 167 MiB). Trimming
/// never in the second pass was as fast but peaked at 165 and 175 MiB: the ×10 file's peak
/// then grew with its length.
struct TrainingHeap {
    /// Chunks of the second pass between trims.
    static let trimEvery = 8
    private var chunks = 0

    /// Sets the heap up for training (see the type's description).
    static func begin() {
        Heap.set(Heap.mmapThreshold, Heap.largestMmapThreshold)
        Heap.set(Heap.trimThreshold, .max)
    }

    /// Called after each chunk of pass `pass` (1 or 2).
    mutating func chunkDone(pass: Int) {
        guard pass == 2 else { return }
        chunks += 1
        if chunks % TrainingHeap.trimEvery == 0 { Heap.trim() }
    }

    /// Called once training is done, before the model is saved.
    func beforeSave() { Heap.trim() }
}
