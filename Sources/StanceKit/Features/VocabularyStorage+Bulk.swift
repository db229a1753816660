import Synchronization

/// Building a vocabulary's storage in bulk: terms appended or written in place without probing
/// the table, and the table (with the hashes) built on first use.
extension VocabularyStorage {
    /// Unindexed storage (see `deferIndex`) for `count` terms of `byteCount` bytes in all, which
    /// `fill` writes: their bytes back to back at the address of its first argument, and the
    /// end offset of term `i` at index `i` of its second (the terms' `starts` from 1 on). The
    /// arena has `slack` bytes more, which `fill` may scribble on.
    static func filled(
        count: Int, byteCount: Int, slack: Int = 0, _ fill: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<Int>) -> Void
    ) -> VocabularyStorage {
        let storage = VocabularyStorage(termCapacity: count, arenaCapacity: byteCount + slack, indexed: false)
        fill(storage.arena, storage.starts + 1)
        storage.count = count
        storage.arenaCount = byteCount
        precondition(storage.starts[count] == byteCount, "the terms fill \(storage.starts[count]) of \(byteCount) bytes")
        return storage
    }

    /// Storage holding the terms laid back to back in `arena`, term `i` at
    /// `starts[i] ..< starts[i + 1]` (`starts` ascending, from 0 to `arena.count`), with ids in
    /// that order, indexed (`indexInBulk`); or the index of the first term equal to an earlier
    /// one.
    static func bulk(arena: UnsafeBufferPointer<UInt8>, starts: [Int]) -> (storage: VocabularyStorage, duplicate: Int?) {
        let count = starts.count - 1
        precondition(count >= 0 && starts[0] == 0 && starts[count] == arena.count, "starts do not span the arena")
        let storage = filled(count: count, byteCount: arena.count) { bytes, ends in
            if let base = arena.baseAddress { bytes.update(from: base, count: arena.count) }
            starts.withUnsafeBufferPointer { if let base = $0.baseAddress { ends.update(from: base + 1, count: count) } }
        }
        return (storage, storage.indexInBulk())
    }

    /// Builds the hashes and the table of storage filled in bulk (`filled`), term by term in id
    /// order, each term's first slot prefetched `lookahead` terms ahead so the table's cache
    /// misses overlap: the same table as inserting the terms one by one. Returns the index of
    /// the first term equal to an earlier one (the storage then ends before it), or nil.
    func indexInBulk() -> Int? {
        let bytes = UnsafePointer(arena)
        for id in 0 ..< count {
            hashes[id] = ByteHash.hash(UnsafeBufferPointer(start: bytes + starts[id], count: starts[id + 1] - starts[id]))
        }
        var size = 16
        while Double(size) * VocabularyStorage.maxLoad < Double(max(count, 1)) { size <<= 1 }
        PageMemory.deallocate(slots, count: 2 * (mask + 1))
        slots = PageMemory.allocateZeroed(UInt64.self, count: 2 * size)
        mask = size - 1
        let lookahead = 16, total = count
        for id in 0 ..< total {
            if id + lookahead < total { prefetch(hash: hashes[id + lookahead]) }
            let start = starts[id], length = starts[id + 1] - start
            let hash = hashes[id]
            let slot = find(bytes + start, length, hash: hash)
            if slots[2 * slot + 1] != 0 {
                count = id
                return id
            }
            slots[2 * slot] = VocabularyStorage.key(bytes + start, length)
            slots[2 * slot + 1] = VocabularyStorage.meta(hash: hash, length: length) | UInt64(id + 1)
        }
        return nil
    }

    /// Appends a term of `length` bytes, which `write` writes at the address it is given,
    /// without indexing it or setting its hash: for bulk construction that `deferIndex` follows,
    /// or that is only read by id (`PartitionCounter.terms`).
    @inline(__always)
    func appendUnindexed(length: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void) {
        if arenaCount + length > arenaCapacity { growArena(minimum: arenaCount + length) }
        if count == termCapacity { growTerms() }
        write(arena + arenaCount)
        arenaCount += length
        count += 1
        starts[count] = arenaCount
    }

    /// Marks the hashes and the slot table as not built: storage filled by `appendUnindexed`
    /// (whose hashes need not be set) that `ensureIndexed()` indexes on first use. Call before
    /// the storage is shared.
    func deferIndex() {
        indexPending.store(true, ordering: .releasing)
    }

    /// Builds the deferred hashes and slot table, if any (see `deferIndex`). Cheap when built:
    /// one atomic load.
    @inline(__always)
    func ensureIndexed() {
        if indexPending.load(ordering: .acquiring) { buildDeferredIndex() }
    }

    /// Whether the table is deferred and not yet built (for tests).
    var isIndexDeferred: Bool { indexPending.load(ordering: .acquiring) }

    @inline(never)
    private func buildDeferredIndex() {
        indexLock.withLock { _ in
            guard indexPending.load(ordering: .acquiring) else { return }
            let bytes = UnsafePointer(arena)
            for id in 0 ..< count {
                hashes[id] = ByteHash.hash(UnsafeBufferPointer(start: bytes + starts[id], count: starts[id + 1] - starts[id]))
            }
            rebuildSlots()
            indexPending.store(false, ordering: .releasing)
        }
    }
}
