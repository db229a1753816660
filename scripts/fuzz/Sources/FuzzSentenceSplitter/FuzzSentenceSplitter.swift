import FuzzSupport
import StanceKit

let splitter = SentenceSplitter()

/// libFuzzer entry point: splits the input (decoded as UTF-8, invalid bytes as U+FFFD).
///
/// Oracles, as `SentenceSplitterRobustnessTests`: offsets are exact (each sentence is the
/// input's scalars `start ..< end`, in order, without overlap), sentences are non-empty and
/// trimmed, and no visible scalar is lost or duplicated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzCheck.bytes(data, size), as: UTF8.self)
    let sentences = splitter.split(text)
    let scalars = Array(text.unicodeScalars)
    var previousEnd = 0
    for sentence in sentences {
        FuzzCheck.require(sentence.start >= previousEnd && sentence.start < sentence.end && sentence.end <= scalars.count,
                          "bad offsets \(sentence.start)..<\(sentence.end) after \(previousEnd) of \(scalars.count)")
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[sentence.start ..< sentence.end])
        FuzzCheck.require(String(slice) == sentence.text, "text differs from its offsets: \(sentence.text.debugDescription)")
        FuzzCheck.require(sentence.text.unicodeScalars.contains { !$0.properties.isWhitespace }, "blank sentence")
        previousEnd = sentence.end
    }
    func visible(_ scalars: some Sequence<Unicode.Scalar>) -> [Unicode.Scalar] {
        scalars.filter { !$0.properties.isWhitespace && $0 != "\u{200B}" && $0 != "\u{FEFF}" }
    }
    FuzzCheck.require(sentences.flatMap { visible($0.text.unicodeScalars) } == visible(scalars), "text lost or duplicated")
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzSentenceSplitter_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzSentenceSplitter_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzz)
}
