import Foundation
import Testing
@testable import StanceKit

/// The model file's checksum by version (`ModelChecksum`), against plain reference versions.
@Suite struct ModelChecksumTests {
    /// The little-endian 8-byte word of `bytes` at `offset`, the bytes past the end as zeros.
    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0 ..< 8).reduce(UInt64(0)) { $0 | (offset + $1 < bytes.count ? UInt64(bytes[offset + $1]) << (8 * UInt64($1)) : 0) }
    }

    /// The step and the finaliser are `ByteHash`'s (tested with it); what is checked here is
    /// which words go through them in which order.
    static func fold(_ h: UInt64, _ w: UInt64) -> UInt64 { ByteHash.fold(h, w) }
    static func fmix(_ value: UInt64) -> UInt64 { ByteHash.fmix(value) }

    /// Version 1 as its doc comment states it: one chain over the words, the tail word last.
    static func chain(_ bytes: [UInt8]) -> UInt64 {
        var h = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        for offset in stride(from: 0, to: bytes.count, by: 8) { h = fold(h, word(bytes, offset)) }
        return fmix(h)
    }

    /// Version 2 as its doc comment states it: word `k` of the 32-byte blocks to lane `k % 4`,
    /// the lanes folded in order, then the rest's words.
    static func lanes(_ bytes: [UInt8]) -> UInt64 {
        let seed = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var lane = (0 ..< 4).map { seed &+ UInt64($0) }
        let blocks = bytes.count / 32
        for k in 0 ..< 4 * blocks { lane[k % 4] = fold(lane[k % 4], word(bytes, 8 * k)) }
        var h = lane.reduce(seed, fold)
        for offset in stride(from: 32 * blocks, to: bytes.count, by: 8) { h = fold(h, word(bytes, offset)) }
        return fmix(h)
    }

    static func checksum(_ bytes: [UInt8], version: UInt32) -> UInt64 {
        bytes.withUnsafeBytes { ModelChecksum.of($0, version: version) }
    }

    /// `count` bytes drawn from `SplitMix64(seed:)`.
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
    }

    @Test("versions 1 and 2 equal their plain references at every length from 0 to 200 and at 1 MB")
    func references() {
        let long = Self.randomBytes(1_000_003, seed: 7)
        for count in Array(0 ... 200) + [long.count] {
            let bytes = Array(long.prefix(count))
            #expect(Self.checksum(bytes, version: 1) == Self.chain(bytes), "version 1, \(count) bytes")
            #expect(Self.checksum(bytes, version: 1) == bytes.withUnsafeBufferPointer { ByteHash.hash($0) })
            #expect(Self.checksum(bytes, version: 2) == Self.lanes(bytes), "version 2, \(count) bytes")
        }
    }

    @Test("version 2 taken in pieces of any sizes equals it taken whole")
    func stream() {
        let long = Self.randomBytes(200_003, seed: 9)
        var generator = SplitMix64(seed: 10)
        for count in Array(0 ... 130) + [long.count] {
            for maximum in [1, 3, 31, 32, 33, 100, 70_000] {
                var stream = ModelChecksum.Stream(count: count)
                let bytes = Array(long.prefix(count))
                bytes.withUnsafeBytes { raw in
                    var at = 0
                    while at < count {
                        let n = min(Int.random(in: 1 ... maximum, using: &generator), count - at)
                        stream.update(UnsafeRawBufferPointer(rebasing: raw[at ..< at + n]))
                        at += n
                    }
                }
                #expect(stream.finish() == Self.lanes(bytes), "\(count) bytes in pieces of at most \(maximum)")
            }
        }
    }

    @Test("version 2 tells apart a byte flipped in any lane and words swapped between lanes")
    func sensitivity() {
        let bytes = (0 ..< 100).map { UInt8($0) }
        let base = Self.checksum(bytes, version: 2)
        for position in bytes.indices {
            var copy = bytes
            copy[position] ^= 0x10
            #expect(Self.checksum(copy, version: 2) != base, "byte \(position)")
        }
        var swapped = bytes
        swapped.swapAt(0, 8)
        #expect(Self.checksum(swapped, version: 2) != base)
    }

    @Test("a version 1 file, same layout with the one-chain checksum, decodes to the same model")
    func readsVersion1() throws {
        let model = try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels)
        let current = ModelFile.encode(model)
        #expect(current[4 ..< 8].elementsEqual([2, 0, 0, 0]))
        var old = current
        old[4] = 1
        // Sealed with version 2's checksum, a version 1 file is damaged.
        #expect(throws: ModelError.checksumMismatch(path: "m")) { try ModelFile.decode(old, path: "m") }
        old = ModelChecksum.resealed(old)
        #expect(old.suffix(8) != current.suffix(8))
        let loaded = try ModelFile.decode(old, path: "m")
        let test = TextBatch(SKLearnFixture.test)
        #expect(loaded.predictProbabilities(test) == model.predictProbabilities(test))
        // Saved again, it is a version 2 file, byte for byte the one written first.
        #expect(ModelFile.encode(loaded) == current)
    }
}
