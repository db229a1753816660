import Dispatch

/// One chunk of documents tokenized once for all `PartitionCounter`s: the first of training's
/// three counting stages.
///
/// The documents are cut into contiguous slices of about equal bytes, one per thread, and each
/// slice is tokenized by its own thread (`TokenSlice`). Each token's `ByteHash` is computed here,
/// once; it picks the partition that owns the token. The partitions then give their tokens ids
/// (`PartitionCounter.assignTokenIDs`, writing into the slices' `ids`) and count the features
/// (`PartitionCounter.count(_:texts:...)`). The slices' buffers are kept from chunk to chunk.
struct ChunkTokens: Sendable {
    /// The slices, in document order.
    private(set) var slices: [TokenSlice] = []
    /// The number of documents tokenized.
    private(set) var documentCount = 0

    /// Empty.
    init() {}

    /// Tokenizes `documents` of `texts` (all of them by default) with `tokenizer` on up to
    /// `threads` threads, replacing what was held. The slices' documents keep their indices in
    /// `texts` (`TokenSlice.firstDocument`).
    mutating func tokenize(_ texts: TextBatch, documents: Range<Int>? = nil, tokenizer: Tokenizer, threads: Int) {
        let documents = documents ?? 0 ..< texts.count
        let width = max(1, min(threads, documents.count))
        while slices.count < width { slices.append(TokenSlice()) }
        if slices.count > width { slices.removeLast(slices.count - width) }
        documentCount = documents.count
        // Slice w starts at the first document that starts at or after w/width of the bytes.
        var bounds = [documents.lowerBound]
        let first = texts.offsets[documents.lowerBound]
        let total = texts.offsets[documents.upperBound] - first
        var document = documents.lowerBound
        for w in 1 ..< width {
            let target = first + total / width * w
            while document < documents.upperBound && texts.offsets[document] < target { document += 1 }
            bounds.append(max(bounds[w - 1], document))
        }
        bounds.append(documents.upperBound)
        let slices = slices, cuts = bounds
        if width == 1 {
            slices[0].tokenize(texts, documents: cuts[0] ..< cuts[1], tokenizer: tokenizer)
        } else {
            DispatchQueue.concurrentPerform(iterations: width) { w in
                slices[w].tokenize(texts, documents: cuts[w] ..< cuts[w + 1], tokenizer: tokenizer)
            }
        }
    }
}

/// The tokens of a contiguous run of documents: their bytes (each document's tokens separated by
/// single spaces, as `TokenBuffer` lays them out, so a word n-gram is a contiguous byte range),
/// each token's start, end and `ByteHash`, and a slot per token for its partition-tagged id.
///
/// Plain pointers (`PageMemory`), not arrays: the partitions write `ids` from several threads at
/// once, each at the positions of its own tokens, and read everything else. Owned by one
/// `ChunkTokens`.
final class TokenSlice: @unchecked Sendable {
    /// The chunk's index of this slice's first document.
    private(set) var firstDocument = 0
    /// `documentStarts[d] ..< documentStarts[d + 1]` are the tokens of document `firstDocument + d`.
    private(set) var documentStarts: [Int] = [0]
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var starts: UnsafeMutablePointer<UInt32>
    private(set) var ends: UnsafeMutablePointer<UInt32>
    private(set) var hashes: UnsafeMutablePointer<UInt64>
    /// Per token: its id tagged with its partition (`PartitionCounter.tagged`), written by the
    /// partition that owns the token.
    private(set) var ids: UnsafeMutablePointer<UInt32>
    private var byteCapacity = 0
    private var tokenCapacity = 0
    private var byteCount = 0

    init() {
        bytes = PageMemory.allocate(UInt8.self, count: 8)
        starts = PageMemory.allocate(UInt32.self, count: 0)
        ends = PageMemory.allocate(UInt32.self, count: 0)
        hashes = PageMemory.allocate(UInt64.self, count: 0)
        ids = PageMemory.allocate(UInt32.self, count: 0)
    }

