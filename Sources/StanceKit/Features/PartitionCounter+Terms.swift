/// A partition's features spelled out as a list of terms, for the vocabulary step.
extension PartitionCounter {
    /// This partition's features spelled out, with their statistics, and where each kind's
    /// entries are in that list: a token's at `tokenPositions[id]` (-1 for a token that is not a
    /// feature here), a gram's at `gramBase + id`, another feature's at `otherBase + id`.
    /// `tokenTables` are every partition's `tokens`, by partition, to spell out the grams.
    func terms(tokenTables: [Vocabulary]) -> PartitionTerms {
        var result = PartitionTerms()
        result.vocabulary = Vocabulary.unindexed(
            capacity: featureCount, arenaCapacity: tokens.storage.arenaCount + others.storage.arenaCount + 16 * grams.count)
        let storage = result.vocabulary.storage
        var df: [Int32] = [], totals: [Double] = []
        df.reserveCapacity(featureCount)
        totals.reserveCapacity(featureCount)
        // No hashes: the list is only sorted and copied (`SortedTerms`), never indexed. The
        // tokens' bytes are read through plain pointers (no per-term closure or check).
        let tokenStorage = tokens.storage
        let tokenArena = UnsafePointer(tokenStorage.arena), tokenStarts = UnsafePointer(tokenStorage.starts)
        let arenas = tokenTables.map { UnsafePointer($0.storage.arena) }, starts = tokenTables.map { UnsafePointer($0.storage.starts) }
        let ownerMask = UInt32((1 << tagBits) - 1), bits = UInt32(tagBits)
        withExtendedLifetime((tokenStorage, tokenTables)) {
            // Tokens: position per token id (-1 when not a feature here).
            result.tokenPositions = [Int32].pageBacked(repeating: -1, count: tokens.count)
            for id in 0 ..< tokens.count where tokenStates[id].df > 0 {
                result.tokenPositions[id] = Int32(df.count)
                storage.appendUnindexed(tokenArena + tokenStarts[id], tokenStarts[id + 1] - tokenStarts[id], hash: 0)
                df.append(tokenStates[id].df)
                totals.append(keepTotals ? tokenTotals[id] : 0)
            }
            result.gramBase = df.count
            // Grams: their tokens' bytes (from the owning partitions' tables) joined by spaces,
            // written in place.
            let (gramKeys, gramDF) = grams.byID()
            for (id, key) in gramKeys.enumerated() {
                let n = key.1 >> 32 == UInt64(GramTable.unused) ? 2 : key.1 & 0xFFFF_FFFF == UInt64(GramTable.unused) ? 3 : 4
                // Token k of the gram (k < n): its owner's table and its id there.
                func token(_ k: Int) -> (owner: Int, id: Int) {
                    let tagged = GramTable.token(k, key.0, key.1)
                    return (Int(tagged & ownerMask), Int(tagged >> bits))
                }
                var length = n - 1
                for k in 0 ..< n {
                    let (owner, local) = token(k)
                    length += starts[owner][local + 1] - starts[owner][local]
                }
                storage.appendUnindexed(length: length) { out in
                    var at = 0
                    for k in 0 ..< n {
                        if k > 0 {
                            out[at] = 0x20
                            at += 1
                        }
                        let (owner, local) = token(k)
                        let start = starts[owner][local], tokenLength = starts[owner][local + 1] - start
                        VocabularyStorage.copy(arenas[owner] + start, to: out + at, tokenLength)
                        at += tokenLength
                    }
                }
                df.append(gramDF[id])
                totals.append(keepTotals ? gramTotals[id] : 0)
            }
        }
        result.otherBase = df.count
        for id in 0 ..< others.count {
            others.withTermBytes(id) { bytes in
                guard let base = bytes.baseAddress ?? Vocabulary.emptyAddress else { return }
                storage.appendUnindexed(base, bytes.count, hash: 0)
            }
            df.append(otherStates[id].df)
            totals.append(keepTotals ? otherTotals[id] : 0)
        }
        result.df = df
        result.totals = totals
        return result
    }
}
