import Synchronization

/// A classifier's `LinearScorer`, derived from its counts on first use and kept.
///
/// Training only needs the counts (they are what a model file stores), so a classifier that is
/// trained and saved never builds its `classes x features` weights: for 20 Newsgroups with
/// bigrams that is 125 MB not allocated and about 5% of the training time not spent. The first
/// caller builds the scorer under a lock; later callers get the same value.
final class ScorerCache: Sendable {
    private let state = Mutex<LinearScorer?>(nil)

    /// An empty cache.
    init() {}

    /// The cached scorer, made by `make` if this is the first call.
    func value(_ make: () -> LinearScorer) -> LinearScorer {
        state.withLock { cached in
            if let scorer = cached { return scorer }
            let scorer = make()
            cached = scorer
            return scorer
        }
    }
}