    deinit {
        PageMemory.deallocate(bytes, count: byteCapacity + 8)
        PageMemory.deallocate(starts, count: tokenCapacity)
        PageMemory.deallocate(ends, count: tokenCapacity)
        PageMemory.deallocate(hashes, count: tokenCapacity)
        PageMemory.deallocate(ids, count: tokenCapacity)
    }

    /// The number of documents.
    var documentCount: Int { documentStarts.count - 1 }

    /// The bytes of tokens `first ... last` of this slice, with the spaces between them.
    @inline(__always)
    func span(_ first: Int, _ last: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(starts[first])
        return UnsafeBufferPointer(start: bytes + start, count: Int(ends[last]) - start)
    }

    /// Tokenizes `documents` of `texts` straight into the slice's buffers, hashing each token as
    /// it ends (its bytes are still in the cache), replacing what was held.
    func tokenize(_ texts: TextBatch, documents: Range<Int>, tokenizer: Tokenizer) {
        firstDocument = documents.lowerBound
        documentStarts.removeAll(keepingCapacity: true)
        documentStarts.append(0)
        byteCount = 0
        var tokens = 0
        // Room up front for the worst case of every document at once (the sum of the per-document
        // bounds below, within 32-bit offsets), and a quarter more for the next chunk, a little
        // larger: the buffers then neither grow while they are filled nor from chunk to chunk.
        // Each growth moved them to fresh memory, a page fault per 4 KiB; untouched capacity
        // costs no memory.
        let span = texts.offsets[documents.upperBound] - texts.offsets[documents.lowerBound]
        let worstBytes = Tokenizer.byteCapacity(for: span) + 16 * documents.count
        let worstTokens = span / 2 + 2 * documents.count
        if worstBytes > byteCapacity || worstTokens > tokenCapacity {
            reserve(bytes: min(Int(UInt32.max), worstBytes + worstBytes / 4), tokens: worstTokens + worstTokens / 4)
        }
        texts.bytes.withUnsafeBufferPointer { all in
            for document in documents {
                let text = UnsafeBufferPointer(rebasing: all[texts.offsets[document] ..< texts.offsets[document + 1]])
                reserve(bytes: byteCount + Tokenizer.byteCapacity(for: text.count), tokens: tokens + text.count / 2 + 2)
                let base = byteCount
                let out = bytes + base
                let starts = starts, ends = ends, hashes = hashes
                byteCount = base + tokenizer.scan(text, into: out) { start, end in
                    starts[tokens] = UInt32(truncatingIfNeeded: base + start)
                    ends[tokens] = UInt32(truncatingIfNeeded: base + end)
                    hashes[tokens] = ByteHash.hash(padded: out + start, count: end - start)
                    tokens += 1
                }
                documentStarts.append(tokens)
            }
        }
    }

    /// Grows the buffers (to at least twice their size) to hold `bytes` bytes and `tokens` tokens.
    private func reserve(bytes needed: Int, tokens neededTokens: Int) {
        precondition(needed <= Int(UInt32.max), "a slice of \(needed) token bytes exceeds 32-bit offsets")
        if needed > byteCapacity {
            let capacity = max(needed, 2 * byteCapacity, 1 << 16)
            // Eight readable bytes past the end for `ByteHash.hash(padded:count:)`.
            let grown = PageMemory.allocate(UInt8.self, count: capacity + 8)
            (grown + capacity).initialize(repeating: 0, count: 8)
            grown.update(from: bytes, count: byteCount)
            PageMemory.deallocate(bytes, count: byteCapacity + 8)
            bytes = grown
            byteCapacity = capacity
        }
        if neededTokens > tokenCapacity {
            let capacity = max(neededTokens, 2 * tokenCapacity, 1 << 14)
            let kept = documentStarts[documentStarts.count - 1]
            let old = tokenCapacity
            func grow<T>(_ pointer: inout UnsafeMutablePointer<T>) {
                let grown = PageMemory.allocate(T.self, count: capacity)
                grown.update(from: pointer, count: kept)
                PageMemory.deallocate(pointer, count: old)
                pointer = grown
            }
            grow(&starts)
            grow(&ends)
            grow(&hashes)
            PageMemory.deallocate(ids, count: old)
            ids = PageMemory.allocate(UInt32.self, count: capacity)
            tokenCapacity = capacity
        }
    }
}
