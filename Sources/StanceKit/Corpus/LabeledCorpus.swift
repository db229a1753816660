/// Labeled documents read from one or more corpus files.
///
/// Document `i` is `texts[i]`, its class is `labels[i]` and it came from line `lines[i]` of its
/// file (the line where the record starts, for CSV records that span lines).
public struct LabeledCorpus: Sendable, Equatable {
    /// The documents' text, as UTF-8 bytes (invalid UTF-8 in the source is kept as it was).
    public private(set) var texts: TextBatch
    /// The class of each document, trimmed of surrounding whitespace; one per document.
    public private(set) var labels: [String]
    /// The 1-based source line of each document; one per document.
    public private(set) var lines: [Int]
    /// How many invalid lines (or CSV records) were skipped while reading, under
    /// `CorpusReader.Options.skipInvalid`; 0 otherwise.
    public private(set) var skipped: Int

    /// An empty corpus.
    public init() {
        self.init(texts: TextBatch(), labels: [], lines: [], skipped: 0)
    }

    /// A corpus of the given documents, labels and source lines.
    ///
    /// - Precondition: `texts`, `labels` and `lines` have the same count.
    public init(texts: TextBatch, labels: [String], lines: [Int], skipped: Int = 0) {
        precondition(
            texts.count == labels.count && labels.count == lines.count,
            "LabeledCorpus needs one label and one line per text: \(texts.count) texts, "
                + "\(labels.count) labels, \(lines.count) lines"
        )
        precondition(skipped >= 0, "LabeledCorpus skipped count \(skipped) is negative")
        self.texts = texts
        self.labels = labels
        self.lines = lines
        self.skipped = skipped
    }

    /// The number of documents.
    public var count: Int { labels.count }

    /// Whether the corpus holds no documents.
    public var isEmpty: Bool { labels.isEmpty }

    /// The distinct labels, sorted by their UTF-8 bytes (so the order does not depend on locale
    /// or Unicode collation: `"B" < "a" < "é"`).
    ///
    /// Labels are told apart by `String` equality, which treats canonically equivalent spellings
    /// (precomposed and decomposed "é") as one class.
    public var classes: [String] {
        Set(labels).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A new corpus holding the documents at `indices`, in that order (`skipped` is 0: it
    /// describes a reading, not a selection).
    ///
    /// - Precondition: every index is in `0 ..< count`.
    public func subset<C: Collection>(_ indices: C) -> LabeledCorpus where C.Element == Int {
        var newLabels: [String] = []
        var newLines: [Int] = []
        newLabels.reserveCapacity(indices.count)
        newLines.reserveCapacity(indices.count)
        for index in indices {
            precondition(index >= 0 && index < count, "LabeledCorpus index \(index) out of 0..<\(count)")
            newLabels.append(labels[index])
            newLines.append(lines[index])
        }
        return LabeledCorpus(texts: texts.subset(indices), labels: newLabels, lines: newLines)
    }

    /// This corpus followed by the documents of `other` (for several `--data` files); the
    /// `skipped` counts add up.
    ///
    /// `lines` keep their values, so a line number refers to the file its document came from.
    /// Appended to an empty corpus (the first file), `other`'s storage is shared, not copied:
    /// copying the 13.8 MB 20 Newsgroups test set cost `stance evaluate` 3,400 page faults.
    public func appending(_ other: LabeledCorpus) -> LabeledCorpus {
        if count == 0 {
            return LabeledCorpus(texts: other.texts, labels: other.labels, lines: other.lines, skipped: skipped + other.skipped)
        }
        var merged = texts
        merged.reserveCapacity(documents: other.count, byteCount: other.texts.bytes.count)
        let otherBytes = other.texts.bytes, otherOffsets = other.texts.offsets
        for index in 0 ..< other.count {
            merged.append(bytes: otherBytes[otherOffsets[index] ..< otherOffsets[index + 1]])
        }
        return LabeledCorpus(
            texts: merged,
            labels: labels + other.labels,
            lines: lines + other.lines,
            skipped: skipped + other.skipped
        )
    }
}
