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
    /// bigrams peaked at 405 MiB instead of 334 MiB.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        fixMmapThreshold(1 << 20)
        main(nil)
    }

    /// `malloc_trim(0)`, looked up at run time as `mallopt` is: gives the heap's free memory back
    /// to the system. Called after each chunk of training's second pass and between training
    /// and saving: the second pass's many small buffers (a class's cells and log, below the
    /// 1 MiB mmap threshold, reallocated at new sizes as they fold) leave freed holes in the heap
    /// that stay resident, more of them the longer it runs, and saving then allocates the
    /// model's bytes on top. Measured, 20 Newsgroups with bigrams on 2 threads (`/usr/bin/time`,
    /// 3 runs each): with only the trim before saving, the shuffled train file repeated ×10
    /// (221 MB, `compare-peers --big`) peaked at 166-168 MiB against 158-159 MiB for the file once
    /// (the earlier check, ×9 unshuffled, had shown 162 and 164); trimmed after every chunk too,
    /// 151-158 against 156-157 MiB, with wall time unchanged (2.685 against 2.683 s, 5 alternating
    /// runs) and 1% more CPU (4.56 against 4.60 s). Before the trim before saving, ×9 peaked at
    /// 183 MiB. Without glibc it does nothing.
    static func trimHeap() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }

    /// `mallopt(M_MMAP_THRESHOLD, bytes)`, looked up at run time (Swift's Glibc module does not
    /// import <malloc.h>); without glibc's `mallopt` it does nothing.
    static func fixMmapThreshold(_ bytes: Int32) {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, bytes)
    }
}
