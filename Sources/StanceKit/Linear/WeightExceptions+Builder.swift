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
        /// Bit `j` (word `j / 64`, bit `j % 64`) set when feature `j` is a full row: its row's
        /// index is then in its one entry, its marker, just before `offsets[j + 1]`, which never
        /// moves. A bit per feature (20 Newsgroups bigrams: 150 KB) where an index per feature
        /// took 4.8 MB of fresh memory.
        private var fullBits: [UInt64]

        /// A builder for weights `W[j, c] = base[c]` but for `exceptionsPerFeature[j]`
        /// exceptions of each feature `j` (a full row, starting as `base`, for a feature with at
        /// least `stride / 2`). The builder takes the array over (it is left empty) and turns it
        /// into its offsets in place: a second array of one value per feature was 4.8 MB of
        /// fresh memory for 20 Newsgroups bigrams, which this machine's kernel clears page by
        /// page on first touch (`clear_page_erms` was 45% of `stance evaluate`'s samples).
        init(base classBase: [Double], exceptionsPerFeature counts: inout [Int32]) {
            featureCount = counts.count
            classCount = classBase.count
            stride = LinearScorer.paddedStride(classes: classCount)
            base = [Float](repeating: 0, count: stride)
            for (c, value) in classBase.enumerated() { base[c] = Float(value) }
            var offsets = counts
            counts = []
            // In place when the counts were allocated with room for it (`exceptionsPerFeature`).
            offsets.append(0)
            var fullBits = [UInt64](repeating: 0, count: (featureCount + 63) / 64)
            var start = 0, rows = 0
            let featureCount = featureCount, classCount = classCount, stride = stride
            offsets.withUnsafeMutableBufferPointer { offsets in
                // offsets[j + 1] = start of feature j, read ahead of being overwritten.
                var next = offsets[0]
                offsets[0] = 0
                for j in 0 ..< featureCount {
                    let n = next
                    next = offsets[j + 1]
                    precondition(n >= 0 && n <= classCount, "feature \(j) has \(n) exceptions for \(classCount) classes")
                    offsets[j + 1] = Int32(truncatingIfNeeded: start)
                    if WeightExceptions.isFull(exceptions: Int(n), stride: stride) {
                        fullBits[j >> 6] |= 1 << UInt64(j & 63)
                        rows += 1
                        start += 1
                    } else {
                        start += Int(n)
                    }
                    precondition(start <= Int(Int32.max), "\(start) exceptions do not fit 32-bit offsets")
                }
            }
            // The arrays of one value per exception are megabytes for a large vocabulary (20
            // Newsgroups with bigrams: 13 MB): huge pages.
            var entries = [Entry].pageBacked(repeating: Entry(classIndex: 0, weight: 0), count: start)
            // A full row's marker is its feature's one entry, in place from the start; rows are
            // numbered by ascending feature.
            var row: Int32 = 0
            for (word, bits) in fullBits.enumerated() {
                var rest = bits
                while rest != 0 {
                    let j = word << 6 | rest.trailingZeroBitCount
                    rest &= rest - 1
                    entries[Int(offsets[j + 1])] = Entry(classIndex: -1 - row, weight: 0)
                    offsets[j + 1] += 1
                    row += 1
                }
            }
            self.offsets = offsets
            self.entries = entries
            self.fullBits = fullBits
            var fullRows = [Float]()
            fullRows.reserveCapacity(rows * stride)
            for _ in 0 ..< rows { fullRows.append(contentsOf: base) }
            self.fullRows = fullRows
        }

        /// `W[j, c] = weight`: one of the exceptions of feature `j` counted at `init` (the
        /// callers append exactly the non-zero counts they counted; `finish` checks the total).
        @inline(__always)
        mutating func append(feature j: Int, class c: Int, weight: Double) {
            let e = Int(offsets[j + 1])
            if fullBits[j >> 6] & (1 << UInt64(j & 63)) != 0 {
                let row = Int(-1 - entries[e - 1].classIndex)
                fullRows[row * stride + c] = Float(weight)
                return
            }
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
