/// Sorted lists built from token ranks (`PartitionCounter.rankedTerms`).
extension SortedTerms {
    /// The list of the terms whose rank keys (`TokenRanks`) are `rankKeys`, ascending. Term `i`
    /// was found `found[i]`-th: its list position and document frequency are
    /// `statistics[found[i]]` (`position << 32 | df`), its total `totals[found[i]]`. Each term
    /// is spelled from its key, its tokens' bytes (`ranks`) joined by a space, straight into the
    /// list's storage in order (`byteCount` bytes in all); its merge key is then its first 8
    /// bytes, as for a list sorted on its bytes.
    ///
    /// The found order is the counting tables' order, random against the sorted one, so each
    /// term's statistics are prefetched 16 terms ahead (one word for both, so one miss).
    init(rankKeys: [UInt64], found: [Int32], statistics: [UInt64], totals: [Double]?, ranks: TokenRanks, order: Int, byteCount: Int) {
        precondition(rankKeys.count == found.count, "\(rankKeys.count) keys, \(found.count) terms")
        let n = found.count
        self.init()
        keys = [UInt64].pageBacked(repeating: 0, count: n)
        positions = [Int32].pageBacked(repeating: 0, count: n)
        df = [Int32].pageBacked(repeating: 0, count: n)
        self.totals = [Double].pageBacked(repeating: 0, count: totals == nil ? 0 : n)
        let bits = UInt64(ranks.bits), mask = (UInt64(1) << bits) - 1
        let far = 16
        let storage = keys.withUnsafeMutableBufferPointer { keys in
            positions.withUnsafeMutableBufferPointer { positions in
                df.withUnsafeMutableBufferPointer { df in
                    self.totals.withUnsafeMutableBufferPointer { outTotals in
                        statistics.withUnsafeBufferPointer { statistics in
                            (totals ?? []).withUnsafeBufferPointer { totals in
                                ranks.bytes.withUnsafeBufferPointer { tokenBytes in
                                    ranks.starts.withUnsafeBufferPointer { tokenStarts in
                                        VocabularyStorage.filled(count: n, byteCount: byteCount) { arena, ends in
                                            guard let tokens = tokenBytes.baseAddress ?? Vocabulary.emptyAddress,
                                                  let statisticsBase = statistics.baseAddress else { return }
                                            var at = 0
                                            for i in 0 ..< n {
                                                if i + far < n {
                                                    let ahead = Int(found[i + far])
                                                    Prefetch.read(UnsafeRawPointer(statisticsBase + ahead))
                                                    if let base = totals.baseAddress { Prefetch.read(UnsafeRawPointer(base + ahead)) }
                                                }
                                                let start = at, key = rankKeys[i]
                                                for k in 0 ..< order {
                                                    let digit = Int((key >> (bits * UInt64(order - 1 - k))) & mask)
                                                    if digit == 0 { break }
                                                    if k > 0 {
                                                        arena[at] = 0x20
                                                        at += 1
                                                    }
                                                    let from = Int(tokenStarts[digit - 1]), length = Int(tokenStarts[digit]) - from
                                                    VocabularyStorage.copy(tokens + from, to: arena + at, length)
                                                    at += length
                                                }
                                                ends[i] = at
                                                keys[i] = SortedTerms.key(arena + start, at - start)
                                                let f = Int(found[i]), statistic = statistics[f]
                                                positions[i] = Int32(truncatingIfNeeded: statistic >> 32)
                                                df[i] = Int32(truncatingIfNeeded: statistic)
                                                if outTotals.count > 0 { outTotals[i] = totals[f] }
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
