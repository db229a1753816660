import Foundation

extension CorpusTrainer {
    /// Training's second pass: the spilled rows, weighed and added to the class counts.
    ///
    /// Each of up to `threads` workers keeps the classes `c % workers == w`
    /// (`ClassCountAccumulator`) and handles only their documents, whole: it builds the
    /// document's row from the spill (`SpillChunk.row`), weighs it (`Vectorizer.weighRow`) and
    /// adds it to its counts at once, in buffers reused from row to row, so no chunk matrix is
    /// ever built. Every cell has one owner that adds its rows in document order, so the counts
    /// are bitwise those of `Vectorizer.fit` followed by `NaiveBayesCounts.add` for any thread
    /// count. Each worker reads every chunk itself, into a buffer of its own reused from chunk
    /// to chunk, and goes through the chunks at its own pace. The counts are dense when they
    /// take at most `denseLimit` bytes (`ClassCountAccumulator.prefersDense`). `progress` is
    /// called on the calling thread, which is worker 0, after each of its chunks with the
    /// chunk's index (the other workers may be behind or ahead).
    ///
    /// The partitions' `columns` and the `idf` by column (empty without idf) are only read into
    /// the column maps, and given up once the maps are built; the idf is rebuilt from the maps
    /// (`ColumnMap.writeIDF`, the same values) once the counts are summed and their logs freed,
    /// and returned with them. Held through the pass, they were 15 MB of the second pass's
    /// steady state, the ×10 file's peak (20 Newsgroups bigrams). Measured (alternating runs,
    /// medians of 4-6): on one thread 20NG 106.8 and ×10 104.7 MiB, where ×10 had peaked at 108.3
    /// above 20NG's 106.9; unigrams on one thread 43.8 and 43.6 MiB; two threads 113.1 and 111.0
    /// MiB; the pass 71 -> 73 ms on 20NG (10 runs), the idf's rebuild, written by column.
    static func weigh(
        _ spill: TermSpill, columns: consuming [PartitionTerms], idf: consuming [Double], vectorizer: Vectorizer,
        classes: [String], classOfLabel: [Int], binarizeAbove: Float?, threads: Int,
        denseLimit: Int = ClassCountAccumulator.denseLimit, progress: (Int) -> Void
    ) throws(ScratchFileError) -> (counts: NaiveBayesCounts, idf: [Double]) {
        let count = max(1, min(threads, classes.count))
        let dense = ClassCountAccumulator.prefersDense(classes: classes.count, features: vectorizer.featureCount, limit: denseLimit)
        var workers = (0 ..< count).map {
            RowWeigher(ClassCountAccumulator(
                classCount: classes.count, featureCount: vectorizer.featureCount, part: $0, of: count, dense: dense),
                options: vectorizer.options)
        }
        // One map per partition, each on its own thread (a bigram vocabulary's maps are 10 MB,
        // with the idf gathered by column).
        let idfCount = idf.count
        let maps = ChunkPipeline.map(columns, threads: threads) { [idf] in ColumnMap($0, idf: idf) }
        _ = consume columns
        _ = consume idf
        // Worker 0 on the calling thread (it reports the progress), the others on threads of
        // their own. When the workers took each chunk together, after one read, they waited at
        // every chunk for the read and for the slower of them: on 20 Newsgroups bigrams, two
        // threads, adding the rows took 55-63 ms for workers of 40 and 46 ms; 46-50 ms now
        // (4 runs each, same model).
        let chunkCount = spill.count
        var failures = [ScratchFileError?](repeating: nil, count: workers.count)
        workers.withUnsafeMutableBufferPointer { workerList in
            failures.withUnsafeMutableBufferPointer { failureList in
                nonisolated(unsafe) let workerList = workerList, failureList = failureList
                let run = { @Sendable (w: Int, report: ((Int) -> Void)?) in
                    var buffer: [UInt32] = []
                    for index in 0 ..< chunkCount {
                        // In its own scope, so the chunk's reference to `buffer` is gone before the next read.
                        do {
                            let chunk: SpillChunk
                            do throws(ScratchFileError) { chunk = try spill.chunk(index, reusing: &buffer) } catch {
                                failureList[w] = error
                                return
                            }
                            workerList[w].add(chunk, columns: maps, classOfLabel: classOfLabel, binarizeAbove: binarizeAbove)
                        }
                        report?(index)
                    }
                }
                let others = DispatchGroup()
                for w in 1 ..< workerList.count { DispatchQueue.global().async(group: others) { run(w, nil) } }
                withoutActuallyEscaping(progress) { run(0, $0) }
                others.wait()
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        var accumulators = workers.map(\.accumulator)
        workers = []
        let counts = ClassCountAccumulator.merged(&accumulators, classes: classes)
        guard idfCount > 0 else { return (counts, []) }  // no idf
        let weights = [Double](unsafeUninitializedCapacity: idfCount) { weights, initialized in
            let written = maps.reduce(0) { $0 + $1.writeIDF(byColumn: weights) }
            precondition(written == idfCount, "the column maps hold \(written) of \(idfCount) columns' idf")
            initialized = idfCount
        }
        return (counts, weights)
    }
}

/// One worker of training's second pass: its class counts and its row buffers.
struct RowWeigher: Sendable {
    var accumulator: ClassCountAccumulator
    let weighting: FeatureWeighting
    let sublinearTF: Bool
    let norm: RowNorm
    /// A row's sort keys, `column << 32 | k`, and the sort's scratch.
    private var keys: [UInt64] = []
    private var scratch: [UInt64] = []
    /// The row's `k`-th entry's weight before the norm.
    private var weights: [Double] = []
    /// The weighed row, by ascending column.
    private var columns: [Int32] = []
    private var values: [Float] = []

    init(_ accumulator: ClassCountAccumulator, options: VectorizerOptions) {
        self.accumulator = accumulator
        weighting = options.weighting
        sublinearTF = options.sublinearTF
        norm = options.effectiveNorm
    }

    /// Adds the documents of `chunk` of the accumulator's classes (label id `l` is class
    /// `classOfLabel[l]`), each row weighed as `Vectorizer.weighRow` weighs it, bit for bit:
    /// each term's `Vectorizer.termWeight`, in `Double`; the norm's sum exact (`ExactSum`), so
    /// the row is not sorted for it; each value `Float(w * Vectorizer.normScale(sum))`. The
    /// idf comes from the column map, with the column, so weighing costs no lookup of its own.
    /// A row whose sum cannot be exact is sorted by column and summed in that order, as
    /// `weighRow` sums it then.
    mutating func add(_ chunk: SpillChunk, columns maps: [ColumnMap], classOfLabel: [Int], binarizeAbove: Float?) {
        precondition(maps.count == chunk.partitionCount, "spill has \(chunk.partitionCount) partitions, \(maps.count) column maps")
        let bases = maps.map(\.bases)
        // The next document of this accumulator's classes after `document`, or nil.
        func next(after document: Int) -> Int? {
            var d = document + 1
            while d < chunk.documentCount && !accumulator.owns(classOfLabel[Int(chunk.label(of: d))]) { d += 1 }
            return d < chunk.documentCount ? d : nil
        }
        var upcoming = next(after: -1)
        withExtendedLifetime(maps) { bases.withUnsafeBufferPointer { hint(chunk, document: upcoming, columns: $0) } }
        while let document = upcoming {
            let c = classOfLabel[Int(chunk.label(of: document))]
            upcoming = next(after: document)
            reserve(chunk.entryCount(document ..< document + 1))
            let n = withExtendedLifetime(maps) {
                bases.withUnsafeBufferPointer { bases in
                    let n = gather(chunk, document: document, columns: bases)
                    // The next document's terms are on their way while this one is weighed and added.
                    hint(chunk, document: upcoming, columns: bases)
                    return n
                }
            }
            weigh(count: n)
            columns.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                    accumulator.add(class: c, columns: UnsafeBufferPointer(rebasing: columns[0 ..< n]),
                                    values: UnsafeBufferPointer(rebasing: values[0 ..< n]), binarizeAbove: binarizeAbove)
                }
            }
        }
    }

