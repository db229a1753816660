/// A map from terms (UTF-8 byte strings) to dense ids `0..<count`, by open addressing.
///
/// Terms live back to back in one byte arena; the table probes linearly and holds each term's
/// first 8 bytes and 24 bits of its hash, so short terms are found without touching the arena. No `String` is created per lookup, which is what keeps
/// the vectorizer's hot loop fast. A value type with copy-on-write storage (`VocabularyStorage`).
public struct Vocabulary: Sendable, Equatable {
    var storage: VocabularyStorage

    /// An empty vocabulary with room for about `capacity` terms before it grows.
    public init(capacity: Int = 1024) {
        storage = VocabularyStorage(termCapacity: capacity, arenaCapacity: capacity * 8)
    }

    /// A vocabulary holding `terms` with ids in their order (a repeated term keeps its first id).
    public init<S: Sequence>(terms: S) where S.Element: StringProtocol {
        self.init()
        for term in terms {
            var copy = String(term)
            copy.withUTF8 { _ = insert($0) }
        }
    }

    public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
        guard lhs.count == rhs.count, lhs.storage.arenaCount == rhs.storage.arenaCount else { return false }
        for id in 0 ... lhs.count where lhs.storage.starts[id] != rhs.storage.starts[id] { return false }
        return VocabularyStorage.equal(lhs.storage.arena, rhs.storage.arena, lhs.storage.arenaCount)
    }

    /// The number of terms.
    public var count: Int { storage.count }

    /// The byte length of term `id`.
    public func termLength(_ id: Int) -> Int {
        precondition(id >= 0 && id < count, "term id \(id) out of 0..<\(count)")
        return storage.starts[id + 1] - storage.starts[id]
    }

    /// Calls `body` with the bytes of term `id`.
    public func withTermBytes<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(id >= 0 && id < count, "term id \(id) out of 0..<\(count)")
        let start = storage.starts[id]
        return try body(UnsafeBufferPointer(start: storage.arena + start, count: storage.starts[id + 1] - start))
    }

    /// The term with id `id`, as a string.
    public func term(_ id: Int) -> String {
        withTermBytes(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// All terms, by id.
    public var terms: [String] { (0 ..< count).map(term) }

    /// All terms' bytes back to back, by id (for writing a model file).
    public var arenaBytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.arena, count: storage.arenaCount)) }

    /// The id of `bytes`, or nil when absent.
    public func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        storage.ensureIndexed()
        let id = id(of: bytes, hash: ByteHash.hash(bytes))
        return id < 0 ? nil : id
    }

    /// The id of `bytes` whose `ByteHash` is `hash`, or -1 when absent.
    ///
    /// This and the other `hash:` entry points are the counting loops' (`PartitionCounter`'s
    /// own vocabularies, always indexed; `DocumentTerms` after `ensureIndexed()`): they do not
    /// check for a deferred table themselves, which cost 2-4% of the counting pass. The public
    /// entry points check.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        guard let base = bytes.baseAddress ?? Vocabulary.emptyAddress else { return -1 }
        assert(!storage.isIndexDeferred, "lookup in a vocabulary whose table is deferred")
        return storage.id(inSlot: storage.find(base, bytes.count, hash: hash))
    }

    /// The id of `bytes` whose `ByteHash` is `hash`, inserting it when absent.
    @inline(__always)
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        guard let base = bytes.baseAddress ?? Vocabulary.emptyAddress else { return -1 }
        assert(!storage.isIndexDeferred, "insertion into a vocabulary whose table is deferred")
        return insert(base, bytes.count, hash: hash, slot: storage.find(base, bytes.count, hash: hash))
    }

    /// `id(of:hash:)` for bytes followed by at least 8 more readable bytes (a `TokenSlice`'s).
    @inline(__always)
    func id(padded bytes: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Int32 {
        assert(!storage.isIndexDeferred, "lookup in a vocabulary whose table is deferred")
        return storage.id(inSlot: storage.find(padded: bytes, count, hash: hash))
    }

    /// `insert(_:hash:)` for bytes followed by at least 8 more readable bytes (a `TokenSlice`'s).
    @inline(__always)
    mutating func insert(padded bytes: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Int32 {
        assert(!storage.isIndexDeferred, "insertion into a vocabulary whose table is deferred")
        return insert(bytes, count, hash: hash, slot: storage.find(padded: bytes, count, hash: hash))
    }

    /// The id in `slot` (found for the `count` bytes at `bytes`), or the bytes inserted there
    /// with the next id when it is empty (the storage copied first when shared).
    @inline(__always)
    private mutating func insert(_ bytes: UnsafePointer<UInt8>, _ count: Int, hash: UInt64, slot: Int) -> Int32 {
        let existing = storage.id(inSlot: slot)
        if existing >= 0 { return existing }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.append(bytes, count, hash: hash, slot: slot)
    }

    /// Hints the table slot `hash` will probe (see `Prefetch`).
    @inline(__always)
    func prefetch(hash: UInt64) {
        assert(!storage.isIndexDeferred, "prefetch in a vocabulary whose table is deferred")
        storage.prefetch(hash: hash)
    }

    /// The stored hash of term `id`.
    func hash(ofTerm id: Int) -> UInt64 {
        storage.ensureIndexed()
        return storage.hashes[id]
    }

    /// The id of `term`, or nil when absent.
    public func id(of term: String) -> Int32? {
        var copy = term
        return copy.withUTF8 { id(of: $0) }
    }

    /// The id of `bytes`, inserting it with the next id when absent.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        storage.ensureIndexed()
        return insert(bytes, hash: ByteHash.hash(bytes))
    }

    /// A valid address for empty byte strings (whose buffers may have no base address).
    nonisolated(unsafe) static let emptyAddress: UnsafePointer<UInt8>? = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    /// A new vocabulary holding the terms `ids` (distinct), renumbered `0..<ids.count` in that
    /// order. Built in bulk: the bytes are copied; the hashes and the table are built on the
    /// first lookup (`VocabularyStorage.deferIndex`).
    public func selecting(_ ids: [Int32]) -> Vocabulary {
        var bytes = 0
        for id in ids { bytes += storage.starts[Int(id) + 1] - storage.starts[Int(id)] }
        let result = Vocabulary.unindexed(capacity: ids.count, arenaCapacity: bytes)
        for id in ids {
            let start = storage.starts[Int(id)]
            result.storage.appendUnindexed(storage.arena + start, storage.starts[Int(id) + 1] - start, hash: 0)
        }
        result.storage.deferIndex()
        return result
    }

    /// An empty vocabulary to fill with `storage.appendUnindexed`, without a lookup table: its
    /// terms can be read by id, sorted and selected, but `id(of:)` does not find them.
    static func unindexed(capacity: Int, arenaCapacity: Int) -> Vocabulary {
        Vocabulary(storage: VocabularyStorage(termCapacity: capacity, arenaCapacity: arenaCapacity, indexed: false))
    }

    /// A vocabulary over `storage`.
    init(storage: VocabularyStorage) {
        self.storage = storage
    }

    /// An empty vocabulary with room for `capacity` terms of `arenaCapacity` bytes in all.
    init(capacity: Int, arenaCapacity: Int) {
        storage = VocabularyStorage(termCapacity: capacity, arenaCapacity: arenaCapacity)
    }
}
