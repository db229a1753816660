/// The optional `LSA_` section: a model's latent semantic space. Written only for models that
/// have one, so every other model's file is unchanged; readers that predate it skip it.
///
/// Payload (little-endian):
/// ```
/// rank asked             UInt32     TruncatedSVD.Options.rank
/// oversampling           UInt32
/// power iterations       UInt32
/// seed                   UInt64
/// idf                    UInt64 V, then V x Float64     (the space's TF-IDF weights)
/// singular values        UInt64 R, then R x Float32     (descending, >= 0)
/// projection V_R         UInt64 V*R, then Float32, row-major V x R
/// sentences              UInt64 n
/// labels                 n x UInt32, indices into the CLSS section
/// text lengths           n x UInt32, then the texts' UTF-8 bytes back to back
/// embeddings             UInt64 n*R, then Float32, row-major n x R
/// ```
/// The feature options are not stored: they follow from OPTS (`SemanticSpace.featureOptions`).
/// Every count is checked against the bytes left before anything is allocated.
enum SemanticSpaceCodec {
    static let tag = "LSA_"

    static func encode(_ space: SemanticSpace, classes: [String]) -> [UInt8] {
        var index: [String: UInt32] = [:]
        for (i, label) in classes.enumerated() { index[label] = UInt32(i) }
        var writer = ByteWriter()
        writer.write(UInt32(space.options.rank))
        writer.write(UInt32(space.options.oversampling))
        writer.write(UInt32(space.options.powerIterations))
        writer.write(space.options.seed)
        writer.write(space.vectorizer.idf)
        writer.write(space.singularValues)
        writer.write(space.projection)
        writer.write(UInt64(space.count))
        for label in space.labels {
            guard let i = index[label] else { preconditionFailure("semantic space label \(label) is not a class") }
            writer.write(i)
        }
        for i in 0 ..< space.count { writer.write(UInt32(space.texts.offsets[i + 1] - space.texts.offsets[i])) }
        writer.write(raw: space.texts.bytes)
        writer.write(space.embeddings)
        return writer.bytes
    }

    static func decode(_ reader: inout ByteReader, model: TextClassifier) throws(ModelError) -> SemanticSpace {
        func corrupt(_ reason: String) -> ModelError { .corrupt(path: reader.path, section: tag, reason: reason) }
        let rank = Int(try reader.readUInt32())
        let oversampling = Int(try reader.readUInt32())
        let powerIterations = Int(try reader.readUInt32())
        let options = TruncatedSVD.Options(
            rank: rank, oversampling: oversampling, powerIterations: powerIterations, seed: try reader.readUInt64())
        do { try options.validate() } catch { throw corrupt(error.description) }

        let features = model.vectorizer.featureCount
        let idf = try reader.readDoubles()
        guard idf.count == features else { throw corrupt("\(idf.count) idf values for \(features) terms") }
        guard idf.allSatisfy({ $0.isFinite && $0 > 0 }) else { throw corrupt("an idf value is not a positive number") }
        let sigma = try reader.readFloats()
        let r = sigma.count
        guard r >= 1, r <= options.rank, r <= features else { throw corrupt("rank \(r) for \(features) terms") }
        guard sigma.allSatisfy({ $0.isFinite && $0 >= 0 }), zip(sigma, sigma.dropFirst()).allSatisfy({ $0 >= $1 }) else {
            throw corrupt("singular values are not finite, non-negative and descending")
        }
        let projection = try reader.readFloats()
        guard projection.count == features * r else { throw corrupt("projection of \(projection.count) values, expected \(features) x \(r)") }
        guard projection.allSatisfy(\.isFinite) else { throw corrupt("a projection value is not finite") }

        // Each sentence needs at least a label, a length and its embedding: 8 + 4 r bytes.
        let n = try reader.readCount(elementSize: 8 + 4 * r)
        guard n >= r else { throw corrupt("\(n) sentences for rank \(r)") }
        var labels: [String] = []
        labels.reserveCapacity(n)
        for _ in 0 ..< n {
            let label = Int(try reader.readUInt32())
            guard label < model.classes.count else { throw corrupt("label index \(label) for \(model.classes.count) classes") }
            labels.append(model.classes[label])
        }
        var offsets = [0]
        offsets.reserveCapacity(n + 1)
        for _ in 0 ..< n {
            let length = Int(try reader.readUInt32())
            guard length <= reader.remaining - (offsets.last ?? 0) else { throw .truncated(path: reader.path, offset: reader.position) }
            offsets.append((offsets.last ?? 0) + length)
        }
        let bytes = try reader.readBytes(offsets.last ?? 0).assumingMemoryBound(to: UInt8.self)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw corrupt("a sentence is not valid UTF-8") }
        var texts = TextBatch()
        texts.reserveCapacity(documents: n, byteCount: bytes.count)
        for i in 0 ..< n { texts.append(bytes: UnsafeBufferPointer(rebasing: bytes[offsets[i] ..< offsets[i + 1]])) }
        let embeddings = try reader.readFloats()
        guard embeddings.count == n * r else { throw corrupt("\(embeddings.count) embedding values, expected \(n) x \(r)") }
        guard embeddings.allSatisfy(\.isFinite) else { throw corrupt("an embedding value is not finite") }
        guard reader.remaining == 0 else { throw corrupt("\(reader.remaining) bytes after the embeddings") }

        let vectorizer = Vectorizer(
            options: SemanticSpace.featureOptions(for: model.vectorizer.options), vocabulary: model.vectorizer.vocabulary,
            idf: idf)
        return SemanticSpace(
            options: options, vectorizer: vectorizer, singularValues: sigma, projection: projection,
            embeddings: embeddings, texts: texts, labels: labels)
    }
}
