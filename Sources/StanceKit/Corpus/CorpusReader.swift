import Foundation

/// Reads labeled corpus files (TSV, CSV, JSON lines, fastText) into a `LabeledCorpus`.
///
/// Reading works on the file's bytes: lines are found with a byte scan, and text bytes go
/// straight into the corpus's `TextBatch` (no `String` per line on the TSV and fastText paths).
/// In every format:
/// - a UTF-8 byte-order mark at the start is dropped, CRLF line ends are accepted, blank lines
///   are skipped, and line numbers are 1-based;
/// - labels and texts are trimmed of surrounding ASCII whitespace (whitespace inside a text,
///   tabs included, is kept);
/// - invalid UTF-8 in a text is kept as it is (the tokenizer copes), but a label must be UTF-8
///   without control characters (a tab, a line break or an escape inside a label would break
///   TSV output and terminals; spaces inside a label are kept);
/// - a NUL byte, or a line longer than `Options.maxLineBytes`, makes the line invalid.
///
/// An invalid line throws a `CorpusError` naming the path and line, unless
/// `Options.skipInvalid` is set; then it is skipped and counted in `LabeledCorpus.skipped`.
public enum CorpusReader {
    /// How to read a corpus.
    public struct Options: Sendable, Equatable {
        /// Skip invalid lines (counting them in `LabeledCorpus.skipped`) instead of throwing.
        /// Default `false`: a bad line in training data is usually a bug worth seeing.
        /// Problems with the whole file (a missing CSV header, no valid line at all) still throw.
        public var skipInvalid: Bool
        /// The longest line (for CSV: record) accepted, in bytes. Default 16 MiB: far above any
        /// real document, low enough to catch a binary or one-line file read by mistake.
        public var maxLineBytes: Int

        /// Options with the given values; see each property for its default's reason.
        public init(skipInvalid: Bool = false, maxLineBytes: Int = 16 * 1024 * 1024) {
            precondition(maxLineBytes > 0, "CorpusReader.Options.maxLineBytes must be positive, got \(maxLineBytes)")
            self.skipInvalid = skipInvalid
            self.maxLineBytes = maxLineBytes
        }
    }

    /// Reads the corpus file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file to read; it also names the file in error messages.
    ///   - format: the file's format; `nil` infers it with `CorpusFormat.inferred(fromPath:)`.
    ///   - options: how to treat invalid lines and how long a line may be.
    /// - Throws: `CorpusError` for a missing, unreadable or empty file, a format that cannot be
    ///   inferred, an invalid line (unless skipped), or a file without a valid example.
    public static func read(
        path: String, format: CorpusFormat? = nil, options: Options = .init()
    ) throws(CorpusError) -> LabeledCorpus {
        // POSIX reads (AtomicFile), not Foundation's Data(contentsOf:), which leaks its 4 KB
        // buffer on an empty file (LeakSanitizer, swift test --sanitize=address, Swift 6.3).
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            switch error {
            case .notFound: throw .fileNotFound(path: path)
            case .isDirectory: throw .isDirectory(path: path)
            case .system(let reason): throw .unreadable(path: path, reason: reason)
            }
        }
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CorpusError) -> LabeledCorpus in
                try read(buffer, path: path, format: format, options: options)
            }
        }
        return try result.get()
    }

    /// Reads a corpus held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - path: the name to give the data in error messages.
    ///   - format: the data's format.
    ///   - options: how to treat invalid lines and how long a line may be.
    /// - Throws: `CorpusError` as `read(path:format:options:)` does, except for file access.
    public static func read(
        bytes: [UInt8], path: String, format: CorpusFormat, options: Options = .init()
    ) throws(CorpusError) -> LabeledCorpus {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CorpusError) -> LabeledCorpus in
                try read(buffer, path: path, format: format, options: options)
            }
        }
        return try result.get()
    }

    /// Reads `bytes`, inferring the format from `path` when `format` is `nil`.
    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, format: CorpusFormat?, options: Options
    ) throws(CorpusError) -> LabeledCorpus {
        let start = CorpusBytes.byteOrderMarkLength(bytes)
        guard CorpusBytes.trimmed(bytes, start, bytes.count).count > 0 else { throw .emptyFile(path: path) }
        guard let format = format ?? CorpusFormat.inferred(fromPath: path, contents: bytes) else {
            throw .unknownFormat(path: path)
        }
        var builder = CorpusBuilder(path: path, options: options, byteCount: bytes.count - start)
        switch format {
        case .tsv: try readTSV(bytes, from: start, into: &builder)
        case .fasttext: try readFastText(bytes, from: start, into: &builder)
        case .csv: try readCSV(bytes, from: start, into: &builder)
        case .jsonl: try readJSONLines(bytes, from: start, into: &builder)
        }
        return try builder.finish()
    }

    /// Calls `body` with the range and 1-based number of each non-blank line of `bytes` from
    /// `start`, after rejecting lines that are too long or hold a NUL byte. The range excludes
    /// the line feed but may end with the CR of a CRLF.
    static func forEachLine(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, builder: inout CorpusBuilder,
        _ body: (Range<Int>, Int, inout CorpusBuilder) throws(CorpusError) -> Void
    ) throws(CorpusError) {
        let end = bytes.count
        // One fast scan of the whole file spares a per-line NUL check in text files.
        let hasNUL = CorpusBytes.firstIndex(of: 0, in: bytes, from: start, to: end) != end
        let limit = builder.options.maxLineBytes
        var lineStart = start, number = builder.firstLine - 1
        while lineStart < end {
            number += 1
            let lineEnd = CorpusBytes.firstIndex(of: CorpusBytes.lineFeed, in: bytes, from: lineStart, to: end)
            defer { lineStart = lineEnd + 1 }
            if lineEnd - lineStart > limit {
                try builder.reject(.lineTooLong(path: builder.path, line: number, limit: limit))
            } else if hasNUL, CorpusBytes.firstIndex(of: 0, in: bytes, from: lineStart, to: lineEnd) != lineEnd {
                try builder.reject(.binaryContent(path: builder.path, line: number))
            } else if !CorpusBytes.trimmed(bytes, lineStart, lineEnd).isEmpty {
                try body(lineStart ..< lineEnd, number, &builder)
            }
        }
    }
}
