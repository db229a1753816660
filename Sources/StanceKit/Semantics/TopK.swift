/// Partial selection of the `k` best entries of a row.
///
/// A binary min-heap holds the `k` best seen so far, its root the worst of them; each further
/// entry is compared with the root and, when it ranks before it, replaces it and sifts down.
/// `O(n log k)` time and `O(k)` space for a row of `n`, against `O(n log n)` for a full sort.
/// Ranking is by score, then by lower index (`ScoredIndex.ranksBefore`), so ties are
/// deterministic and equal to a stable full sort's.
enum TopK {
    /// The `k` best entries of `row`, best first. NaN scores are never selected.
    static func select(_ row: UnsafeBufferPointer<Float>, count k: Int) -> [ScoredIndex] {
        let k = min(k, row.count)
        guard k > 0 else { return [] }
        var heap: [ScoredIndex] = []
        heap.reserveCapacity(k)
        for (index, score) in row.enumerated() where !score.isNaN {
            let candidate = ScoredIndex(index: index, score: score)
            if heap.count < k {
                heap.append(candidate)
                siftUp(&heap, from: heap.count - 1)
            } else if ScoredIndex.ranksBefore(candidate, heap[0]) {
                heap[0] = candidate
                siftDown(&heap, from: 0)
            }
        }
        return heap.sorted(by: ScoredIndex.ranksBefore)
    }

    /// Restores the heap order (the root ranks last) upwards from `index`.
    private static func siftUp(_ heap: inout [ScoredIndex], from index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard ScoredIndex.ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    /// Restores the heap order downwards from `index`.
    private static func siftDown(_ heap: inout [ScoredIndex], from index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count && ScoredIndex.ranksBefore(heap[worst], heap[left]) { worst = left }
            if right < heap.count && ScoredIndex.ranksBefore(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
