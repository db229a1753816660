import Foundation
import StanceKit
import Testing

/// One row of `splitter-cases.json`, the table shared with `scripts/compare-splitters.py`.
struct SplitterCase: Sendable, Decodable, CustomTestStringConvertible {
    /// The phenomenon the case is about ("titles", "ellipsis", ...).
    let group: String
    let name: String
    let input: String
    /// The sentences, trimmed, in order.
    let expected: [String]
    /// The kinds' raw values, one per sentence; nil means every sentence is content.
    let kinds: [String]?

    var testDescription: String { "\(group): \(name)" }

    /// The folder of this file, where the JSON table lives.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The table as read from disk, or the error that stopped it (a test reports it).
    static let loaded: Result<[SplitterCase], any Error> = Result {
        let data = try Data(contentsOf: directory.appendingPathComponent("splitter-cases.json"))
        return try JSONDecoder().decode([SplitterCase].self, from: data)
    }

    /// The cases, or none if the table could not be read.
    static var all: [SplitterCase] { (try? loaded.get()) ?? [] }

    /// Whether each sentence's text is exactly the input's Unicode scalars `start ..< end`, and the
    /// sentences are in order without overlapping.
    static func offsetsAreExact(_ sentences: [Sentence], in input: String) -> Bool {
        let scalars = Array(input.unicodeScalars)
        var previousEnd = 0
        for sentence in sentences {
            guard sentence.start >= previousEnd, sentence.start < sentence.end, sentence.end <= scalars.count else {
                return false
            }
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[sentence.start ..< sentence.end])
            guard String(slice) == sentence.text else { return false }
            previousEnd = sentence.end
        }
        return true
    }
}