    /// Room for rows of `n` entries.
    private mutating func reserve(_ n: Int) {
        guard keys.count < n else { return }
        let size = max(n, 2 * keys.count, 256)
        keys = [UInt64](repeating: 0, count: size)
        scratch = [UInt64](repeating: 0, count: size)
        weights = [Double](repeating: 0, count: size)
        columns = [Int32](repeating: 0, count: size)
        values = [Float](repeating: 0, count: size)
    }

    /// The entries of `document` that have a column: their keys and weights before the norm;
    /// returns their number. The row's terms were hinted (`hint`), all of them, before it is
    /// read: each is a load at random in a map that outgrows the caches (10 MB with bigrams),
    /// and read in order unhinted they missed one after another (77% of this loop's samples
    /// were that load). Measured on 20 Newsgroups bigrams, 2 threads, 8 alternating runs twice:
    /// the weigh step 107 -> 96 ms and 117 -> 99 ms (medians).
    private mutating func gather(_ chunk: SpillChunk, document: Int, columns maps: UnsafeBufferPointer<ColumnMap.Bases>) -> Int {
        let weighting = weighting, sublinearTF = sublinearTF
        var n = 0
        keys.withUnsafeMutableBufferPointer { keys in
            weights.withUnsafeMutableBufferPointer { weights in
                chunk.forEachEntry(document) { p, feature, count in
                    let map = maps[p]
                    let term = map.term(of: feature)
                    guard term.column >= 0 else { return }
                    weights[n] = Vectorizer.termWeight(
                        count: Double(Float(count)), idf: map.idf(of: term), weighting: weighting, sublinearTF: sublinearTF)
                    keys[n] = UInt64(UInt32(term.column)) << 32 | UInt64(n)
                    n += 1
                }
            }
        }
        return n
    }

