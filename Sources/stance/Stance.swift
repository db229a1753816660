import ArgumentParser
import StanceKit

#if canImport(Glibc)
import Glibc
#endif

/// The `stance` command: train, evaluate and apply naive Bayes stance classifiers.
@main
struct Stance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        abstract: "Train, evaluate and apply TF-IDF + naive Bayes text classifiers.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 65 bad input data or model file, \
            66 missing input file, 74 I/O error while writing.
            """,
        subcommands: [
            Train.self, Evaluate.self, CrossValidate.self, Classify.self, Split.self, Inspect.self, Explain.self,
            Search.self, Similar.self, Benchmark.self,
        ]
    )

    /// Ignores SIGXFSZ before anything else, so a write past a file-size limit (`ulimit -f`)
    /// fails with EFBIG and is reported (exit 74, previous file kept) instead of killing stance.
    ///
    /// Fixes glibc's mmap threshold at 1 MiB: every large buffer (vocabulary tables, count
    /// matrices, chunks) then gets its own mapping, which `free` returns to the system. With the
    /// default dynamic threshold, which rises to 32 MiB after the first large free, such buffers
    /// came from the heap, whose freed holes stay resident: training on 20 Newsgroups with
    /// bigrams peaked at 405 MiB instead of 334 MiB. (`train`'s first pass and vocabulary step
    /// choose otherwise, `TrainingHeap`; so do `classify` and `evaluate`, `HugePageHeap`.)
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        Heap.set(Heap.mmapThreshold, Heap.commandMmapThreshold)
        main(nil)
    }
}
