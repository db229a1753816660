/// Sorted lists built from token ranks (`PartitionCounter.rankedTerms`).
extension SortedTerms {
    /// The list of the terms whose rank keys (`TokenRanks`) are `rankKeys`, ascending, with
    /// each term's list position and document frequency in `statistics` (`position << 32 | df`)
    /// and, when given, the totals by list position (`totalsByPosition`). Each term is spelled
    /// from its key, its tokens' bytes (`ranks`) joined by a space, straight into the list's
    /// storage in order (`byteCount` bytes in all). The rank keys stay the list's keys: distinct
    /// across the partitions and in term order, they decide every comparison of the merge
    /// (`precedes`) without the bytes, where first-8-byte keys tie for every two bigrams that
    /// share their first 8 bytes; and the trainer derives the model's word numbering from them
    /// (`CorpusTrainer.wordIDs`).
    init(
        rankKeys: consuming [UInt64], statistics: [UInt64], totalsByPosition: [Double]?, ranks: TokenRanks, order: Int,
        byteCount: Int
    ) {
        precondition(rankKeys.count == statistics.count, "\(rankKeys.count) keys, \(statistics.count) terms")
        let n = statistics.count
        self.init()
        keys = rankKeys
        positions = [Int32].pageBacked(repeating: 0, count: n)
        df = [Int32].pageBacked(repeating: 0, count: n)
        totals = [Double].pageBacked(repeating: 0, count: totalsByPosition == nil ? 0 : n)
        let bits = UInt64(ranks.bits), mask = (UInt64(1) << bits) - 1
        let far = 16, near = 8
        let storage = keys.withUnsafeBufferPointer { rankKeys in
            positions.withUnsafeMutableBufferPointer { positions in
                df.withUnsafeMutableBufferPointer { df in
                    totals.withUnsafeMutableBufferPointer { totals in
                        statistics.withUnsafeBufferPointer { statistics in
                            (totalsByPosition ?? []).withUnsafeBufferPointer { totalsByPosition in
                                ranks.bytes.withUnsafeBufferPointer { tokenBytes in
                                    ranks.starts.withUnsafeBufferPointer { tokenStarts in
                                        VocabularyStorage.filled(count: n, byteCount: byteCount, slack: TokenRanks.padding) { arena, ends in
                                            guard let tokens = tokenBytes.baseAddress, let starts = tokenStarts.baseAddress else { return }
                                            var at = 0
                                            for i in 0 ..< n {
                                                // A term's later tokens are anywhere in the ranks: their offsets
                                                // are hinted `far` terms ahead, their bytes `near` ahead.
                                                if i + far < n {
                                                    let ahead = rankKeys[i + far]
                                                    for k in 1 ..< order {
                                                        let digit = Int((ahead >> (bits * UInt64(order - 1 - k))) & mask)
                                                        if digit > 0 { Prefetch.read(UnsafeRawPointer(starts + digit - 1)) }
                                                    }
                                                }
                                                if i + near < n {
                                                    let ahead = rankKeys[i + near]
                                                    for k in 1 ..< order {
                                                        let digit = Int((ahead >> (bits * UInt64(order - 1 - k))) & mask)
                                                        if digit > 0 { Prefetch.read(UnsafeRawPointer(tokens + Int(starts[digit - 1]))) }
                                                    }
                                                }
                                                let key = rankKeys[i], statistic = statistics[i]
                                                for k in 0 ..< order {
                                                    let digit = Int((key >> (bits * UInt64(order - 1 - k))) & mask)
                                                    if digit == 0 { break }
                                                    if k > 0 {
                                                        arena[at] = 0x20
                                                        at += 1
                                                    }
                                                    let from = Int(tokenStarts[digit - 1]), length = Int(tokenStarts[digit]) - from
                                                    TokenRanks.copy(tokens + from, to: arena + at, length)
                                                    at += length
                                                }
                                                ends[i] = at
                                                let position = Int(statistic >> 32)
                                                positions[i] = Int32(truncatingIfNeeded: position)
                                                df[i] = Int32(truncatingIfNeeded: statistic)
                                                // (An empty array's buffer may have an address.)
                                                guard totals.count > 0, let base = totalsByPosition.baseAddress else { continue }
                                                // Totals are by position, random here: hinted ahead.
                                                if i + far < n { Prefetch.read(UnsafeRawPointer(base + Int(statistics[i + far] >> 32))) }
                                                totals[i] = base[position]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        vocabulary = Vocabulary(storage: storage)
    }
}
