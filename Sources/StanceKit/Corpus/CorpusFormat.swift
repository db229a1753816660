import Foundation

/// The layout of a labeled corpus file.
///
/// The raw values are the names the command line accepts (`--format tsv`).
public enum CorpusFormat: String, CaseIterable, Sendable {
    /// `label<TAB>text` per line; the label ends at the first tab, the text may hold more tabs.
    case tsv
    /// RFC 4180 comma-separated values with a header naming a `label` and a `text` column.
    case csv
    /// One JSON object per line with the keys `"label"` and `"text"`.
    case jsonl
    /// fastText's supervised format: `__label__NAME text`, first label wins.
    case fasttext

    /// The format a file name implies, or `nil` when it implies none.
    ///
    /// By extension, ignoring case: `.tsv` is TSV, `.csv` is CSV, `.jsonl` and `.ndjson` are JSON
    /// lines, `.ft` and `.fasttext` are fastText. A `.txt` file is fastText only when its first
    /// non-blank line starts with `__label__` (the first 64 KiB of the file are read to tell);
    /// otherwise, as for any other extension, the result is `nil` and the caller should ask for
    /// `--format` (`CorpusReader` throws `CorpusError.unknownFormat`).
    public static func inferred(fromPath path: String) -> CorpusFormat? {
        if let format = inferred(fromExtensionOf: path) { return format }
        guard pathExtension(of: path) == "txt", let handle = FileHandle(forReadingAtPath: path) else {
            return nil
        }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64 * 1024) else { return nil }
        return head.withUnsafeBytes { raw in
            startsWithFastTextLabel(raw.bindMemory(to: UInt8.self))
        } ? .fasttext : nil
    }

    /// The format a file name implies, looking into `contents` (the whole file) for `.txt` files.
    static func inferred(fromPath path: String, contents: UnsafeBufferPointer<UInt8>) -> CorpusFormat? {
        if let format = inferred(fromExtensionOf: path) { return format }
        guard pathExtension(of: path) == "txt" else { return nil }
        return startsWithFastTextLabel(contents) ? .fasttext : nil
    }

    /// The format implied by the extension alone (`nil` for `.txt`, which needs a look inside).
    private static func inferred(fromExtensionOf path: String) -> CorpusFormat? {
        switch pathExtension(of: path) {
        case "tsv": return .tsv
        case "csv": return .csv
        case "jsonl", "ndjson": return .jsonl
        case "ft", "fasttext": return .fasttext
        default: return nil
        }
    }

    /// The lower-cased extension of the last path component, without the dot ("" when none).
    static func pathExtension(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Whether the first non-blank line of `bytes` (after an optional UTF-8 byte-order mark)
    /// starts with `__label__`, ignoring leading whitespace.
    private static func startsWithFastTextLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = CorpusBytes.byteOrderMarkLength(bytes)
        while index < bytes.count, CorpusBytes.isWhitespace(bytes[index]) { index += 1 }
        let prefix = CorpusBytes.fastTextLabelPrefix
        guard bytes.count - index >= prefix.count else { return false }
        for offset in 0 ..< prefix.count where bytes[index + offset] != prefix[offset] {
            return false
        }
        return true
    }
}
