#if canImport(Glibc)
import Glibc
#endif

/// Labeled data read in chunks, as many times as a training pass needs, so that memory is
/// bounded by the chunk size rather than the corpus size.
public protocol CorpusSource {
    /// Calls `body` with successive chunks of the corpus, in order.
    func forEachChunk(_ body: (LabeledCorpus) throws -> Void) throws
}

extension LabeledCorpus: CorpusSource {
    /// The documents per chunk when an in-memory corpus is read as a source.
    static let chunkDocuments = 4096

    /// Chunks of `chunkDocuments` documents.
    public func forEachChunk(_ body: (LabeledCorpus) throws -> Void) throws {
        var start = 0
        while start < count {
            let end = min(count, start + LabeledCorpus.chunkDocuments)
            try body(start == 0 && end == count ? self : subset(start ..< end))
            start = end
        }
    }
}

/// Corpus files read in chunks of about `chunkBytes`, split at line ends.
///
/// TSV, fastText and JSON Lines stream: memory holds one chunk at a time, and line numbers in
/// errors are the file's. CSV records may span lines, so a CSV file is read whole. A file is
/// checked as a whole: an empty file, or one with no valid example, is an error even when each
/// chunk alone would not be.
public struct CorpusStream: CorpusSource, Sendable {
    /// The files, read in order.
    public let paths: [String]
    /// The format, or nil to infer it per file.
    public let format: CorpusFormat?
    /// Reading options.
    public let options: CorpusReader.Options
    /// Bytes read per chunk (at least one line is always read whole).
    public let chunkBytes: Int

    /// A stream over `paths`.
    public init(paths: [String], format: CorpusFormat? = nil, options: CorpusReader.Options = .init(),
                chunkBytes: Int = 8 << 20) {
        precondition(chunkBytes > 0, "chunkBytes must be positive, got \(chunkBytes)")
        self.paths = paths
        self.format = format
        self.options = options
        self.chunkBytes = chunkBytes
    }

    public func forEachChunk(_ body: (LabeledCorpus) throws -> Void) throws {
        for path in paths { try forEachChunk(of: path, body) }
    }

    private func forEachChunk(of path: String, _ body: (LabeledCorpus) throws -> Void) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw errno == ENOENT ? CorpusError.fileNotFound(path: path) : CorpusError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw CorpusError.isDirectory(path: path) }
        if format == .csv || (format == nil && CorpusFormat.inferred(fromPath: path) == .csv) {
            return try body(CorpusReader.read(path: path, format: .csv, options: options))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CorpusError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var firstLine = 1
        var isFirst = true
        var examples = 0, skipped = 0, sawContent = false
        var resolved = format
        var atEnd = false
        var skippingLongLine = false
        var carriedSkips = 0  // over-long lines skipped between chunks, reported with the next one
        while !atEnd {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            atEnd = n == 0
            pending.append(contentsOf: buffer[0 ..< n])
            if skippingLongLine {
                // Drop the rest of an over-long line (skipped under skipInvalid) through its line feed.
                guard let feed = pending.firstIndex(of: 0x0A) else {
                    pending.removeAll(keepingCapacity: true)
                    if atEnd { break }
                    continue
                }
                pending.removeSubrange(0 ... feed)
                firstLine += 1
                skippingLongLine = false
            }
            // Cut after the last line feed (or take everything at the end of the file).
            var cut = pending.count
            if !atEnd {
                guard let lastFeed = pending.lastIndex(of: 0x0A) else {
                    if pending.count > options.maxLineBytes + 2 {
                        guard options.skipInvalid else {
                            throw CorpusError.lineTooLong(path: path, line: firstLine, limit: options.maxLineBytes)
                        }
                        skipped += 1
                        carriedSkips += 1
                        sawContent = true
                        pending.removeAll(keepingCapacity: true)
                        skippingLongLine = true
                    }
                    continue
                }
                cut = lastFeed + 1
                if cut < chunkBytes / 2 && pending.count < chunkBytes { continue }
            }
            guard cut > 0 else { break }
            let chunk = Array(pending[0 ..< cut])
            pending.removeSubrange(0 ..< cut)
            if resolved == nil {
                resolved = chunk.withUnsafeBufferPointer { CorpusFormat.inferred(fromPath: path, contents: $0) }
                guard resolved != nil else { throw CorpusError.unknownFormat(path: path) }
            }
            var corpus = try CorpusReader.readChunk(chunk, path: path, format: resolved!, options: options,
                                                    firstLine: firstLine, isFirst: isFirst)
            if carriedSkips > 0 {
                corpus = LabeledCorpus(texts: corpus.texts, labels: corpus.labels, lines: corpus.lines,
                                       skipped: corpus.skipped + carriedSkips)
                skipped -= carriedSkips  // counted again below through corpus.skipped
                carriedSkips = 0
            }
            sawContent = sawContent || corpus.count > 0 || corpus.skipped > 0
                || chunk.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
            examples += corpus.count
            skipped += corpus.skipped
            firstLine += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            isFirst = false
            if corpus.count > 0 || corpus.skipped > 0 { try body(corpus) }
        }
        if carriedSkips > 0 {
            try body(LabeledCorpus(texts: TextBatch(), labels: [], lines: [], skipped: carriedSkips))
        }
        guard sawContent else { throw CorpusError.emptyFile(path: path) }
        guard examples > 0 else { throw CorpusError.noExamples(path: path, skipped: skipped) }
    }
}

extension CorpusReader {
    /// Reads one chunk of a file: lines numbered from `firstLine`, a byte-order mark only
    /// dropped in the first chunk, and no error for a chunk without examples.
    static func readChunk(_ bytes: [UInt8], path: String, format: CorpusFormat, options: Options,
                          firstLine: Int, isFirst: Bool) throws(CorpusError) -> LabeledCorpus {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CorpusError) -> LabeledCorpus in
                let start = isFirst ? CorpusBytes.byteOrderMarkLength(buffer) : 0
                var builder = CorpusBuilder(path: path, options: options, byteCount: buffer.count - start)
                builder.firstLine = firstLine
                switch format {
                case .tsv: try readTSV(buffer, from: start, into: &builder)
                case .fasttext: try readFastText(buffer, from: start, into: &builder)
                case .jsonl: try readJSONLines(buffer, from: start, into: &builder)
                case .csv: try readCSV(buffer, from: start, into: &builder)
                }
                return try builder.finish(allowEmpty: true)
            }
        }
        return try result.get()
    }
}
