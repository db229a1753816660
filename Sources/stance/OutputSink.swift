import StanceKit

/// Where a command's output goes: standard output, written in pieces of 64 KiB as it is made, or
/// a file (`--output PATH`), written once at the end with `AtomicFile.write`, so a reader never
/// sees half a report and a failed run leaves the previous file untouched.
struct OutputSink {
    /// The file to write, or nil for standard output.
    let path: String?
    private var buffer = ""

    /// A sink for `--output PATH`; nil or `-` is standard output.
    init(path: String?) {
        self.path = path == "-" ? nil : path
    }

    /// Whether the output goes to a file.
    var isFile: Bool { path != nil }

    /// Adds `text` to the output.
    mutating func write(_ text: String) {
        buffer += text
        if path == nil, buffer.utf8.count > 1 << 16 {
            print(buffer, terminator: "")
            buffer = ""
        }
    }

    /// Writes what is left: to standard output, or the whole file atomically.
    mutating func finish() throws {
        guard let path else {
            print(buffer, terminator: "")
            buffer = ""
            return
        }
        do {
            try AtomicFile.write(Array(buffer.utf8), to: path)
        } catch {
            switch error {
            case .isDirectory:
                throw InputError(description: "\(path): is a directory; pass a file path to --output", code: .io)
            case .notFound, .system:
                let reason = if case .system(let text) = error { text } else { "no such directory" }
                throw InputError(
                    description: "\(path): cannot write (\(reason)); check that its folder exists and is writable",
                    code: .io)
            }
        }
    }
}
