extension CorpusTrainer {
    /// Training's second pass: the spilled rows, weighed and added to the class counts.
    ///
    /// Each of up to `threads` workers keeps the classes `c % workers == w`
    /// (`ClassCountAccumulator`) and handles only their documents, whole: it builds the
    /// document's row from the spill (`SpillChunk.row`), weighs it (`Vectorizer.weighRow`) and
    /// adds it to its counts at once, in buffers reused from row to row, so no chunk matrix is
    /// ever built. Every cell has one owner that adds its rows in document order, so the counts
    /// are bitwise those of `Vectorizer.fit` followed by `NaiveBayesCounts.add` for any thread
    /// count. A chunk is read once, into a buffer reused from chunk to chunk, and the workers
    /// share it. The counts are dense when they take at most `denseLimit` bytes
    /// (`ClassCountAccumulator.prefersDense`). `progress` is called on the calling thread after each chunk with its index.
    static func weigh(
        _ spill: TermSpill, columns: [PartitionTerms], vectorizer: Vectorizer, classes: [String], classOfLabel: [Int],
        binarizeAbove: Float?, threads: Int, denseLimit: Int = ClassCountAccumulator.denseLimit, progress: (Int) -> Void
    ) throws(ScratchFileError) -> NaiveBayesCounts {
        let count = max(1, min(threads, classes.count))
        let dense = ClassCountAccumulator.prefersDense(classes: classes.count, features: vectorizer.featureCount, limit: denseLimit)
        var workers = (0 ..< count).map {
            RowWeigher(ClassCountAccumulator(
                classCount: classes.count, featureCount: vectorizer.featureCount, part: $0, of: count, dense: dense))
        }
        let maps = columns.map(ColumnMap.init)
        var buffer: [UInt32] = []
        for index in 0 ..< spill.count {
            // In its own scope, so the chunk's reference to `buffer` is gone before the next read.
            do {
                let chunk = try spill.chunk(index, reusing: &buffer)
                ChunkPipeline.forEach(&workers) { worker in
                    worker.add(chunk, columns: maps, vectorizer: vectorizer, classOfLabel: classOfLabel, binarizeAbove: binarizeAbove)
                }
            }
            progress(index)
        }
        var accumulators = workers.map(\.accumulator)
        workers = []
        return ClassCountAccumulator.merged(&accumulators, classes: classes)
    }
}

/// One worker of training's second pass: its class counts and its row buffers.
struct RowWeigher: Sendable {
    var accumulator: ClassCountAccumulator
    private var row = SpillRow()

    init(_ accumulator: ClassCountAccumulator) {
        self.accumulator = accumulator
    }

    /// Adds the documents of `chunk` of the accumulator's classes, each row weighed by
    /// `vectorizer` (label id `l` is class `classOfLabel[l]`).
    mutating func add(_ chunk: SpillChunk, columns: [ColumnMap], vectorizer: Vectorizer, classOfLabel: [Int], binarizeAbove: Float?) {
        for document in 0 ..< chunk.documentCount {
            let c = classOfLabel[Int(chunk.label(of: document))]
            guard accumulator.owns(c) else { continue }
            chunk.row(document, columns: columns, into: &row)
            var weights = row.weights
            row.weights = []
            row.withRow { columns, values in
                vectorizer.weighRow(columns: columns, values: values, scratch: &weights)
                accumulator.add(class: c, columns: columns, values: UnsafeBufferPointer(values), binarizeAbove: binarizeAbove)
            }
            row.weights = weights
        }
    }
}
