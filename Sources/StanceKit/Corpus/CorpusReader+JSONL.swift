/// The JSON-lines format: one object per line with a `"label"` and a `"text"` key.
extension CorpusReader {
    /// Reads JSON lines. `"text"` must be a string; `"label"` a string or a number, which is
    /// taken as written (`{"label": 3, ...}` has the label `"3"`). Other keys are checked as
    /// JSON but ignored.
    static func readJSONLines(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into builder: inout CorpusBuilder
    ) throws(CorpusError) {
        var parser = JSONLineParser(bytes)
        try forEachLine(bytes, from: start, builder: &builder) { line, number, builder throws(CorpusError) in
            let path = builder.path
            do throws(JSONLineParser.Failure) {
                try parser.parse(line)
            } catch {
                return try builder.reject(.invalidJSON(path: path, line: number, detail: error.detail))
            }
            let label: Range<Int>, text: Range<Int>
            switch parser.label {
            case .missing:
                return try builder.reject(.missingKey(path: path, line: number, key: "label"))
            case let .other(type):
                return try builder.reject(.wrongType(path: path, line: number, key: "label", found: type))
            case let .string(range), let .number(range):
                label = range
            }
            switch parser.text {
            case .missing:
                return try builder.reject(.missingKey(path: path, line: number, key: "text"))
            case .number:
                return try builder.reject(.wrongType(path: path, line: number, key: "text", found: "number"))
            case let .other(type):
                return try builder.reject(.wrongType(path: path, line: number, key: "text", found: type))
            case let .string(range):
                text = range
            }
            let result = parser.strings.withUnsafeBufferPointer { strings in
                Result { () throws(CorpusError) in
                    try builder.add(
                        label: CorpusBytes.slice(strings, label), text: CorpusBytes.slice(strings, text), line: number)
                }
            }
            try result.get()
        }
    }
}
