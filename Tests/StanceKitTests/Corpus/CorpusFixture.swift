import Foundation
import Testing

@testable import StanceKit

/// A temporary directory for corpus files, removed when the fixture goes away.
final class CorpusFixture {
    /// The directory's path.
    let directory: String

    /// A new, empty temporary directory.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("stance-corpus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes `contents` to the file `name` in the directory; returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, bytes: Array(contents.utf8))
    }

    /// Writes `bytes` to the file `name` in the directory; returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `contents` to `name` and reads it back as a corpus.
    func read(
        _ name: String, _ contents: String, format: CorpusFormat? = nil,
        options: CorpusReader.Options = .init()
    ) throws -> LabeledCorpus {
        try CorpusReader.read(path: write(name, contents), format: format, options: options)
    }

    /// Writes `contents` to `name`, reads it, and returns the description of the error thrown
    /// (`nil`, with a recorded issue, when none is thrown).
    func failure(
        _ name: String, _ contents: String, format: CorpusFormat? = nil,
        options: CorpusReader.Options = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String? {
        try failure(name, bytes: Array(contents.utf8), format: format, options: options, sourceLocation: sourceLocation)
    }

    /// Writes `bytes` to `name`, reads it, and returns the description of the error thrown.
    func failure(
        _ name: String, bytes: [UInt8], format: CorpusFormat? = nil,
        options: CorpusReader.Options = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String? {
        let path = try write(name, bytes: bytes)
        let error = #expect(throws: CorpusError.self, sourceLocation: sourceLocation) {
            try CorpusReader.read(path: path, format: format, options: options)
        }
        return error?.description
    }
}

extension LabeledCorpus {
    /// Every document's text as a string, for comparing with expectations.
    var textStrings: [String] { (0 ..< count).map { texts[$0] } }
}
