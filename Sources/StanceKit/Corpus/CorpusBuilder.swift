/// Collects the examples of one file as a reader finds them, and applies `skipInvalid`.
///
/// Readers hand it raw byte ranges; it trims them, checks label and text, and appends the text
/// bytes to a `TextBatch` without making a `String` of them. Labels become strings, but a file has
/// few distinct labels, so each distinct spelling is decoded once and then shared.
struct CorpusBuilder {
    /// The path named in errors.
    let path: String
    /// The reading options.
    let options: CorpusReader.Options
    /// The number of the first line of the bytes being read (1 for a whole file; later for a
    /// chunk of a file read in parts).
    var firstLine = 1
    private var texts = TextBatch()
    private var labels: [String] = []
    private var lines: [Int] = []
    private var skipped = 0
    /// Distinct label spellings seen so far, as bytes and as strings.
    private var labelCache: [(bytes: [UInt8], label: String)] = []
    /// The index in `labelCache` of the most recent label (labels often come in runs).
    private var lastLabel = 0

    /// How many distinct labels are remembered; past this, labels are decoded every time.
    private static let labelCacheLimit = 64

    /// A builder for `path`, with room reserved for about `byteCount` bytes of text, filling
    /// `reusing`'s buffers (emptied first) when nothing else holds them.
    init(path: String, options: CorpusReader.Options, byteCount: Int, reusing spare: consuming TextBatch = TextBatch()) {
        self.path = path
        self.options = options
        texts = consume spare
        texts.removeAll(keepingCapacity: true)
        // A quarter more when growing, so that the next chunk, a little larger, still fits.
        texts.reserveCapacity(documents: 0, byteCount: texts.bytes.capacity >= byteCount ? byteCount : byteCount + byteCount / 4)
    }

    /// Reports an invalid line: throws `error`, or under `skipInvalid` counts the line as skipped.
    mutating func reject(_ error: CorpusError) throws(CorpusError) {
        guard options.skipInvalid else { throw error }
        skipped += 1
    }

    /// Adds the example with label `label` and text `text`, both trimmed of ASCII whitespace
    /// first; rejects an empty label, a label that is not UTF-8 or holds a control character,
    /// or an empty text.
    mutating func add(
        label: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>, line: Int
    ) throws(CorpusError) {
        let labelRange = CorpusBytes.trimmed(label, 0, label.count)
        guard !labelRange.isEmpty else { return try reject(.emptyLabel(path: path, line: line)) }
        guard !label[labelRange].contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            return try reject(.controlCharacterInLabel(path: path, line: line))
        }
        guard let labelString = intern(label, labelRange) else {
            return try reject(.invalidUTF8InLabel(path: path, line: line))
        }
        let textRange = CorpusBytes.trimmed(text, 0, text.count)
        guard !textRange.isEmpty else { return try reject(.emptyText(path: path, line: line)) }
        texts.append(bytes: CorpusBytes.slice(text, textRange))
        labels.append(labelString)
        lines.append(line)
    }

    /// The corpus read so far; throws `noExamples` when it is empty, unless `allowEmpty` (a
    /// chunk of a file may hold no example; the file as a whole is checked by its reader).
    func finish(allowEmpty: Bool = false) throws(CorpusError) -> LabeledCorpus {
        guard !labels.isEmpty || allowEmpty else { throw .noExamples(path: path, skipped: skipped) }
        return LabeledCorpus(texts: texts, labels: labels, lines: lines, skipped: skipped)
    }

    /// `bytes[range]` as a string, shared with earlier equal labels; `nil` when not valid UTF-8.
    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        if lastLabel < labelCache.count, CorpusBytes.equal(bytes, range, labelCache[lastLabel].bytes) {
            return labelCache[lastLabel].label
        }
        for (index, entry) in labelCache.enumerated() where CorpusBytes.equal(bytes, range, entry.bytes) {
            lastLabel = index
            return entry.label
        }
        let slice = CorpusBytes.slice(bytes, range)
        guard let label = String(validating: slice, as: UTF8.self) else { return nil }
        if labelCache.count < Self.labelCacheLimit {
            lastLabel = labelCache.count
            labelCache.append((Array(slice), label))
        }
        return label
    }
}
