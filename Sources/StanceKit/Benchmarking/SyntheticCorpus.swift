/// A labeled corpus generated from a seed, for benchmarks: ASCII sentences of Zipf-distributed
/// words from a generated vocabulary, three classes that each prefer a slice of it, so the
/// classifier has something to learn and the vocabulary grows like a real one's.
public enum SyntheticCorpus {
    /// About `megabytes` MB of documents of 5-60 words.
    public static func generate(megabytes: Double, seed: UInt64 = 42, vocabulary size: Int = 50_000) -> LabeledCorpus {
        var rng = SplitMix64(seed: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let words: [[UInt8]] = (0 ..< size).map { _ in
            (0 ..< Int(rng.bounded(below: 8)) + 2).map { _ in letters[Int(rng.bounded(below: 26))] }
        }
        // Zipf(1) by inverse CDF over precomputed cumulative weights.
        var cumulative: [Double] = []
        var total = 0.0
        for rank in 1 ... size {
            total += 1 / Double(rank)
            cumulative.append(total)
        }
        let labels = ["analysis", "condemnation", "support"]
        let target = Int(megabytes * 1_000_000)
        var texts = TextBatch()
        texts.reserveCapacity(documents: target / 150, byteCount: target + 1024)
        var labelList: [String] = []
        var document: [UInt8] = []
        while texts.bytes.count < target {
            let c = Int(rng.bounded(below: 3))
            document.removeAll(keepingCapacity: true)
            for w in 0 ..< Int(rng.bounded(below: 56)) + 5 {
                let u = Double(rng.next() >> 11) / Double(1 << 53) * total
                var low = 0, high = size - 1
                while low < high {
                    let mid = (low + high) / 2
                    if cumulative[mid] < u { low = mid + 1 } else { high = mid }
                }
                // Each class shifts a third of the ranks, so classes differ in their frequent words.
                let index = rng.bounded(below: 3) == 0 ? (low + c * size / 3) % size : low
                if w > 0 { document.append(0x20) }
                document.append(contentsOf: words[index])
            }
            document.append(0x2E)
            texts.append(bytes: document)
            labelList.append(labels[c])
        }
        return LabeledCorpus(texts: texts, labels: labelList, lines: (0 ..< labelList.count).map { $0 + 1 })
    }
}
