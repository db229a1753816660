#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: stdout through a buffer, stderr unbuffered, colour when allowed.
enum Terminal {
    /// Whether stderr is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Whether stdout is a terminal and `NO_COLOR` is unset.
    static var colorAllowed: Bool { isatty(1) == 1 && getenv("NO_COLOR") == nil }

    /// Writes `text` and a newline to stderr.
    static func error(_ text: String) {
        var line = text
        line.append("\n")
        writeStandardError(line)
    }

    /// Writes `text` to file descriptor 2, unbuffered.
    static func writeStandardError(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Progress on stderr, overwritten in place: `label [#####     ] 42%`.
    static func progress(_ label: String, fraction: Double) {
        let width = 30
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let text = "\r\(label) [\(bar)] \(Int((fraction * 100).rounded()))%"
        writeStandardError(fraction >= 1 ? text + "\n" : text)
    }
}
