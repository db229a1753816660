/// A partition's sorted terms from its tokens' ranks, without spelling every term out first.
extension PartitionCounter {
    /// This partition's terms within the document-frequency bounds, sorted, as `SortedTerms`
    /// gives them from `terms(tokenTables:)`, and the list layout (`PartitionTerms` without its
    /// terms) that the row entries map through; `size` is the list's length.
    ///
    /// Each kept token and word n-gram gets an integer key from its tokens' ranks
    /// (`TokenRanks`: integer order is byte order when every token is above 0x20), the keys are
    /// radix-sorted (`RadixSort`), and only then are the kept terms spelled out, in order, one
    /// sequential pass. The byte path (`terms(tokenTables:)`, then `SortedTerms.init`) spells
    /// every term into a list, sorts the list on 8-byte digits of its bytes (a second digit, and
    /// deeper runs, for terms sharing their first 8 bytes), and copies the kept terms again in
    /// sorted order from random places: on 20 Newsgroups bigrams it took twice as long.
    ///
    /// Requires no long or character n-grams (`others` empty), `ranks` built from every
    /// partition's `tokens`, and `ranks.fits(order:)`, with `order` the longest word n-gram.
    /// With `releasingGrams`, the gram table's slots are freed as its grams are read
    /// (`GramTable.forEachGram(releasing:)`), before the keys are sorted and the terms spelled:
    /// the counter is spent after this.
    func rankedTerms(ranks: TokenRanks, order: Int, minDF: Int, maxDocumentCount: Double, keepTotals: Bool,
                     releasingGrams: Bool = false)
        -> (terms: PartitionTerms, sorted: SortedTerms, size: Int)
    {
        precondition(others.count == 0 && ranks.fits(order: order), "ranked terms need word n-grams of at most \(order) tokens")
        var layout = PartitionTerms()
        layout.tokenPositions = [Int32].pageBacked(repeating: -1, count: tokens.count)
        let capacity = ownedTokens + grams.count
        // Per kept term, in the order found: its key, and its list position and df
        // (`position << 32 | df`), sorted along with the key; the totals by list position. The
        // keys and statistics are room for every term, written only as far as terms are kept:
        // their pages are touched as they are written, while the gram table gives its own back
        // (`forEachGram(releasing:)`). Filled with zeros first, they were touched whole before
        // the walk, on top of the tables: the first pass's peak (20 Newsgroups bigrams, two
        // partitions: 12 MiB above the tables').
        var totals = [Double].pageBacked(repeating: 0, count: keepTotals ? capacity : 0)
        var kept = 0, byteCount = 0
        let bits = ranks.bits, partition = partition, tagBits = tagBits
        // Digit k of a key (k = 0 the first token) sits `bits * (order - 1 - k)` up.
        let top = bits * (order - 1)
        var statistics: [UInt64] = []
        var keys = [UInt64](unsafeUninitializedCapacity: capacity) { keys, keysWritten in
            statistics = [UInt64](unsafeUninitializedCapacity: capacity) { statistics, statisticsWritten in
                ranks.byTaggedID.withUnsafeBufferPointer { byTaggedID in
                    totals.withUnsafeMutableBufferPointer { totals in
                        var position: Int32 = 0
                        for id in 0 ..< tokens.count where tokenStates[id].df > 0 {
                            layout.tokenPositions[id] = position
                            let d = tokenStates[id].df
                            if d >= minDF && Double(d) <= maxDocumentCount {
                                let entry = byTaggedID[Int(PartitionCounter.tagged(Int32(id), partition: partition, bits: tagBits))]
                                let rank = Int(entry >> 32)
                                keys[kept] = UInt64(rank + 1) << UInt64(top)
                                statistics[kept] = UInt64(position) << 32 | UInt64(UInt32(d))
                                if keepTotals { totals[Int(position)] = tokenTotals[id] }
                                byteCount += Int(entry & 0xFFFF_FFFF)
                                kept += 1
                            }
                            position += 1
                        }
                        layout.gramBase = Int(position)
                        let gramBase = position
                        grams.forEachGram(releasing: releasingGrams) { id, k0, k1, d in
                            guard d >= minDF && Double(d) <= maxDocumentCount else { return }
                            var key: UInt64 = 0
                            var length = -1
                            for k in 0 ..< 4 {
                                let tagged = GramTable.token(k, k0, k1)
                                if tagged == GramTable.unused { break }
                                let entry = byTaggedID[Int(tagged)]
                                key |= ((entry >> 32) + 1) << UInt64(bits * (order - 1 - k))
                                length += 1 + Int(entry & 0xFFFF_FFFF)
                            }
                            keys[kept] = key
                            statistics[kept] = UInt64(gramBase + Int32(id)) << 32 | UInt64(UInt32(d))
                            if keepTotals { totals[Int(gramBase) + id] = gramTotals[id] }
                            byteCount += length
                            kept += 1
                        }
                    }
                }
                statisticsWritten = kept
            }
            keysWritten = kept
        }
        layout.otherBase = layout.gramBase + grams.count
        if grams.count == 0 {
            // Tokens only: each key is its token's rank + 1, shifted to the first digit.
            RadixSort.place(distinctKeys: &keys, values: &statistics, shift: top, below: ranks.count)
        } else {
            RadixSort.sort(keys: &keys, values: &statistics)
        }
        let sorted = SortedTerms(rankKeys: consume keys, statistics: statistics, totalsByPosition: keepTotals ? totals : nil,
                                 ranks: ranks, order: order, byteCount: byteCount)
        return (layout, sorted, layout.otherBase)
    }
}
