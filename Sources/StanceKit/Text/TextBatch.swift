/// A batch of documents stored as one contiguous UTF-8 byte buffer plus offsets.
///
/// Document `i` is `bytes[offsets[i] ..< offsets[i + 1]]`. Keeping every document in one
/// allocation lets the tokenizer scan bytes without creating a `String` per document, and makes
/// slicing a batch for cross-validation folds cheap.
public struct TextBatch: Sendable, Equatable {
    /// All documents' bytes, back to back.
    public private(set) var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`; starts with 0.
    public private(set) var offsets: [Int]

    /// An empty batch.
    public init() {
        bytes = []
        offsets = [0]
    }

    /// A batch holding `texts` in order.
    public init<S: Sequence>(_ texts: S) where S.Element: StringProtocol {
        self.init()
        for text in texts { append(text) }
    }

    /// The number of documents.
    public var count: Int { offsets.count - 1 }

    /// Whether the batch holds no documents.
    public var isEmpty: Bool { count == 0 }

    /// Appends one document given as a string.
    public mutating func append<S: StringProtocol>(_ text: S) {
        bytes.append(contentsOf: text.utf8)
        offsets.append(bytes.count)
    }

    /// Appends one document given as raw UTF-8 bytes (invalid sequences are kept as they are;
    /// the tokenizer treats them as separators).
    public mutating func append(bytes newBytes: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: newBytes)
        offsets.append(bytes.count)
    }

    /// Appends one document given as raw UTF-8 bytes.
    public mutating func append<C: Collection>(bytes newBytes: C) where C.Element == UInt8 {
        bytes.append(contentsOf: newBytes)
        offsets.append(bytes.count)
    }

    /// Empties the batch, keeping its buffers (when not shared) for the documents to come: a
    /// reader that refills one batch chunk after chunk touches fresh memory only once.
    public mutating func removeAll(keepingCapacity: Bool) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
        offsets.removeAll(keepingCapacity: keepingCapacity)
        offsets.append(0)
    }

    /// Reserves room for `documents` more documents and `byteCount` more bytes.
    public mutating func reserveCapacity(documents: Int, byteCount: Int) {
        offsets.reserveCapacity(offsets.count + documents)
        bytes.reserveCapacity(bytes.count + byteCount)
    }

    /// Document `index` as a string (invalid UTF-8 is replaced by U+FFFD).
    public subscript(index: Int) -> String {
        precondition(index >= 0 && index < count, "TextBatch index \(index) out of 0..<\(count)")
        return String(decoding: bytes[offsets[index] ..< offsets[index + 1]], as: UTF8.self)
    }

    /// Calls `body` with the bytes of document `index`.
    @inlinable
    public func withDocument<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < count, "TextBatch index \(index) out of 0..<\(count)")
        let start = offsets[index], end = offsets[index + 1]
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start ..< end]))
        }
    }

    /// A new batch holding the documents at `indices`, in that order.
    public func subset<C: Collection>(_ indices: C) -> TextBatch where C.Element == Int {
        var result = TextBatch()
        result.offsets.reserveCapacity(indices.count + 1)
        for index in indices {
            result.append(bytes: bytes[offsets[index] ..< offsets[index + 1]])
        }
        return result
    }
}
