import Synchronization

/// The heap storage of a `Vocabulary`: term bytes back to back, term offsets and hashes, and
/// an open-addressing slot table, all in manually managed buffers so the hot loop reads them
/// through plain pointers (no array bounds or uniqueness checks, no closures). The buffers are
/// `PageMemory`: a large one is mapped with huge pages; the slot table is zero until written.
///
/// A slot is two words: the term's first 8 bytes (zero-padded, little-endian) and
/// `hash >> 40 << 40 | min(length, 255) << 32 | (id + 1)` (0 = empty). A lookup of a term of at
/// most 8 bytes (most words) is decided by the slot alone, one cache line; longer terms compare
/// their remaining bytes in the arena. `Vocabulary` copies the storage before mutating it when
/// it is shared (copy on write), which makes sharing across threads for reading safe.
///
/// Storage built in bulk for a fitted vectorizer can defer its table (`deferIndex`): a model
/// that is trained and saved never looks a term up, and the hashes and slots of a
/// million-term vocabulary cost tens of milliseconds. `ensureIndexed()` builds them on the
/// first lookup, once, under a lock; `Vocabulary`'s public lookups and `DocumentTerms` call it
/// first (the counting loops' own vocabularies are never deferred), and its acquiring load
/// orders the table's reads after the build.
final class VocabularyStorage: @unchecked Sendable {
    var arena: UnsafeMutablePointer<UInt8>
    var arenaCount = 0
    var arenaCapacity: Int
    /// `count + 1` term start offsets.
    var starts: UnsafeMutablePointer<Int>
    var hashes: UnsafeMutablePointer<UInt64>
    var count = 0
    var termCapacity: Int
    /// `2 * (mask + 1)` words: key, meta per slot.
    var slots: UnsafeMutablePointer<UInt64>
    var mask: Int
    /// Whether the hashes and slots are still to be built (`deferIndex`), and the lock their
    /// deferred build holds (`VocabularyStorage+Bulk.swift`).
    let indexPending = Atomic<Bool>(false)
    let indexLock = Mutex<Void>(())

    /// Storage for about `termCapacity` terms; `indexed: false` allocates only a minimal table,
    /// for storage filled by `appendUnindexed` (then `rebuildSlots`, or only read by id).
    init(termCapacity: Int, arenaCapacity: Int, indexed: Bool = true) {
        self.termCapacity = max(16, termCapacity)
        self.arenaCapacity = max(64, arenaCapacity)
        arena = PageMemory.allocate(UInt8.self, count: self.arenaCapacity)
        starts = PageMemory.allocate(Int.self, count: self.termCapacity + 1)
        starts[0] = 0
        hashes = PageMemory.allocate(UInt64.self, count: self.termCapacity)
        var size = 16
        while indexed && Double(size) * VocabularyStorage.maxLoad < Double(self.termCapacity) { size <<= 1 }
        slots = PageMemory.allocateZeroed(UInt64.self, count: 2 * size)
        mask = size - 1
    }

    deinit {
        PageMemory.deallocate(arena, count: arenaCapacity)
        PageMemory.deallocate(starts, count: termCapacity + 1)
        PageMemory.deallocate(hashes, count: termCapacity)
        PageMemory.deallocate(slots, count: 2 * (mask + 1))
    }

    /// A deep copy.
    func copy() -> VocabularyStorage {
        ensureIndexed()
        let other = VocabularyStorage(termCapacity: termCapacity, arenaCapacity: arenaCapacity)
        other.arena.update(from: arena, count: arenaCount)
        other.arenaCount = arenaCount
        other.starts.update(from: starts, count: count + 1)
        other.hashes.update(from: hashes, count: count)
        other.count = count
        PageMemory.deallocate(other.slots, count: 2 * (other.mask + 1))
        other.slots = PageMemory.allocateZeroed(UInt64.self, count: 2 * (mask + 1))
        other.slots.update(from: slots, count: 2 * (mask + 1))
        other.mask = mask
        return other
    }

    /// The largest fraction of slots in use before the table doubles.
    static let maxLoad = 0.7

