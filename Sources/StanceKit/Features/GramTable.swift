/// Word n-grams of 2 to 4 tokens, keyed by their tokens' ids, mapped to dense ids, with each
/// gram's first-pass counting state kept in its own slot.
///
/// A slot is 32 bytes, two to a cache line: the key (up to four 32-bit token ids, unused ones
/// all ones), the gram's id + 1 (0 = empty), and the state `PartitionCounter` updates: the last
/// document that used the gram, where that document's entry is, and the gram's document
/// frequency. Probing compares two integers and the update touches the same line, so a gram
/// costs one cache miss; a byte-keyed table needs a second miss into its byte arena to confirm
/// a match for a term longer than its inline prefix, and a third for the state, which is what
/// the profile of bigram counting showed (about 40% of its samples). The gram's bytes are only
/// made once, at the end, from the tokens' bytes (`PartitionCounter.terms`).
///
/// The slots are `PageMemory` (an empty slot is all zero bits). Owned by one `PartitionCounter`
/// and used by one thread at a time.
final class GramTable: @unchecked Sendable {
    struct Slot {
        var k0: UInt64
        var k1: UInt64
        var id: UInt32
        var state: TermState
    }

    /// All ones: an unused token position in a key.
    static let unused: UInt32 = .max

    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int

    /// The number of grams.
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        var size = 16
        while Double(size) * GramTable.maxLoad < Double(capacity) { size <<= 1 }
        slots = PageMemory.allocateZeroed(Slot.self, count: size)
        mask = size - 1
    }

    deinit { PageMemory.deallocate(slots, count: mask + 1) }

    /// The largest fraction of slots in use before the table doubles.
    static let maxLoad = 0.7

    /// The key of tokens `ids[0 ..< n]`, n in 2...4.
    @inline(__always)
    static func key(_ ids: UnsafePointer<UInt32>, _ n: Int) -> (UInt64, UInt64) {
        let k0 = UInt64(ids[0]) << 32 | UInt64(ids[1])
        let t3 = n > 2 ? ids[2] : unused, t4 = n > 3 ? ids[3] : unused
        return (k0, UInt64(t3) << 32 | UInt64(t4))
    }

    /// Token `k` (0 ..< 4) of the key `k0`, `k1` (see `key`): its tagged id, or `unused`.
    @inline(__always)
    static func token(_ k: Int, _ k0: UInt64, _ k1: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (k < 2 ? k0 : k1) >> (k % 2 == 0 ? 32 : 0))
    }

    /// The hash of a key (MurmurHash3's finaliser over a multiply-rotate mix of both words).
    @inline(__always)
    static func hash(_ k0: UInt64, _ k1: UInt64) -> UInt64 {
        ByteHash.fmix((k0 &* ByteHash.m1) ^ (k1 &* ByteHash.m2).rotateLeft(29))
    }

    /// The first slot `hash` probes: the first of its cache line's two (a mapped table is
    /// page-aligned), so the line the hint brought in is searched whole before the probe moves
    /// on. Probes that went on to the next line, unhinted, were the largest item of bigram
    /// counting (29% of `count`'s samples on the load after a first mismatch).
    @inline(__always)
    static func start(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask & ~1 }

    /// Hints the first two cache lines `hash` probes (see `start`). Measured on 20 Newsgroups
    /// bigrams, alternating runs: one thread's read-and-count step 337 -> 329 ms with the line
    /// start, -> 317 ms with the second line hinted too (10 runs each); two threads, user time
    /// 0.520 -> 0.485 s (12 runs). The model file is the same.
    @inline(__always)
    func prefetch(hash: UInt64) {
        let index = GramTable.start(hash, mask)
        Prefetch.read(UnsafeRawPointer(slots + index))
        Prefetch.read(UnsafeRawPointer(slots + ((index + 2) & mask)))
    }

    /// The slot holding the key, inserting it (with a fresh state) when absent; nil when absent
    /// and `insert` is false.
    @inline(__always)
    func slot(_ k0: UInt64, _ k1: UInt64, hash: UInt64, insert: Bool) -> UnsafeMutablePointer<Slot>? {
        var index = GramTable.start(hash, mask)
        while true {
            let slot = slots + index
            if slot.pointee.id == 0 { break }
            if slot.pointee.k0 == k0 && slot.pointee.k1 == k1 { return slot }
            index = (index + 1) & mask
        }
        guard insert else { return nil }
        if Double(count + 1) > Double(mask + 1) * GramTable.maxLoad {
            grow()
            index = GramTable.start(hash, mask)
            while slots[index].id != 0 { index = (index + 1) & mask }
        }
        count += 1
        slots[index] = Slot(k0: k0, k1: k1, id: UInt32(count), state: TermState(lastDocument: -1, position: 0, df: 0))
        return slots + index
    }

    /// Every gram's key (`k0`, `k1`) and document frequency, by id: one pass over the slots.
    /// (The keys are not also kept in a list by id while counting: that list grew by copying
    /// into fresh memory, about 10,000 page faults for 20 Newsgroups' bigrams.)
    func byID() -> (keys: [(UInt64, UInt64)], df: [Int32]) {
        var keys = [(UInt64, UInt64)](repeating: (0, 0), count: count)
        var df = [Int32](repeating: 0, count: count)
        for index in 0 ... mask where slots[index].id != 0 {
            let slot = slots[index], id = Int(slot.id) - 1
            keys[id] = (slot.k0, slot.k1)
            df[id] = slot.state.df
        }
        return (keys, df)
    }

    /// Calls `body` with every gram's id, key (`k0`, `k1`) and document frequency, in slot
    /// order: one sequential pass over the slots.
    ///
    /// `releasing`: the slots are freed at the end (`releaseSlots`), and each read stretch of
    /// them is given back to the system as the walk leaves it (`PageMemory.discard`, a mapped
    /// table's whole pages), so the caller's output grows while the table shrinks instead of on
    /// top of it. Training's vocabulary step writes each kept gram's sort key and statistics (16
    /// bytes) as it reads the table (32 bytes a slot): with the table held to the end, that was
    /// the first pass's peak, 12 MiB above the tables' own on 20 Newsgroups bigrams.
    @inline(__always)
    func forEachGram(releasing: Bool = false, _ body: (_ id: Int, _ k0: UInt64, _ k1: UInt64, _ df: Int32) -> Void) {
        let size = mask + 1
        let stretch = max(1, PageMemory.hugePage / MemoryLayout<Slot>.stride)
        var start = 0
        while start < size {
            let end = min(size, start + stretch)
            for index in start ..< end where slots[index].id != 0 {
                let slot = slots[index]
                body(Int(slot.id) - 1, slot.k0, slot.k1, slot.state.df)
            }
            if releasing { PageMemory.discard(slots, count: size, range: start ..< end) }
            start = end
        }
        if releasing { releaseSlots() }
    }

    /// Frees the slots, for a table whose grams have been read out for the last time (training's
    /// vocabulary step): only `count` stays valid. The slots are the largest memory of the first
    /// pass (20 Newsgroups bigrams: 32 MiB per partition), and they were held until every
    /// partition's sorted list was built, which is when that step allocates the most.
    func releaseSlots() {
        PageMemory.deallocate(slots, count: mask + 1)
        slots = PageMemory.allocateZeroed(Slot.self, count: 1)
        mask = 0
    }

    private func grow() {
        let size = (mask + 1) * 2
        let table = PageMemory.allocateZeroed(Slot.self, count: size)
        let newMask = size - 1
        for index in 0 ... mask where slots[index].id != 0 {
            let slot = slots[index]
            var target = GramTable.start(GramTable.hash(slot.k0, slot.k1), newMask)
            while table[target].id != 0 { target = (target + 1) & newMask }
            table[target] = slot
        }
        PageMemory.deallocate(slots, count: mask + 1)
        slots = table
        mask = newMask
    }
}
