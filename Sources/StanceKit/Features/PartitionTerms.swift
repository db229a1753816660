/// One partition's features as a list of terms, in `PartitionCounter.terms()` order.
struct PartitionTerms: Sendable {
    /// The terms, unindexed and without their hashes (for sorting and copying only; see
    /// `Vocabulary.unindexed`).
    var vocabulary = Vocabulary.unindexed(capacity: 0, arenaCapacity: 0)
    var df: [Int32] = []
    var totals: [Double] = []
    /// Per token id: its position in the list, or -1.
    var tokenPositions: [Int32] = []
    /// Where grams and other features start in the list.
    var gramBase = 0
    var otherBase = 0

    /// Column of each list position after pruning (-1: pruned); set by `CorpusTrainer.prune`.
    var columns: [Int32] = []

    /// The column of row entry `feature` (see `PartitionCounter`), or -1 when pruned or absent.
    @inline(__always)
    func column(of feature: UInt32) -> Int32 {
        let at = position(of: feature)
        return at < 0 ? -1 : columns[at]
    }

    /// The list position of row entry `feature` (see `PartitionCounter`), or -1.
    @inline(__always)
    func position(of feature: UInt32) -> Int {
        let index = Int(feature & PartitionCounter.indexMask)
        switch feature >> 30 {
        case PartitionCounter.tokenKind: return Int(tokenPositions[index])
        case PartitionCounter.gramKind: return gramBase + index
        default: return otherBase + index
        }
    }
}
