/// The binary model file.
///
/// Layout (all integers little-endian):
/// ```
/// magic      4 bytes  "STNC"
/// version    UInt32   ModelFile.version
/// count      UInt32   number of sections
/// sections   count x { tag: 4 ASCII bytes, length: UInt64, payload: length bytes }
/// checksum   UInt64   of every byte before it (`ModelChecksum`: version 1 one hash chain,
///                     version 2 four lanes)
/// ```
/// Sections: `OPTS` training options as sorted `key=value` lines; `VOCB` terms (count, then
/// each length as UInt32, then the bytes); `IDF_` idf values (Float64); `CLSS` class labels;
/// `CCNT` class counts (Float64); `FCNT` feature counts, sparse per class (count of non-zeros,
/// their feature indices as ascending UInt32, their values as Float64); optional `CALB`, the
/// probability calibration (`CalibrationSection`), only in calibrated models; optional `WIDX`,
/// the word numbering of a large word n-gram vocabulary (`WordIDSection`), which a reader that
/// indexes the vocabulary's n-grams uses instead of looking the words up. The classifier's weights
/// are derived from the counts on load (one log per count), so they cannot disagree with them
/// and `partialFit` can continue from a loaded model. `LSA_`, only in models trained with a
/// latent semantic space, holds it (`SemanticSpaceCodec`). Unknown sections are skipped, so a
/// later minor format can add sections. Nothing in a model file is executed; every length is
/// checked against the bytes that remain before anything is allocated.
public enum ModelFile {
    /// The magic bytes, "STNC".
    static let magic: [UInt8] = Array("STNC".utf8)
    /// The format version this code writes and the newest it reads: 2, whose checksum runs on
    /// four lanes (`ModelChecksum`); version 1 files (the one-chain checksum, otherwise the same
    /// layout) are still read.
    public static let version: UInt32 = 2

    /// The model in `bytes`; `path` names the file in errors.
    ///
    /// Checks, in order: the magic, the version, the section table (every length against the
    /// bytes that remain, so a cut file is reported as truncated and no length is trusted),
    /// exactly 8 checksum bytes after the last section, the checksum, then each section.
    public static func decode(_ bytes: [UInt8], path: String) throws(ModelError) -> TextClassifier {
        try decode(bytes, path: path, overlapping: nil)
    }

    /// `decode(_:path:)`, running `work` on the decoder's threads while the classifier's weights
    /// are derived (see `SectionDecoder.Overlap`); with `indexNGrams`, for a model about to
    /// score many texts, the word n-grams of a vocabulary of at least that many terms are
    /// indexed by word ids (`NGramIndex`).
    static func decode(_ bytes: [UInt8], path: String, overlapping work: SectionDecoder.Overlap?, indexNGrams: Int? = nil)
        throws(ModelError) -> TextClassifier
    {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ModelError) in try decode(raw, path: path, overlapping: work, indexNGrams: indexNGrams) }
        }
        return try result.get()
    }

    /// `decode(_:path:overlapping:indexNGrams:)` of borrowed bytes (a mapped file: `MappedFile`),
    /// which the model does not keep.
    /// `release`, when given, is called with parts of `bytes` the decoder is done with
    /// (`SectionDecoder.release`); the sections after them may still be read.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, path: String, overlapping work: SectionDecoder.Overlap?, indexNGrams: Int? = nil,
        release: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(ModelError) -> TextClassifier {
        guard bytes.count >= 4, bytes[0 ..< 4].elementsEqual(magic) else { throw .notAModel(path: path) }
        var header = ByteReader(bytes: bytes, range: 4 ..< bytes.count, path: path, section: "header")
        let version = try header.readUInt32()
        guard version <= ModelFile.version else {
            throw .newerVersion(path: path, version: version, supported: ModelFile.version)
        }
        guard version >= 1 else { throw .corrupt(path: path, section: "header", reason: "version 0") }
        let sectionCount = try header.readUInt32()
        var sections: [String: Range<Int>] = [:]
        for _ in 0 ..< sectionCount {
            let tag = String(decoding: try header.readBytes(4), as: UTF8.self)
            let length = try header.readUInt64()
            guard length <= UInt64(header.remaining) else { throw .truncated(path: path, offset: bytes.count) }
            let start = header.position
            _ = try header.readBytes(Int(length))
            sections[tag] = start ..< start + Int(length)
        }
        guard header.remaining >= 8 else { throw .truncated(path: path, offset: bytes.count) }
        guard header.remaining == 8 else {
            throw .corrupt(path: path, section: "header", reason: "\(header.remaining - 8) unexpected bytes after the last section")
        }
        let stored = ByteReader.littleEndianUInt64(bytes, at: bytes.count - 8)
        let actual = ModelChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[0 ..< bytes.count - 8]), version: version)
        guard stored == actual else { throw .checksumMismatch(path: path) }
        func reader(_ tag: String) throws(ModelError) -> ByteReader {
            guard let range = sections[tag] else { throw .missingSection(path: path, section: tag) }
            return ByteReader(bytes: bytes, range: range, path: path, section: tag)
        }
        let wordIDs = sections[WordIDSection.tag].map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
        var model = try SectionDecoder(
            path: path, reader: reader, overlap: work, indexNGrams: indexNGrams, wordIDs: wordIDs, release: release, file: bytes).decode()
        if sections[CalibrationSection.tag] != nil {
            var calibration = try reader(CalibrationSection.tag)
            model = model.withTemperature(try CalibrationSection.decode(&calibration))
        }
        guard sections[SemanticSpaceCodec.tag] != nil else { return model }
        var lsa = try reader(SemanticSpaceCodec.tag)
        let space = try SemanticSpaceCodec.decode(&lsa, model: model)
        return TextClassifier(
            vectorizer: model.vectorizer, classifier: model.classifier, options: model.options,
            temperature: model.temperature, semanticSpace: space)
    }
}

extension ByteReader {
    static func littleEndianUInt64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
