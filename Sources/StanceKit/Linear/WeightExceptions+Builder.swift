extension WeightExceptions {
    /// Builds exceptions whose number per feature is known beforehand, class by class: set each
    /// class's base, then append its exceptions. Appending classes in ascending order keeps
    /// each feature's classes ascending.
    struct Builder {
        let featureCount: Int
        let classCount: Int
        private var base: [Float]
        /// While building, `offsets[j + 1]` is where feature `j`'s next exception goes; once
        /// every exception is in, it is where feature `j + 1`'s start (the usual CSR offsets).
        private var offsets: [Int32]
        private var entries: [Entry]

        /// A builder with room for `exceptionsPerFeature[j]` exceptions of each feature `j`,
        /// and a zero base.
        init(classCount: Int, exceptionsPerFeature counts: [Int32]) {
            featureCount = counts.count
            self.classCount = classCount
            base = [Float](repeating: 0, count: LinearScorer.paddedStride(classes: classCount))
            var offsets = [Int32](repeating: 0, count: counts.count + 1)
            var start = 0
            for (j, n) in counts.enumerated() {
                precondition(n >= 0 && n <= classCount, "feature \(j) has \(n) exceptions for \(classCount) classes")
                offsets[j + 1] = Int32(start)
                start += Int(n)
            }
            precondition(start <= Int(Int32.max), "\(start) exceptions do not fit 32-bit offsets")
            self.offsets = offsets
            entries = [Entry](repeating: Entry(classIndex: 0, weight: 0), count: start)
        }

        /// `W[j, c] = weight` for every feature `j` without an exception of class `c`.
        mutating func setBase(class c: Int, weight: Double) {
            precondition(c >= 0 && c < classCount, "class \(c) of \(classCount)")
            base[c] = Float(weight)
        }

        /// `W[j, c] = weight`: one of the exceptions of feature `j` counted at `init` (the
        /// callers append exactly the non-zero counts they counted; `finish` checks the total).
        mutating func append(feature j: Int, class c: Int, weight: Double) {
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
                exceptions: WeightExceptions(base: base, offsets: offsets, entries: entries), bias: bias)
        }
    }
}
