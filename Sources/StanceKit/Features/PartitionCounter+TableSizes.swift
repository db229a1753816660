import Foundation

extension PartitionCounter {
    /// How many words and word n-grams one partition's tables are made for before they grow.
    ///
    /// Growing a table rebuilds it into fresh memory: on 20 Newsgroups (22 MB, 130,000 words,
    /// 1.07 million bigrams) a lone partition's words' table was rebuilt three times on the way
    /// up from 16,384 words, its grams' table eight times from 4,096 grams. Sized from the corpus's
    /// bytes (`expected(bytes:partitions:longestGram:)`), they are rebuilt at most once or twice
    /// for an estimate that falls short, and not at all for a corpus like the benchmark's.
    struct TableSizes: Sendable, Equatable {
        /// Words the partition's token table holds before it grows.
        var words = 1 << 14
        /// Word n-grams of 2 to 4 tokens the partition's gram table holds before it grows.
        var grams = 1 << 12

        /// The default sizes, for a corpus of unknown size.
        init() {}

        init(words: Int, grams: Int) {
            self.words = words
            self.grams = grams
        }

        /// The most words presized for, over all partitions: 131,072 (20 Newsgroups' 130,152).
        static let wordCeiling = 1 << 17
        /// The most word n-grams presized for, over all partitions: 1,048,576 (20 Newsgroups'
        /// 1.07 million bigrams). A larger corpus's tables grow from there as before, and a
        /// corpus that repeats itself (the 200 MB benchmark file is 20 Newsgroups ten times
        /// over) gets no larger tables than 20 Newsgroups does.
        static let gramCeiling = 1 << 20

        /// The sizes for `bytes` bytes of text over `partitions` partitions, counting word
        /// n-grams of up to `longestGram` words (1: none), by Heaps' law fitted to the
        /// lower-cased words of five benchmark corpora (TREC, SemEval-2016, MR, SUBJ and 20
        /// Newsgroups, 0.3 to 22 MB; the words within 11% of each count, the bigrams within 18%):
        ///
        ///     words ≈ 2.68 B^0.636,    bigrams ≈ 0.612 B^0.854    (B = bytes of text)
        ///
        /// Each n-gram length past 2 adds as many again. Both are capped at `wordCeiling` and
        /// `gramCeiling` in all, shared evenly by the partitions, and never below the defaults.
        static func expected(bytes: Int, partitions: Int, longestGram: Int) -> TableSizes {
            let defaults = TableSizes()
            guard bytes > 0, partitions >= 1 else { return defaults }
            let b = Double(bytes)
            let words = min(Double(wordCeiling), 2.68 * pow(b, 0.636)) / Double(partitions)
            let gramLengths = Double(min(longestGram, PartitionCounter.longestGram) - 1)
            let grams = gramLengths <= 0 ? 0 : min(Double(gramCeiling), gramLengths * 0.612 * pow(b, 0.854)) / Double(partitions)
            return TableSizes(words: max(defaults.words, Int(words)), grams: max(defaults.grams, Int(grams)))
        }
    }
}
