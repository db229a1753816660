import Testing
@testable import StanceKit

@Suite struct RadixSortTests {
    /// Keys drawn from a few byte ranges, so some passes are skipped and duplicates occur.
    static func keys(_ count: Int, seed: UInt64, mask: UInt64) -> [UInt64] {
        var rng = SplitMix64(seed: seed)
        return (0 ..< count).map { _ in rng.next() & mask }
    }

    /// 20,000 is past `RadixSort.wideDigitsFrom`: 11-bit digits in `sort(_:scratch:lowBit:)`.
    static let sizes = [0, 1, 2, 3, 47, 48, 49, 200, 5000, 20000]
    static let masks: [UInt64] = [.max, 0xFF, 0xFFFF_0000, 0x0F00_0000_0000_00F0, 0x7]

    @Test("sort(keys:values:) equals a stable comparison sort", arguments: sizes)
    func keysAndValues(count: Int) {
        for (m, mask) in Self.masks.enumerated() {
            var keys = Self.keys(count, seed: UInt64(count * 10 + m), mask: mask)
            var values = (0 ..< count).map { Int32($0) }
            let reference = zip(keys, values).sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            RadixSort.sort(keys: &keys, values: &values)
            #expect(keys == reference.map(\.0), "count \(count), mask \(mask)")
            #expect(values == reference.map(\.1), "count \(count), mask \(mask)")
        }
    }

    @Test("place(distinctKeys:...) equals sort(keys:values:) on distinct (k + 1) << shift keys", arguments: sizes)
    func placedKeys(count: Int) {
        for shift in [0, 17, 40] {
            // A random subset of k < bound, in random order.
            var rng = SplitMix64(seed: UInt64(count + shift))
            let bound = 2 * count + 3
            var ks = Array(0 ..< bound)
            for i in stride(from: bound - 1, to: 0, by: -1) { ks.swapAt(i, Int(rng.bounded(below: UInt64(i + 1)))) }
            var keys = ks.prefix(count).map { UInt64($0 + 1) << UInt64(shift) }
            var values = keys.map { $0 ^ 0x5555 }
            var sortedKeys = keys, sortedValues = values
            RadixSort.sort(keys: &sortedKeys, values: &sortedValues)
            RadixSort.place(distinctKeys: &keys, values: &values, shift: shift, below: bound)
            #expect(keys == sortedKeys, "count \(count), shift \(shift)")
            #expect(values == sortedValues, "count \(count), shift \(shift)")
        }
    }

    @Test("sort(_:scratch:lowBit:) orders by the high bits and keeps ties in order", arguments: sizes)
    func packedEntries(count: Int) {
        for (m, mask) in Self.masks.enumerated() {
            // Low 32 bits hold the original position, so a stable order is observable.
            let entries = Self.keys(count, seed: UInt64(count * 7 + m), mask: mask).enumerated().map {
                ($0.element << 32) | UInt64($0.offset)
            }
            let reference = entries.sorted { $0 >> 32 != $1 >> 32 ? $0 >> 32 < $1 >> 32 : $0 < $1 }
            var sorted = entries
            var scratch = [UInt64](repeating: 0, count: count)
            sorted.withUnsafeMutableBufferPointer { row in
                scratch.withUnsafeMutableBufferPointer { RadixSort.sort(row, scratch: $0, lowBit: 32) }
            }
            #expect(sorted == reference, "count \(count), mask \(mask)")
        }
    }

    @Test("idsSortedByTerm matches sorting the terms' bytes, including long shared prefixes")
    func vocabularyOrder() {
        var rng = SplitMix64(seed: 3)
        let alphabet = Array("abé z".utf8)
        var terms: [String] = []
        for _ in 0 ..< 3000 {
            let length = Int(rng.bounded(below: 14))
            let prefix = rng.bounded(below: 2) == 0 ? "prefixed " : ""
            let bytes = (0 ..< length).map { _ in alphabet[Int(rng.bounded(below: UInt64(alphabet.count)))] }
            terms.append(prefix + String(decoding: bytes, as: UTF8.self))
        }
        // Terms with NUL bytes tie with shorter terms on zero-padded digits.
        terms += ["prefixed ", "prefixed \0", "prefixed \0\0", "prefixed \0a", "\0", "\0\0\0\0\0\0\0\0\0"]
        // Terms that differ only by trailing NUL bytes, in a run that also holds a longer term,
        // tie on every digit past their ends; they order by their whole lengths.
        terms += ["a\0", "a", "a\0\0\0\0\0\0\0\0x", "bz\0", "bz", "bz\0\0\0\0\0\0\0\0\0y"]
        terms += (0 ..< 40).map { "a shared prefix of many bytes \($0 % 7) \($0)" }
        let vocabulary = Vocabulary(terms: terms)
        let expected = vocabulary.terms.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(vocabulary.idsSortedByTerm().map { vocabulary.term(Int($0)) } == expected)
    }
}

extension RadixSortTests {
    @Test("sorts like sort() for every size and bound", arguments: [1, 2, 31, 33, 500, 5000])
    func sorts(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        var scratch: [UInt32] = []
        var histogram = [Int](repeating: 0, count: 256)
        for bound: UInt32 in [1, 2, 255, 256, 257, 70_000, 1 << 24, UInt32.max] {
            var values = (0 ..< count).map { _ in UInt32(rng.bounded(below: UInt64(bound))) }
            let expected = values.sorted()
            RadixSort.sort(&values, scratch: &scratch, histogram: &histogram, below: bound)
            #expect(values == expected, "bound \(bound)")
        }
    }
}
