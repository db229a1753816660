extension WeightExceptions {
    /// Builds exceptions to a given base whose number per feature is known beforehand, class
    /// by class. A feature's list is written from its end back (see `heads`): appending its
    /// classes in ascending order lists them descending.
    struct Builder {
        let featureCount: Int
        let classCount: Int
        private let stride: Int
        private var base: [Float]
        /// Each feature's head (`Head`), final but for two kinds while building: a feature with
        /// one exception has the tag of one listed exception (-3) until it is appended, and a
        /// feature with two or more has, in `value`, the end of the part of its list not yet
        /// written: its next exception goes just before it, and once all are in, `value` is
        /// where the list starts, with no pass to set it.
        private var heads: [Head]
        private var entries: [Entry]
        private var fullRows: [Float]
        /// The exceptions counted at `init`, and those appended so far.
        private let expected: Int
        private var appended = 0

        /// The tag of a feature with one exception, not yet appended.
        private static let pendingOne = Head.listed(1, at: 0).tag

        /// A builder for weights `W[j, c] = base[c]` but for `exceptionsPerFeature[j]`
        /// exceptions of each feature `j` (a full row, starting as `base`, for a feature with at
        /// least `stride / 2`). The builder takes the array over and frees it (it is left empty)
        /// once the heads are laid out.
        init(base classBase: [Double], exceptionsPerFeature counts: inout [Int32]) {
            featureCount = counts.count
            classCount = classBase.count
            stride = LinearScorer.paddedStride(classes: classCount)
            base = [Float](repeating: 0, count: stride)
            for (c, value) in classBase.enumerated() { base[c] = Float(value) }
            var listed = 0, rows = 0, total = 0
            let classCount = classCount, stride = stride
            // One head per feature (20 Newsgroups with bigrams: 9.6 MB), each written once: huge
            // pages, not filled first.
            heads = counts.withUnsafeBufferPointer { counts in
                [Head](unsafeUninitializedCapacity: counts.count) { heads, initialized in
                    PageMemory.adviseHugePages(UnsafeMutableRawBufferPointer(heads))
                    for j in 0 ..< counts.count {
                        let n = Int(counts[j])
                        precondition(n >= 0 && n <= classCount, "feature \(j) has \(n) exceptions for \(classCount) classes")
                        total += n
                        let head: Head
                        if WeightExceptions.isFull(exceptions: n, stride: stride) {
                            head = Head(tag: Head.full, value: UInt32(truncatingIfNeeded: rows))
                            rows += 1
                        } else if n == 1 {
                            head = Head(tag: Self.pendingOne, value: 0)
                        } else {
                            listed += n
                            precondition(listed <= Int(Int32.max), "\(listed) exceptions do not fit 32-bit starts")
                            head = Head.listed(n, at: listed)  // its end, for now
                        }
                        heads.initializeElement(at: j, to: head)
                    }
                    initialized = counts.count
                }
            }
            counts = []
            expected = total
            // The exceptions of the features with two or more (20 Newsgroups with bigrams: 5.4
            // MB): huge pages.
            entries = [Entry].pageBacked(repeating: Entry(classIndex: 0, weight: 0), count: listed)
            var fullRows = [Float]()
            fullRows.reserveCapacity(rows * stride)
            for _ in 0 ..< rows { fullRows.append(contentsOf: base) }
            self.fullRows = fullRows
        }

        /// `W[j, c] = weight`: one of the exceptions of feature `j` counted at `init` (the
        /// callers append exactly the non-zero counts they counted; `finish` checks the total).
        @inline(__always)
        mutating func append(feature j: Int, class c: Int, weight: Double) {
            let head = heads[j]
            appended += 1
            if head.tag == Head.full {
                fullRows[Int(head.value) * stride + c] = Float(weight)
            } else if head.tag == Self.pendingOne {
                heads[j] = Head(tag: Int32(truncatingIfNeeded: c), value: Float(weight).bitPattern)
            } else {
                precondition(head.tag < Self.pendingOne, "feature \(j): more exceptions than counted")
                entries[Int(head.value) - 1] = Entry(classIndex: Int32(truncatingIfNeeded: c), weight: Float(weight))
                heads[j].value -= 1
            }
        }

        /// The scorer with bias `bias`, once every counted exception is in.
        func finish(bias: [Double]) -> LinearScorer {
            precondition(bias.count == classCount, "bias \(bias.count) for \(classCount) classes")
            precondition(appended == expected, "\(appended) of \(expected) exceptions set")
            return LinearScorer(
                featureCount: featureCount, classCount: classCount,
                exceptions: WeightExceptions(base: base, heads: heads, entries: entries, fullRows: fullRows), bias: bias)
        }
    }
}
