/// A problem found while reading a labeled corpus file.
///
/// Every case carries the file path (and, for problems on one line, the 1-based line number), and
/// `description` renders it the way a compiler reports a diagnostic:
/// `PATH:LINE: what is wrong; how to fix it`, or `PATH: what is wrong; how to fix it` for problems
/// with the whole file. The text of each message is part of the API (tests assert on it).
public enum CorpusError: Error, CustomStringConvertible, Equatable, Sendable {
    // MARK: Whole-file problems

    /// Nothing exists at the path.
    case fileNotFound(path: String)
    /// The path names a directory.
    case isDirectory(path: String)
    /// The file exists but could not be read; `reason` is the system's explanation.
    case unreadable(path: String, reason: String)
    /// The file holds no bytes, or only blank lines.
    case emptyFile(path: String)
    /// The format was not given and cannot be inferred from the file name (or, for `.txt`, from
    /// its first line).
    case unknownFormat(path: String)
    /// The file has lines, but none of them is a valid example. `skipped` counts the invalid lines
    /// skipped under `skipInvalid` (0 for a CSV file with a header and no records).
    case noExamples(path: String, skipped: Int)

    // MARK: Problems on one line (any format)

    /// The line is longer than `CorpusReader.Options.maxLineBytes`.
    case lineTooLong(path: String, line: Int, limit: Int)
    /// The line holds a NUL byte, which text files never do.
    case binaryContent(path: String, line: Int)
    /// The label is not valid UTF-8 (text may be; its bytes are kept as they are).
    case invalidUTF8InLabel(path: String, line: Int)
    /// The label holds a tab, line break, escape or other control character (U+0000-U+001F,
    /// U+007F). Labels are class names printed in tables, TSV and terminals; spaces are allowed.
    case controlCharacterInLabel(path: String, line: Int)
    /// The label is empty or only whitespace.
    case emptyLabel(path: String, line: Int)
    /// The text is empty or only whitespace.
    case emptyText(path: String, line: Int)

    // MARK: TSV

    /// A TSV line without a tab between label and text.
    case missingTab(path: String, line: Int)

    // MARK: CSV

    /// The first CSV record names neither a `label` nor a `text` column: the header is missing.
    case missingHeader(path: String, line: Int)
    /// The CSV header lacks the column `column` (`"label"` or `"text"`).
    case missingColumn(path: String, line: Int, column: String)
    /// A CSV record has fewer fields than it needs to reach both the label and the text column.
    case missingField(path: String, line: Int, needed: Int, found: Int)
    /// A quoted CSV field that starts on `line` is never closed.
    case unterminatedQuote(path: String, line: Int)
    /// A closing quote in a CSV field is followed by something other than a comma or line end.
    case strayQuote(path: String, line: Int)

    // MARK: JSON lines

    /// The line is not a JSON object; `detail` says what the parser expected, and where.
    case invalidJSON(path: String, line: Int, detail: String)
    /// The key `key` holds a `found` (for example `"number"`) where a string is needed.
    case wrongType(path: String, line: Int, key: String, found: String)
    /// The object has no key `key`.
    case missingKey(path: String, line: Int, key: String)

    // MARK: fastText

    /// A fastText line that does not start with a `__label__` token.
    case missingLabel(path: String, line: Int)

    /// The message, in the form `PATH:LINE: what is wrong; how to fix it`.
    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "\(path): no such file; check the path"
        case let .isDirectory(path):
            return "\(path): is a directory, not a file; pass the path of a corpus file"
        case let .unreadable(path, reason):
            return "\(path): cannot read the file (\(reason)); check that it exists and is readable"
        case let .emptyFile(path):
            return "\(path): the file is empty; a corpus needs at least one labeled line"
        case let .unknownFormat(path):
            return "\(path): \(Self.unknownFormatReason(path)); pass --format tsv|csv|jsonl|fasttext"
        case let .noExamples(path, skipped) where skipped == 0:
            return "\(path): the file has a header but no examples; add at least one labeled record"
        case let .noExamples(path, skipped):
            return "\(path): no valid examples (\(skipped) invalid line\(skipped == 1 ? "" : "s") skipped); "
                + "fix the lines, or check --format"
        case let .lineTooLong(path, line, limit):
            return "\(path):\(line): line longer than \(limit) bytes; raise --max-line-bytes, "
                + "or check that this is a text corpus"
        case let .binaryContent(path, line):
            return "\(path):\(line): NUL byte in the line (binary file?); a corpus must be UTF-8 text"
        case let .invalidUTF8InLabel(path, line):
            return "\(path):\(line): the label is not valid UTF-8; re-encode the file as UTF-8 "
                + "(for example iconv -f latin1 -t utf-8)"
        case let .controlCharacterInLabel(path, line):
            return "\(path):\(line): the label holds a tab, line break or other control character; "
                + "write class names on one line without control characters (spaces are fine)"
        case let .emptyLabel(path, line):
            return "\(path):\(line): empty label; give every example a class name as its label"
        case let .emptyText(path, line):
            return "\(path):\(line): empty text; give every example some text after its label, or remove the line"
        case let .missingTab(path, line):
            return "\(path):\(line): expected \"label<TAB>text\", found no tab; "
                + "separate the label from the text with a tab character"
        case let .missingHeader(path, line):
            return "\(path):\(line): expected a CSV header naming the columns \"label\" and \"text\"; "
                + "add a first line such as label,text"
        case let .missingColumn(path, line, column):
            return "\(path):\(line): the CSV header has no \"\(column)\" column; "
                + "name the columns \"label\" and \"text\" in the first line"
        case let .missingField(path, line, needed, found):
            return "\(path):\(line): expected at least \(needed) fields, found \(found); "
                + "quote fields that contain commas, and check the record against the header"
        case let .unterminatedQuote(path, line):
            return "\(path):\(line): quoted field never closed; end it with \", and write a quote inside it as \"\""
        case let .strayQuote(path, line):
            return "\(path):\(line): unexpected character after a closing quote; "
                + "write a quote inside a quoted field as \"\""
        case let .invalidJSON(path, line, detail):
            return "\(path):\(line): invalid JSON: \(detail); "
                + "write one object per line, such as {\"label\": \"support\", \"text\": \"...\"}"
        case let .wrongType(path, line, key, found):
            let expected = key == "label" ? "a string or a number" : "a string"
            return "\(path):\(line): \"\(key)\" is \(Self.article(found)) \(found), expected \(expected); "
                + "write the value as a JSON string"
        case let .missingKey(path, line, key):
            return "\(path):\(line): the object has no \"\(key)\" key; "
                + "give every line both \"label\" and \"text\""
        case let .missingLabel(path, line):
            return "\(path):\(line): expected \"__label__NAME text\", found no __label__ prefix; "
                + "start the line with its class as __label__NAME"
        }
    }

    /// Why the format of `path` could not be inferred.
    private static func unknownFormatReason(_ path: String) -> String {
        switch CorpusFormat.pathExtension(of: path) {
        case "":
            return "cannot infer the corpus format of a file without an extension"
        case "txt":
            return "cannot infer the corpus format: a .txt file is read as fastText only when "
                + "its first line starts with __label__"
        case let other:
            return "cannot infer the corpus format from the extension \".\(other)\""
        }
    }

    /// "a" or "an" for a JSON type name.
    private static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}
