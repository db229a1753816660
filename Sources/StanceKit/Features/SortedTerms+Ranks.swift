/// Sorted lists built from token ranks (`PartitionCounter.rankedTerms`).
extension SortedTerms {
    /// The list of the terms whose rank keys (`TokenRanks`) are `rankKeys`, ascending, with
    /// each term's list position and document frequency in `statistics` (`position << 32 | df`)
    /// and, when given, the totals by list position (`totalsByPosition`), `byteCount` bytes
    /// spelled out. The terms are not spelled here: the merge spells each kept term once, from
    /// its key, straight into the vocabulary (`spelling`). The rank keys stay the list's keys:
    /// distinct across the partitions and in term order, they decide every comparison of the
    /// merge (`precedes`) without the bytes, where first-8-byte keys tie for every two bigrams
    /// that share their first 8 bytes; and the trainer derives the model's word numbering from
    /// them (`CorpusTrainer.wordIDs`).
    ///
    /// Spelled here, each partition's terms were spelled into a list of their own and then
    /// copied by the merge: two copies of the vocabulary's bytes and offsets at the merge, the
    /// peak of the vocabulary step (20 Newsgroups bigrams, two threads: 113-118 MiB on the ×10
    /// file, traced).
    init(
        rankKeys: consuming [UInt64], statistics: [UInt64], totalsByPosition: [Double]?, ranks: TokenRanks, order: Int,
        byteCount: Int
    ) {
        precondition(rankKeys.count == statistics.count, "\(rankKeys.count) keys, \(statistics.count) terms")
        let n = statistics.count
        self.init()
        keys = rankKeys
        spelling = TermSpelling(ranks: ranks, order: order)
        self.byteCount = byteCount
        positions = [Int32](unsafeUninitializedCapacity: n) { positions, initialized in
            statistics.withUnsafeBufferPointer { statistics in
                for i in 0 ..< n { positions[i] = Int32(truncatingIfNeeded: statistics[i] >> 32) }
            }
            initialized = n
        }
        df = [Int32](unsafeUninitializedCapacity: n) { df, initialized in
            statistics.withUnsafeBufferPointer { statistics in
                for i in 0 ..< n { df[i] = Int32(truncatingIfNeeded: statistics[i]) }
            }
            initialized = n
        }
        guard let totalsByPosition else { return }
        let far = 16
        totals = [Double](unsafeUninitializedCapacity: n) { totals, initialized in
            statistics.withUnsafeBufferPointer { statistics in
                totalsByPosition.withUnsafeBufferPointer { byPosition in
                    guard let base = byPosition.baseAddress else { return }
                    for i in 0 ..< n {
                        // Totals are by position, random here: hinted ahead.
                        if i + far < n { Prefetch.read(UnsafeRawPointer(base + Int(statistics[i + far] >> 32))) }
                        totals[i] = base[Int(statistics[i] >> 32)]
                    }
                }
            }
            initialized = n
        }
    }
}
