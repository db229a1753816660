extension CorpusTrainer {
    /// Where a streamed training run is, as `train(_:progress:)` reports it: the step it is in
    /// and the bytes of text that step has done.
    ///
    /// The calls, in order: `(.counting, b)` after each chunk of the first pass, `b` the bytes
    /// read so far; `(.vocabulary, 0)` once, when the first pass is done and the vocabulary step
    /// begins (it frees the first pass's tables as it builds its own); `(.weighing, 0)` once, as
    /// the second pass begins; `(.weighing, b)` after each of its chunks. The last `b` of each
    /// pass is the text's bytes (`Summary.bytes`).
    public struct Progress: Sendable, Equatable {
        /// The steps of a streamed training run, in order.
        public enum Step: Sendable, Equatable {
            /// The first pass: reading and counting.
            case counting
            /// Between the passes: the vocabulary, sorted, pruned and given its idf.
            case vocabulary
            /// The second pass: the spilled rows weighed into the class counts.
            case weighing
        }

        /// The step.
        public var step: Step
        /// The bytes of text the step has done: the pass's bytes so far, 0 for the vocabulary.
        public var bytes: Int

        /// `step` with `bytes` done.
        public init(_ step: Step, bytes: Int) {
            self.step = step
            self.bytes = bytes
        }
    }
}
