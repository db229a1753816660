import Testing
@testable import StanceKit

/// `CorpusBytes.count(of:in:)`, eight bytes at a time, and `lineFeeds(in:)`, against a plain
/// count.
@Suite struct CorpusBytesTests {
    @Test("a byte is counted eight at a time as one at a time, at every length and offset", arguments: [0x0A, 0x20, 0x00, 0xFF] as [UInt8])
    func counts(byte: UInt8) {
        var rng = SplitMix64(seed: UInt64(byte) + 1)
        // Neighbours of the byte (one bit apart, its high bit flipped), which a wrong mask
        // would count too, and bytes whose lanes carry into the next in a wrong formula.
        let alphabet: [UInt8] = [byte, byte ^ 1, byte ^ 0x80, 0x7F, 0x80, 0x00, 0xFF, 0x0A, 0x20, 0x61]
        for round in 0 ..< 300 {
            let count = round < 40 ? round : Int(rng.bounded(below: 200))
            let bytes = (0 ..< count).map { _ in alphabet[Int(rng.bounded(below: UInt64(alphabet.count)))] }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0 ... min(count, 9) {
                    let part = UnsafeBufferPointer(rebasing: buffer[start...])
                    #expect(CorpusBytes.count(of: byte, in: part) == part.filter { $0 == byte }.count, "\(bytes) from \(start)")
                    if byte == CorpusBytes.lineFeed {
                        #expect(CorpusBytes.lineFeeds(in: part) == part.filter { $0 == byte }.count, "\(bytes) from \(start)")
                    }
                }
            }
        }
        #expect(CorpusBytes.count(of: byte, in: UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == 0)
        #expect(CorpusBytes.lineFeeds(in: UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == 0)
    }
}
