import StanceKit

/// Where a command's output goes: standard output, written in pieces of 64 KiB as it is made, or
/// a file (`--output PATH`), written once at the end with `AtomicFile.write`, so a reader never
/// sees half a report and a failed run leaves the previous file untouched.
struct OutputSink {
    /// The file to write, or nil for standard output.
    let path: String?
    private var buffer = ""
    /// Whether the output is only kept, in `text` (for `stance benchmark`'s self-checks).
    private var keeps = false

    /// A sink for `--output PATH`; nil or `-` is standard output.
    init(path: String?) {
        self.path = path == "-" ? nil : path
    }

    /// A sink that writes nothing and keeps the whole output in `text`.
    static func memory() -> OutputSink {
        var sink = OutputSink(path: nil)
        sink.keeps = true
        return sink
    }

    /// The output kept by a `memory()` sink.
    var text: String { buffer }

    /// Whether the output goes to a file.
    var isFile: Bool { path != nil }

    /// Adds `text` to the output.
    mutating func write(_ text: String) {
        buffer += text
        if path == nil, !keeps, buffer.utf8.count > 1 << 16 {
            print(buffer, terminator: "")
            buffer = ""
        }
    }

    /// Writes what is left: to standard output, or the whole file atomically.
    mutating func finish() throws {
        guard !keeps else { return }
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
