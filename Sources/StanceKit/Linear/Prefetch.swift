import COpenBLAS

/// Cache prefetch hints. The vocabulary's hash table outgrows the caches once n-grams are
/// counted, and each probe is then a cache miss; hinting the slots of a document's features
/// before probing them lets those misses overlap instead of queueing one by one.
enum Prefetch {
    /// Hints that `address` will be read soon. It never faults, whatever the address.
    @inline(__always)
    static func read(_ address: UnsafeRawPointer) {
        stance_prefetch(address)
    }
}