    /// Hints the terms of `document`'s entries (nothing for nil): `add` hints the next
    /// document's while the current one is weighed and added, where `gather` hinted its own
    /// row just before reading it. Measured (phases `stance train` prints, alternating runs,
    /// medians): the ×10 file's weigh step 395.5 -> 381.5 ms (8 runs), 413 -> 383 ms (4); 20
    /// Newsgroups 76 -> 75 ms on two threads (12), 128 -> 126.5 ms on one (10). The same models.
    private func hint(_ chunk: SpillChunk, document: Int?, columns maps: UnsafeBufferPointer<ColumnMap.Bases>) {
        guard let document else { return }
        chunk.forEachEntry(document) { p, feature, _ in Prefetch.read(UnsafeRawPointer(maps[p].address(of: feature))) }
    }

    /// Writes the columns and normed values of the first `n` gathered entries, in the order
    /// gathered (the class counts add them up per column: the order of a row's entries does not
    /// matter to them). Before the norm's sum was exact, every row was sorted by column for it
    /// here: 20 Newsgroups ×10, 2 threads, that sort was 4.9% of the samples.
    private mutating func weigh(count n: Int) {
        let norm = norm
        let sum: Double
        if let exact = weights.withUnsafeBufferPointer({ Vectorizer.exactNormSum(UnsafeBufferPointer(rebasing: $0[0 ..< n]), norm: norm) }) {
            sum = exact
        } else {
            sortByColumn(count: n)
            sum = weights.withUnsafeBufferPointer { Vectorizer.orderedSum(UnsafeBufferPointer(rebasing: $0[0 ..< n]), norm: norm) }
        }
        let scale = Vectorizer.normScale(sum, norm: norm)
        keys.withUnsafeBufferPointer { keys in
            weights.withUnsafeBufferPointer { weights in
                columns.withUnsafeMutableBufferPointer { columns in
                    values.withUnsafeMutableBufferPointer { values in
                        for k in 0 ..< n {
                            columns[k] = Int32(truncatingIfNeeded: keys[k] >> 32)
                            values[k] = Float(weights[k] * scale)
                        }
                    }
                }
            }
        }
    }

    /// For a row with a term outside `ExactSum`'s range: its first `n` entries (keys and
    /// weights together) sorted by column, so that its norm is summed in that order, as
    /// `Vectorizer.weighRow` sums such a row (`Vectorizer.orderedSum`).
    private mutating func sortByColumn(count n: Int) {
        let gathered = Array(weights[0 ..< n])
        keys.withUnsafeMutableBufferPointer { keys in
            let row = UnsafeMutableBufferPointer(rebasing: keys[0 ..< n])
            scratch.withUnsafeMutableBufferPointer { RadixSort.sort(row, scratch: $0, lowBit: 32) }
            for k in 0 ..< n { weights[k] = gathered[Int(UInt32(truncatingIfNeeded: row[k]))] }
        }
    }
}
