#if canImport(Glibc)
import Glibc
#endif

/// Labeled data read in chunks, as many times as a training pass needs, so that memory is
/// bounded by the chunk size rather than the corpus size.
public protocol CorpusSource {
    /// Calls `body` with successive chunks of the corpus, in order.
    func forEachChunk(_ body: (LabeledCorpus) throws -> Void) throws
    /// About how many bytes the corpus holds, if known before reading it (a hint: training
    /// sizes its tables by it, and the result does not depend on it).
    var expectedBytes: Int? { get }
}

extension CorpusSource {
    public var expectedBytes: Int? { nil }
}

extension LabeledCorpus: CorpusSource {
    /// The documents per chunk when an in-memory corpus is read as a source.
    static let chunkDocuments = 4096

    /// The bytes of the texts.
    public var expectedBytes: Int? { texts.bytes.count }

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
    /// Bytes read per chunk (at least one line is always read whole). The default, 2 MiB, keeps
    /// the buffers a chunk needs (its text, its tokens and their ids and hashes, its rows) small:
    /// they are fresh memory the first time, and on a virtual machine first touches are what
    /// costs, 0.3 to 3 ms per MB here. Against 8 MiB chunks (medians of 8-10 alternating runs),
    /// 20 Newsgroups unigrams on one thread peak at 54 instead of 94 MiB (CPU 0.284 vs 0.295 s),
    /// bigrams on two threads at 186 instead of 208 MiB (CPU 0.873 vs 0.910 s), and the 200 MB
    /// file at 186 instead of 204 MiB (CPU 4.47 vs 4.57 s).
    public let chunkBytes: Int

    /// A stream over `paths`.
    public init(paths: [String], format: CorpusFormat? = nil, options: CorpusReader.Options = .init(),
                chunkBytes: Int = 2 << 20) {
        precondition(chunkBytes > 0, "chunkBytes must be positive, got \(chunkBytes)")
        self.paths = paths
        self.format = format
        self.options = options
        self.chunkBytes = chunkBytes
    }

    public func forEachChunk(_ body: (LabeledCorpus) throws -> Void) throws {
        for path in paths { try forEachChunk(of: path, body) }
    }

    /// The files' sizes added up (labels and markup included); nil when one cannot be read
    /// (reading reports it).
    public var expectedBytes: Int? {
        var total = 0
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            total += Int(info.st_size)
        }
        return total
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
        // One window, read into at its end and cut at its last line feed; the unfinished line
        // is moved to the front. The chunk handed to the reader is a view of it, not a copy.
        var capacity = 2 * chunkBytes
        var window = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { window.deallocate() }
        var filled = 0
        /// Drops the first `count` bytes of the window.
        func dropFront(_ count: Int) {
            if count < filled { memmove(window, window + count, filled - count) }
            filled -= count
        }
        var firstLine = 1
        var isFirst = true
        var examples = 0, skipped = 0, sawContent = false
        var resolved = format
        var atEnd = false
        var skippingLongLine = false
        var carriedSkips = 0  // over-long lines skipped between chunks, reported with the next one
        var spare = TextBatch()  // the previous chunk's text buffers, refilled by the next chunk
        while !atEnd {
            if filled + chunkBytes > capacity {
                capacity = max(2 * capacity, filled + chunkBytes)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                grown.update(from: window, count: filled)
                window.deallocate()
                window = grown
            }
            let n = read(fd, window + filled, chunkBytes)
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            atEnd = n == 0
            filled += n
            if skippingLongLine {
                // Drop the rest of an over-long line (skipped under skipInvalid) through its line feed.
                guard let feed = UnsafeBufferPointer(start: window, count: filled).firstIndex(of: 0x0A) else {
                    filled = 0
                    if atEnd { break }
                    continue
                }
                dropFront(feed + 1)
                firstLine += 1
                skippingLongLine = false
            }
            // Cut after the last line feed (or take everything at the end of the file).
            var cut = filled
            if !atEnd {
                guard let lastFeed = UnsafeBufferPointer(start: window, count: filled).lastIndex(of: 0x0A) else {
                    if filled > options.maxLineBytes + 2 {
                        guard options.skipInvalid else {
                            throw CorpusError.lineTooLong(path: path, line: firstLine, limit: options.maxLineBytes)
                        }
                        skipped += 1
                        carriedSkips += 1
                        sawContent = true
                        filled = 0
                        skippingLongLine = true
                    }
                    continue
                }
                cut = lastFeed + 1
                if cut < chunkBytes / 2 && filled < chunkBytes { continue }
            }
            guard cut > 0 else { break }
            let chunk = UnsafeBufferPointer(start: window, count: cut)
            if resolved == nil {
                resolved = CorpusFormat.inferred(fromPath: path, contents: chunk)
                guard resolved != nil else { throw CorpusError.unknownFormat(path: path) }
            }
            var corpus = try CorpusReader.readChunk(chunk, path: path, format: resolved!, options: options,
                                                    firstLine: firstLine, isFirst: isFirst, reusing: consume spare)
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
            firstLine += CorpusBytes.lineFeeds(in: chunk)
            isFirst = false
            dropFront(cut)
            if corpus.count > 0 || corpus.skipped > 0 { try body(corpus) }
            // The chunk's text buffers, for the next chunk (fresh pages cost a fault each).
            spare = (consume corpus).texts
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
    /// dropped in the first chunk, and no error for a chunk without examples. The texts are
    /// written into `reusing`'s buffers when nothing else holds them.
    static func readChunk(_ buffer: UnsafeBufferPointer<UInt8>, path: String, format: CorpusFormat, options: Options,
                          firstLine: Int, isFirst: Bool, reusing spare: consuming TextBatch = TextBatch()) throws(CorpusError) -> LabeledCorpus {
        let start = isFirst ? CorpusBytes.byteOrderMarkLength(buffer) : 0
        var builder = CorpusBuilder(path: path, options: options, byteCount: buffer.count - start, reusing: consume spare)
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
