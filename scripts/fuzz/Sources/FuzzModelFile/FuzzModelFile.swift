import FuzzSupport
@testable import StanceKit

let path = "fuzz.model"
let texts = TextBatch(["The minister condemned the attack.", "Exports rose by 4% in March.", "", "é ü 東京 🕵️"])

/// libFuzzer entry point: decodes the input as a model file, as it is and with its trailing
/// checksum recomputed (so mutations reach the sections behind the checksum), both as a model
/// loaded alone and as one loaded to score a batch (its word n-grams indexed from any size on,
/// from its `WIDX` section when it has one).
///
/// Oracles: a rejected file gets a `ModelError` whose message starts with the path and ends with
/// a fix; an accepted model classifies texts into probability rows that sum to 1, and survives
/// encode -> decode with the same predictions; without a `WIDX` section, the indexed model
/// predicts what the plain one does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzCheck.bytes(data, size)
    check(bytes)
    if bytes.count >= 16 { check(ModelChecksum.resealed(bytes)) }
    return 0
}

func check(_ bytes: [UInt8]) {
    let plain = checkIndexed(bytes, indexNGrams: nil)
    let indexed = checkIndexed(bytes, indexNGrams: 0)
    if let plain, let indexed, !bytes.contains(tag: Array("WIDX".utf8)) {
        FuzzCheck.require(indexed.probabilities == plain.probabilities, "the indexed model predicts differently")
    }
    guard let (model, probabilities) = plain else { return }
    let again: TextClassifier
    do {
        again = try ModelFile.decode(ModelFile.encode(model), path: path)
    } catch {
        FuzzCheck.require(false, "re-encoded model does not load: \(error)")
        return
    }
    FuzzCheck.require(again.predictProbabilities(texts) == probabilities, "re-encoded model predicts differently")
}

/// The model in `bytes` (its word n-grams indexed from `indexNGrams` terms on) and its
/// probabilities for `texts`, checked; nil when the file is rejected, with a checked message.
func checkIndexed(_ bytes: [UInt8], indexNGrams: Int?) -> (model: TextClassifier, probabilities: [[Double]])? {
    let model: TextClassifier
    do {
        model = try ModelFile.decode(bytes, path: path, overlapping: nil, indexNGrams: indexNGrams)
    } catch {
        let message = error.description
        FuzzCheck.require(message.hasPrefix(path + ":") && message.contains("; "), "bad message: \(message)")
        return nil
    }
    let probabilities = model.predictProbabilities(texts)
    FuzzCheck.require(probabilities.count == texts.count, "\(probabilities.count) rows for \(texts.count) texts")
    for row in probabilities {
        FuzzCheck.require(row.count == model.classes.count, "row of \(row.count) for \(model.classes.count) classes")
        FuzzCheck.require(row.allSatisfy { $0 >= 0 && $0 <= 1 } && abs(row.reduce(0, +) - 1) < 1e-6,
                          "probabilities \(row) do not sum to 1")
    }
    return (model, probabilities)
}

extension [UInt8] {
    /// Whether `tag` occurs anywhere in these bytes.
    func contains(tag: [UInt8]) -> Bool {
        guard count >= tag.count else { return false }
        return (0 ... count - tag.count).contains { start in (0 ..< tag.count).allSatisfy { self[start + $0] == tag[$0] } }
    }
}

/// The executable's entry point (SwiftPM names it `FuzzModelFile_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzModelFile_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzz)
}