    /// The slot of `bytes` (whose hash is `hash`), or the empty slot where it would go.
    @inline(__always)
    func find(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Int {
        find(bytes, length, hash: hash, key: VocabularyStorage.key(bytes, length))
    }

    /// `find(bytes, length, hash:)` for bytes followed by at least 8 more readable bytes
    /// (`key(padded:_:)`).
    @inline(__always)
    func find(padded bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Int {
        find(bytes, length, hash: hash, key: VocabularyStorage.key(padded: bytes, length))
    }

    /// The slot of `bytes`, whose hash is `hash` and whose first 8 bytes are `key`.
    @inline(__always)
    private func find(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, key: UInt64) -> Int {
        let wanted = VocabularyStorage.meta(hash: hash, length: length)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let meta = slots[2 * slot + 1]
            if meta == 0 { return slot }
            if meta & 0xFFFF_FFFF_0000_0000 == wanted && slots[2 * slot] == key {
                if length <= 8 { return slot }
                let id = Int(meta & 0xFFFF_FFFF) - 1
                let start = starts[id]
                if starts[id + 1] - start == length && VocabularyStorage.equalPastKey(arena + start, bytes, length) {
                    return slot
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The ids of `count` terms at once, -1 for a term that is absent: term `i` is
    /// `bytes[starts[i] ..< ends[i]]` with hash `hashes[i]`; `pending` has room for `count`.
    ///
    /// A term longer than 8 bytes is confirmed in the arena, a chain of two dependent cache
    /// misses (its offset in `starts`, then its bytes). Done term by term, as `find` does, those
    /// misses queue one after the other; here they run in stages over the whole batch (probe
    /// every slot, prefetching the offsets of the candidates; prefetch their bytes; compare), so
    /// the misses of one stage overlap. The caller prefetches the slots (`prefetch(hash:)`).
    /// A candidate that fails the comparison is looked up again with `find`: the same ids as
    /// `find` gives, term by term. `padded`: every term is followed by at least 8 readable bytes
    /// (`key(padded:_:)`). With `hintAhead`, the slots are hinted here, that many terms ahead
    /// of each probe, instead of by the caller.
    func ids(
        bytes: UnsafePointer<UInt8>, starts termStarts: UnsafePointer<Int>, ends termEnds: UnsafePointer<Int>,
        hashes termHashes: UnsafePointer<UInt64>, count: Int, into ids: UnsafeMutablePointer<Int32>,
        pending: UnsafeMutablePointer<Int32>, padded: Bool, hintAhead: Int = 0
    ) {
        var pendingCount = 0
        for i in 0 ..< min(count, hintAhead) { prefetch(hash: termHashes[i]) }
        for i in 0 ..< count {
            if hintAhead > 0 && i + hintAhead < count { prefetch(hash: termHashes[i + hintAhead]) }
            let term = bytes + termStarts[i], length = termEnds[i] - termStarts[i], hash = termHashes[i]
            let key = padded ? VocabularyStorage.key(padded: term, length) : VocabularyStorage.key(term, length)
            let wanted = VocabularyStorage.meta(hash: hash, length: length)
            var slot = Int(truncatingIfNeeded: hash) & mask
            ids[i] = -1
            while true {
                let meta = slots[2 * slot + 1]
                if meta == 0 { break }
                if meta & 0xFFFF_FFFF_0000_0000 == wanted && slots[2 * slot] == key {
                    let id = Int(meta & 0xFFFF_FFFF) - 1
                    ids[i] = Int32(id)
                    if length > 8 {
                        Prefetch.read(UnsafeRawPointer(starts + id))
                        pending[pendingCount] = Int32(i)
                        pendingCount += 1
                    }
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        for p in 0 ..< pendingCount {
            Prefetch.read(UnsafeRawPointer(arena + starts[Int(ids[Int(pending[p])])] + 8))
        }
        for p in 0 ..< pendingCount {
            let i = Int(pending[p]), id = Int(ids[i])
            let term = bytes + termStarts[i], length = termEnds[i] - termStarts[i]
            let start = starts[id]
            if starts[id + 1] - start == length && VocabularyStorage.equalPastKey(arena + start, term, length) { continue }
            ids[i] = self.id(inSlot: find(term, length, hash: termHashes[i]))
        }
    }

    /// Hints the cache line of the first slot probed for `hash`.
    @inline(__always)
    func prefetch(hash: UInt64) {
        Prefetch.read(UnsafeRawPointer(slots + 2 * (Int(truncatingIfNeeded: hash) & mask)))
    }

    /// The id in `slot`, or -1 when it is empty.
    @inline(__always)
    func id(inSlot slot: Int) -> Int32 {
        Int32(truncatingIfNeeded: slots[2 * slot + 1] & 0xFFFF_FFFF) - 1
    }

    /// Appends a term known to be absent, filling `slot`.
    func append(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, slot: Int) -> Int32 {
        let id = count
        appendUnindexed(bytes, length, hash: hash)
        slots[2 * slot] = VocabularyStorage.key(bytes, length)
        slots[2 * slot + 1] = VocabularyStorage.meta(hash: hash, length: length) | UInt64(id + 1)
        if Double(count) > Double(mask + 1) * VocabularyStorage.maxLoad { growSlots() }
        return Int32(id)
    }

    func growArena(minimum: Int) {
        var capacity = arenaCapacity * 2
        while capacity < minimum { capacity *= 2 }
        let bigger = PageMemory.allocate(UInt8.self, count: capacity)
        bigger.update(from: arena, count: arenaCount)
        PageMemory.deallocate(arena, count: arenaCapacity)
        arena = bigger
        arenaCapacity = capacity
    }

    func growTerms() {
        let capacity = termCapacity * 2
        let newStarts = PageMemory.allocate(Int.self, count: capacity + 1)
        newStarts.update(from: starts, count: count + 1)
        PageMemory.deallocate(starts, count: termCapacity + 1)
        starts = newStarts
        let newHashes = PageMemory.allocate(UInt64.self, count: capacity)
        newHashes.update(from: hashes, count: count)
        PageMemory.deallocate(hashes, count: termCapacity)
        hashes = newHashes
        termCapacity = capacity
    }

    private func growSlots() {
        rebuildSlots(size: (mask + 1) * 2)
    }

    /// Appends a term known to be absent without indexing it; `rebuildSlots` must follow before
    /// any lookup. Bulk construction (`Vocabulary.selecting`, `PartitionCounter.terms`) uses it to fill the
    /// table once, with no probing for duplicates.
    func appendUnindexed(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) {
        if arenaCount + length > arenaCapacity { growArena(minimum: arenaCount + length) }
        if count == termCapacity { growTerms() }
        VocabularyStorage.copy(bytes, to: arena + arenaCount, length)
        arenaCount += length
        hashes[count] = hash
        count += 1
        starts[count] = arenaCount
    }

    /// Rebuilds the slot table for all terms, at least `size` slots (a power of two) and within
    /// `maxLoad`. Terms are placed in id order, so the table equals the one built by inserting
    /// them one by one.
    func rebuildSlots(size minimum: Int? = nil) {
        var size = minimum ?? 16
        while Double(size) * VocabularyStorage.maxLoad < Double(max(count, 1)) { size <<= 1 }
        let table = PageMemory.allocateZeroed(UInt64.self, count: 2 * size)
        let newMask = size - 1
        let lookahead = 16
        for id in 0 ..< count {
            if id + lookahead < count {
                Prefetch.read(UnsafeRawPointer(table + 2 * (Int(truncatingIfNeeded: hashes[id + lookahead]) & newMask)))
            }
            let hash = hashes[id]
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while table[2 * slot + 1] != 0 { slot = (slot + 1) & newMask }
            let start = starts[id], length = starts[id + 1] - start
            table[2 * slot] = VocabularyStorage.key(arena + start, length)
            table[2 * slot + 1] = VocabularyStorage.meta(hash: hash, length: length) | UInt64(id + 1)
        }
        PageMemory.deallocate(slots, count: 2 * (mask + 1))
        slots = table
        mask = newMask
    }
}
