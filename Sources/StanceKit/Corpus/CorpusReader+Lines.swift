/// The line formats: TSV and fastText. Both run on byte ranges of the file, with no copy or
/// `String` for the text.
extension CorpusReader {
    /// Reads `label<TAB>text` lines. The label is everything before the first tab; the text is
    /// everything after it, further tabs included.
    static func readTSV(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into builder: inout CorpusBuilder
    ) throws(CorpusError) {
        try forEachLine(bytes, from: start, builder: &builder) { line, number, builder throws(CorpusError) in
            let tab = CorpusBytes.firstIndex(of: CorpusBytes.tab, in: bytes, from: line.lowerBound, to: line.upperBound)
            guard tab < line.upperBound else {
                return try builder.reject(.missingTab(path: builder.path, line: number))
            }
            try builder.add(
                label: CorpusBytes.slice(bytes, line.lowerBound ..< tab),
                text: CorpusBytes.slice(bytes, tab + 1 ..< line.upperBound),
                line: number
            )
        }
    }

    /// Reads fastText lines: `__label__A [__label__B ...] text`.
    ///
    /// The line starts with one or more whitespace-separated `__label__` tokens; the first gives
    /// the label (a multi-label line is read as an example of its first label only) and the text is
    /// the rest of the line after the last of them. `__label__` tokens later in the text are
    /// text.
    static func readFastText(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into builder: inout CorpusBuilder
    ) throws(CorpusError) {
        let prefix = CorpusBytes.fastTextLabelPrefix
        try forEachLine(bytes, from: start, builder: &builder) { line, number, builder throws(CorpusError) in
            let trimmed = CorpusBytes.trimmed(bytes, line.lowerBound, line.upperBound)
            var position = trimmed.lowerBound
            var label: Range<Int>? = nil
            // Consume the leading label tokens.
            while trimmed.upperBound - position >= prefix.count,
                CorpusBytes.equal(bytes, position ..< position + prefix.count, prefix)
            {
                var tokenEnd = position + prefix.count
                while tokenEnd < trimmed.upperBound, !CorpusBytes.isWhitespace(bytes[tokenEnd]) { tokenEnd += 1 }
                if label == nil { label = position + prefix.count ..< tokenEnd }
                position = tokenEnd
                while position < trimmed.upperBound, CorpusBytes.isWhitespace(bytes[position]) { position += 1 }
            }
            guard let label else {
                return try builder.reject(.missingLabel(path: builder.path, line: number))
            }
            try builder.add(
                label: CorpusBytes.slice(bytes, label),
                text: CorpusBytes.slice(bytes, position ..< trimmed.upperBound),
                line: number
            )
        }
    }
}
