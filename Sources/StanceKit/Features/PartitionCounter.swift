/// Training's first pass over one hash partition of the features: a growing vocabulary with
/// each term's document frequency (and total count when `maxFeatures` needs it), plus the rows
/// of the current chunk as (term id, count) pairs, which `TermSpill` keeps for the second pass.
///
/// With `P` partitions, feature `f` belongs to partition `(hash(f) >> 32) mod P`. Every
/// partition tokenizes the whole chunk (cheap: hundreds of MB/s) but probes only its own
/// features, so `P` threads share the probing, whose cache misses dominate, without a merge:
/// the partitions' vocabularies are disjoint, and each partition sees its features in corpus
/// order, so the result does not depend on timing. With one partition this is plain counting
/// into one vocabulary.
struct PartitionCounter: Sendable {
    /// Which partition this is, of how many.
    let partition: Int
    let partitions: Int
    /// Terms of this partition, by first appearance.
    private(set) var vocabulary = Vocabulary(capacity: 1 << 16)
    /// Per id: documents holding it.
    var df: [Int32] { states.map(\.df) }
    /// Per id: occurrences (only when `keepTotals`).
    private(set) var totals: [Double] = []
    let keepTotals: Bool
    /// Per id, in one 16-byte record so a term costs one cache line: the last document (global
    /// index) that used it, where in `ids` that document's entry is, and its document frequency.
    private var states: [TermState] = []

    /// The current chunk's rows: `rowOffsets[d] ..< rowOffsets[d + 1]` index `ids` and `counts`.
    private(set) var rowOffsets: [UInt32] = [0]
    private(set) var ids: [UInt32] = []
    private(set) var counts: [UInt32] = []
    /// The vocabulary size after each document of the chunk (to find the document at which the
    /// partitions together pass `maxVocabulary`).
    private(set) var sizes: [Int32] = []
    /// Whether this partition alone reached `maxVocabulary` and stopped counting.
    private(set) var full = false

    init(partition: Int, of partitions: Int, keepTotals: Bool) {
        precondition(partitions >= 1 && partition >= 0 && partition < partitions, "partition \(partition) of \(partitions)")
        self.partition = partition
        self.partitions = partitions
        self.keepTotals = keepTotals
    }

    /// The partition of a feature with hash `hash`.
    @inline(__always)
    static func partition(of hash: UInt64, among partitions: Int) -> Int {
        partitions == 1 ? 0 : Int(truncatingIfNeeded: (hash >> 32) & 0xFFFF) % partitions
    }

    /// Counts the documents of `texts`, the first of which is document `firstDocument` of the
    /// corpus, replacing the previous chunk's rows. Stops at the first document where the
    /// vocabulary would pass `maxVocabulary` (`full`).
    mutating func count(_ texts: TextBatch, firstDocument: Int, analyzer: Analyzer, maxVocabulary: Int) {
        rowOffsets.removeAll(keepingCapacity: true)
        rowOffsets.append(0)
        ids.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        sizes.removeAll(keepingCapacity: true)
        guard !full else { return }
        var scratch = AnalyzerScratch()
        var features: [(start: Int, end: Int, hash: UInt64)] = []
        let range = analyzer.options.wordNGrams
        let characterRange = analyzer.options.characterNGrams
        let partitions = partitions, partition = partition
        for document in 0 ..< texts.count {
            let stamp = firstDocument + document
            texts.withDocument(document) { bytes in
                analyzer.tokenizer.tokenize(bytes, into: &scratch.tokens)
                let count = scratch.tokens.count
                features.removeAll(keepingCapacity: true)
                scratch.tokens.bytes.withUnsafeBufferPointer { tokenBytes in
                    scratch.tokens.starts.withUnsafeBufferPointer { starts in
                        scratch.tokens.ends.withUnsafeBufferPointer { ends in
                            for n in range where n <= count {
                                for i in 0 ... (count - n) {
                                    let start = starts[i], end = ends[i + n - 1]
                                    let hash = ByteHash.hash(UnsafeBufferPointer(rebasing: tokenBytes[start ..< end]))
                                    guard PartitionCounter.partition(of: hash, among: partitions) == partition else { continue }
                                    vocabulary.prefetch(hash: hash)
                                    features.append((start, end, hash))
                                }
                            }
                        }
                    }
                    for feature in features where !full {
                        add(UnsafeBufferPointer(rebasing: tokenBytes[feature.start ..< feature.end]), hash: feature.hash,
                            document: stamp, maxVocabulary: maxVocabulary)
                    }
                }
                if let characterRange, !full {
                    analyzer.forEachCharacterNGram(range: characterRange, scratch: &scratch) { gram in
                        let hash = ByteHash.hash(gram)
                        guard !full, PartitionCounter.partition(of: hash, among: partitions) == partition else { return }
                        add(gram, hash: hash, document: stamp, maxVocabulary: maxVocabulary)
                    }
                }
            }
            rowOffsets.append(UInt32(ids.count))
            sizes.append(full ? Int32(clamping: maxVocabulary + 1) : Int32(clamping: vocabulary.count))
            if full { return }
        }
    }

    /// Counts one occurrence of `feature` in `document`.
    @inline(__always)
    private mutating func add(_ feature: UnsafeBufferPointer<UInt8>, hash: UInt64, document: Int, maxVocabulary: Int) {
        let id: Int
        if vocabulary.count >= maxVocabulary {
            let known = vocabulary.id(of: feature, hash: hash)
            guard known >= 0 else {
                full = true
                return
            }
            id = Int(known)
        } else {
            id = Int(vocabulary.insert(feature, hash: hash))
            if id == states.count {
                states.append(TermState(lastDocument: -1, position: 0, df: 0))
                if keepTotals { totals.append(0) }
            }
        }
        if keepTotals { totals[id] += 1 }
        states.withUnsafeMutableBufferPointer { states in
            if states[id].lastDocument == document {
                counts[Int(states[id].position)] += 1
            } else {
                states[id].lastDocument = document
                states[id].df += 1
                states[id].position = Int32(truncatingIfNeeded: ids.count)
                ids.append(UInt32(truncatingIfNeeded: id))
                counts.append(1)
            }
        }
    }
}

/// One term's counting state in `PartitionCounter`.
struct TermState: Sendable {
    var lastDocument: Int
    var position: Int32
    var df: Int32
}
