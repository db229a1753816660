import StanceKit

/// The checks shared by the four corpus-reader targets.
///
/// Each input is read three ways: strict, with `skipInvalid`, and with `skipInvalid` and a
/// 16-byte line limit. Oracles: a strict read that succeeds equals the lenient read with
/// nothing skipped; every example has a trimmed, non-empty, control-free label and a non-empty
/// text, and line numbers increase; every error names the path first and ends with a fix
/// (it contains "; "); under `skipInvalid` only whole-file errors remain.
public enum CorpusReaderFuzzing {
    /// The name given to the input in error messages.
    static let path = "fuzz-input"

    /// Runs the checks on `bytes` read as `format`.
    public static func run(_ bytes: [UInt8], format: CorpusFormat) {
        let strict = read(bytes, format, CorpusReader.Options())
        let lenient = read(bytes, format, CorpusReader.Options(skipInvalid: true))
        let short = read(bytes, format, CorpusReader.Options(skipInvalid: true, maxLineBytes: 16))
        if case let .success(corpus) = strict {
            FuzzCheck.require(corpus.skipped == 0, "strict read skipped \(corpus.skipped) lines")
            guard case let .success(other) = lenient else {
                FuzzCheck.require(false, "strict read succeeded, lenient read failed")
                return
            }
            FuzzCheck.require(other == corpus, "strict and lenient reads differ without skipped lines")
        }
        for result in [lenient, short] {
            guard case let .failure(error) = result else { continue }
            FuzzCheck.require(isWholeFile(error, format), "skipInvalid let a line error through: \(error)")
        }
    }

    /// Reads and checks one way; returns the outcome.
    static func read(_ bytes: [UInt8], _ format: CorpusFormat, _ options: CorpusReader.Options)
        -> Result<LabeledCorpus, CorpusError>
    {
        do {
            let corpus = try CorpusReader.read(bytes: bytes, path: path, format: format, options: options)
            check(corpus)
            return .success(corpus)
        } catch {
            let message = error.description
            FuzzCheck.require(message.hasPrefix(path + ":"), "message does not start with the path: \(message)")
            FuzzCheck.require(message.contains("; "), "message gives no fix: \(message)")
            return .failure(error)
        }
    }

    /// What every read corpus must satisfy.
    static func check(_ corpus: LabeledCorpus) {
        FuzzCheck.require(!corpus.isEmpty, "a read corpus is empty")
        FuzzCheck.require(corpus.texts.count == corpus.count && corpus.lines.count == corpus.count, "counts differ")
        var previous = 0
        for index in 0 ..< corpus.count {
            let label = corpus.labels[index]
            FuzzCheck.require(!label.isEmpty, "empty label")
            let scalars = label.unicodeScalars
            FuzzCheck.require(!isASCIIWhitespace(scalars.first!) && !isASCIIWhitespace(scalars.last!),
                              "label not trimmed: \(label.debugDescription)")
            FuzzCheck.require(!scalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                              "control character in label \(label.debugDescription)")
            let start = corpus.texts.offsets[index], end = corpus.texts.offsets[index + 1]
            FuzzCheck.require(end > start, "empty text at index \(index)")
            FuzzCheck.require(!isASCIIWhitespace(corpus.texts.bytes[start]) && !isASCIIWhitespace(corpus.texts.bytes[end - 1]),
                              "text not trimmed at index \(index)")
            FuzzCheck.require(corpus.lines[index] > previous, "line numbers do not increase: \(corpus.lines)")
            previous = corpus.lines[index]
        }
    }

    /// Errors about the whole file, which `skipInvalid` does not turn into skips.
    /// (For CSV, any problem in the header record is one.)
    static func isWholeFile(_ error: CorpusError, _ format: CorpusFormat) -> Bool {
        switch error {
        case .emptyFile, .noExamples, .unknownFormat: return true
        case .missingHeader, .missingColumn, .unterminatedQuote, .strayQuote, .lineTooLong, .binaryContent:
            return format == .csv
        default: return false
        }
    }

    static func isASCIIWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
    }

    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
