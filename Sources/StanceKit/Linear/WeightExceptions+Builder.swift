extension WeightExceptions {
    /// Builds exceptions to a given base whose number per feature is known beforehand, class
    /// by class: appending classes in ascending order keeps each feature's classes ascending.
    struct Builder {
        let featureCount: Int
        let classCount: Int
        private let stride: Int
        private var base: [Float]
        /// While building, `offsets[j + 1]` is where feature `j`'s next exception goes; once
        /// every exception is in, it is where feature `j + 1`'s start (the usual CSR offsets).
        private var offsets: [Int32]
        private var entries: [Entry]
        private var fullRows: [Float]
        /// Per feature, its row in `fullRows`, or -1 when it is kept as exceptions.
        private var fullRow: [Int32]

        /// A builder for weights `W[j, c] = base[c]` but for `exceptionsPerFeature[j]`
        /// exceptions of each feature `j` (a full row, starting as `base`, for a feature with at
        /// least `stride / 2`).
        init(base classBase: [Double], exceptionsPerFeature counts: [Int32]) {
            featureCount = counts.count
            classCount = classBase.count
            stride = LinearScorer.paddedStride(classes: classCount)
            base = [Float](repeating: 0, count: stride)
            for (c, value) in classBase.enumerated() { base[c] = Float(value) }
            // The arrays of one value per feature or exception are megabytes for a large
            // vocabulary (20 Newsgroups with bigrams: 25 MB, 5,500 page faults of 4 KiB): huge pages.
            var offsets = [Int32].pageBacked(repeating: 0, count: counts.count + 1)
            var fullRow = [Int32].pageBacked(repeating: -1, count: counts.count)
            var start = 0, rows = 0
            for (j, n) in counts.enumerated() {
                precondition(n >= 0 && n <= classCount, "feature \(j) has \(n) exceptions for \(classCount) classes")
                offsets[j + 1] = Int32(start)
                if WeightExceptions.isFull(exceptions: Int(n), stride: stride) {
                    fullRow[j] = Int32(rows)
                    rows += 1
                    start += 1
                } else {
                    start += Int(n)
                }
            }
            precondition(start <= Int(Int32.max), "\(start) exceptions do not fit 32-bit offsets")
            var entries = [Entry].pageBacked(repeating: Entry(classIndex: 0, weight: 0), count: start)
            // A full row's marker is its feature's one entry, in place from the start.
            for (j, row) in fullRow.enumerated() where row >= 0 {
                entries[Int(offsets[j + 1])] = Entry(classIndex: -1 - row, weight: 0)
                offsets[j + 1] += 1
            }
            self.offsets = offsets
            self.entries = entries
            self.fullRow = fullRow
            var fullRows = [Float]()
            fullRows.reserveCapacity(rows * stride)
            for _ in 0 ..< rows { fullRows.append(contentsOf: base) }
            self.fullRows = fullRows
        }

        /// `W[j, c] = weight`: one of the exceptions of feature `j` counted at `init` (the
        /// callers append exactly the non-zero counts they counted; `finish` checks the total).
        mutating func append(feature j: Int, class c: Int, weight: Double) {
            let row = Int(fullRow[j])
            if row >= 0 {
                fullRows[row * stride + c] = Float(weight)
                return
            }
            let e = Int(offsets[j + 1])
            entries[e] = Entry(classIndex: Int32(c), weight: Float(weight))
            offsets[j + 1] += 1
        }

        /// The scorer with bias `bias`, once every counted exception is in.
        func finish(bias: [Double]) -> LinearScorer {
            precondition(bias.count == classCount, "bias \(bias.count) for \(classCount) classes")
            precondition(Int(offsets[featureCount]) == entries.count, "\(offsets[featureCount]) of \(entries.count) exceptions set")
            return LinearScorer(
                featureCount: featureCount, classCount: classCount,
                exceptions: WeightExceptions(base: base, offsets: offsets, entries: entries, fullRows: fullRows), bias: bias)
        }
    }
}
