import ArgumentParser
import Foundation
import StanceKit

/// How `classify` and `split` read their inputs.
enum InputFormat: String, CaseIterable, ExpressibleByArgument {
    /// HTML for paths ending in `.html` or `.htm` (any case), text otherwise (stdin included).
    case auto
    /// UTF-8 text.
    case text
    /// An HTML page, reduced to its readable text by `HTMLText`.
    case html

    /// Whether `path` is read as HTML.
    func readsHTML(_ path: String) -> Bool {
        switch self {
        case .text: return false
        case .html: return true
        case .auto:
            let lower = path.lowercased()
            return path != "-" && (lower.hasSuffix(".html") || lower.hasSuffix(".htm"))
        }
    }
}

/// One input, read: the text that is split (offsets count into it) and, for HTML, the page title.
struct InputText {
    let text: String
    let title: String?

    /// The file at `path` (or stdin for "-"): a leading BOM is dropped (offsets count from after
    /// it); invalid UTF-8 is replaced by U+FFFD with one warning; HTML is reduced to its text.
    static func read(_ path: String, format: InputFormat) throws -> InputText {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            do {
                bytes = try AtomicFile.read(path)
            } catch {
                switch error {
                case .notFound:
                    throw InputError(description: "\(path): no such file; check the path", code: .noInput)
                case .isDirectory:
                    throw InputError(description: "\(path): is a directory; pass a text file", code: .noInput)
                case .system(let reason):
                    throw InputError(description: "\(path): cannot read (\(reason)); check its permissions", code: .io)
                }
            }
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if String(validating: body, as: UTF8.self) == nil {
            Terminal.error("stance: warning: \(path == "-" ? "<stdin>" : path): invalid UTF-8 replaced by U+FFFD")
        }
        if format.readsHTML(path) {
            let page = body.withUnsafeBufferPointer { HTMLText(bytes: $0) }
            return InputText(text: page.text, title: page.title)
        }
        return InputText(text: String(decoding: body, as: UTF8.self), title: nil)
    }
}
