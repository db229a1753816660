/// The CSV format: a header naming a `label` and a `text` column, then one record per example.
extension CorpusReader {
    /// Reads RFC 4180 CSV with a header.
    ///
    /// The first non-blank record is the header: the columns named `label` and `text` (ignoring
    /// case and surrounding whitespace; the first of each name wins) are used, any others are
    /// ignored. A record's line is the line where it starts. Header problems throw even under
    /// `skipInvalid`, since no record can be read without the header.
    static func readCSV(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into builder: inout CorpusBuilder
    ) throws(CorpusError) {
        let path = builder.path, limit = builder.options.maxLineBytes
        let hasNUL = CorpusBytes.firstIndex(of: 0, in: bytes, from: start, to: bytes.count) != bytes.count
        var scanner = CSVRecordScanner(bytes, from: start)
        var columns: (label: Int, text: Int)? = nil
        while !scanner.isAtEnd {
            let recordStart = scanner.position, line = scanner.line
            let outcome = scanner.next()
            let problem: CorpusError? =
                switch outcome {
                case .record: nil
                case let .unterminatedQuote(quoteLine): .unterminatedQuote(path: path, line: quoteLine)
                case let .strayQuote(quoteLine): .strayQuote(path: path, line: quoteLine)
                }
            let recordEnd = scanner.position, headerRead = columns != nil
            if let problem {
                try rejectCSV(problem, headerRead: headerRead, into: &builder)
            } else if recordEnd - recordStart > limit {
                try rejectCSV(.lineTooLong(path: path, line: line, limit: limit), headerRead: headerRead, into: &builder)
            } else if hasNUL, CorpusBytes.firstIndex(of: 0, in: bytes, from: recordStart, to: recordEnd) != recordEnd {
                try rejectCSV(.binaryContent(path: path, line: line), headerRead: headerRead, into: &builder)
            } else if isBlank(scanner) {
                continue
            } else if let columns {
                try addRecord(scanner, columns: columns, line: line, into: &builder)
            } else {
                columns = try headerColumns(scanner, path: path, line: line)
            }
        }
    }

    /// Rejects a bad record; before the header is read, any problem is fatal.
    private static func rejectCSV(
        _ error: CorpusError, headerRead: Bool, into builder: inout CorpusBuilder
    ) throws(CorpusError) {
        guard headerRead else { throw error }
        try builder.reject(error)
    }

    /// Whether the record is an empty line (one unquoted field of whitespace).
    private static func isBlank(_ scanner: CSVRecordScanner) -> Bool {
        guard scanner.fields.count == 1, !scanner.hasQuotedField, let field = scanner.fields.first else {
            return false
        }
        return scanner.scratch.withUnsafeBufferPointer { scratch in
            CorpusBytes.trimmed(scratch, field.lowerBound, field.upperBound).isEmpty
        }
    }

    /// The indices of the `label` and `text` columns named by the header record.
    private static func headerColumns(
        _ scanner: CSVRecordScanner, path: String, line: Int
    ) throws(CorpusError) -> (label: Int, text: Int) {
        let names = scanner.scratch.withUnsafeBufferPointer { scratch in
            scanner.fields.map { field in
                let name = CorpusBytes.trimmed(scratch, field.lowerBound, field.upperBound)
                return String(decoding: CorpusBytes.slice(scratch, name), as: UTF8.self).lowercased()
            }
        }
        let label = names.firstIndex(of: "label"), text = names.firstIndex(of: "text")
        switch (label, text) {
        case let (label?, text?): return (label, text)
        case (nil, nil): throw .missingHeader(path: path, line: line)
        case (nil, _): throw .missingColumn(path: path, line: line, column: "label")
        case (_, nil): throw .missingColumn(path: path, line: line, column: "text")
        }
    }

    /// Adds the example in the current record.
    private static func addRecord(
        _ scanner: CSVRecordScanner, columns: (label: Int, text: Int), line: Int,
        into builder: inout CorpusBuilder
    ) throws(CorpusError) {
        let needed = max(columns.label, columns.text) + 1
        guard scanner.fields.count >= needed else {
            return try builder.reject(
                .missingField(path: builder.path, line: line, needed: needed, found: scanner.fields.count))
        }
        let labelRange = scanner.fields[columns.label], textRange = scanner.fields[columns.text]
        let result = scanner.scratch.withUnsafeBufferPointer { scratch in
            Result { () throws(CorpusError) in
                try builder.add(
                    label: CorpusBytes.slice(scratch, labelRange),
                    text: CorpusBytes.slice(scratch, textRange),
                    line: line
                )
            }
        }
        try result.get()
    }
}
