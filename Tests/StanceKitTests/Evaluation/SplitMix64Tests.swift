import Testing
@testable import StanceKit

@Suite struct SplitMix64Tests {
    @Test("matches Vigna's splitmix64.c reference outputs")
    func referenceOutputs() {
        // The first five outputs of splitmix64.c seeded with 1234567, and the first of seed 0;
        // reproduced offline with a 10-line Python port (state += 0x9E3779B97F4A7C15, two mixes).
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in rng.next() } == expected)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test("the same seed gives the same stream, another seed another")
    func seeding() {
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7), c = SplitMix64(seed: 8)
        let streamA = (0..<8).map { _ in a.next() }
        #expect(streamA == (0..<8).map { _ in b.next() })
        #expect(streamA != (0..<8).map { _ in c.next() })
    }

    @Test("bounded draws stay below the bound and hit every value")
    func boundedDraws() {
        var rng = SplitMix64(seed: 3)
        var seen = Set<UInt64>()
        for _ in 0..<1_000 {
            let draw = rng.bounded(below: 7)
            #expect(draw < 7)
            seen.insert(draw)
        }
        #expect(seen.count == 7)
        #expect(rng.bounded(below: 1) == 0)
    }

    @Test("Fisher-Yates shuffle is pinned for a seed")
    func pinnedShuffle() {
        // Python port of the same Fisher-Yates with Lemire draws (see SplitMix64.swift):
        //   a = list(range(10)); shuffle(a, SM(42)) -> [8, 3, 6, 5, 4, 0, 9, 2, 1, 7]
        //   a = list(range(10)); shuffle(a, SM(7))  -> [9, 5, 8, 6, 1, 2, 4, 7, 0, 3]
        var rng = SplitMix64(seed: 42)
        var values = Array(0..<10)
        deterministicShuffle(&values, using: &rng)
        #expect(values == [8, 3, 6, 5, 4, 0, 9, 2, 1, 7])
        var other = SplitMix64(seed: 7)
        #expect(Array(0..<10).deterministicallyShuffled(using: &other) == [9, 5, 8, 6, 1, 2, 4, 7, 0, 3])
    }

    @Test("shuffling keeps the elements; tiny arrays consume no draws")
    func permutation() {
        var rng = SplitMix64(seed: 99)
        var values = Array(0..<100)
        deterministicShuffle(&values, using: &rng)
        #expect(values.sorted() == Array(0..<100))
        var empty: [Int] = [], single = [5]
        let before = rng
        deterministicShuffle(&empty, using: &rng)
        deterministicShuffle(&single, using: &rng)
        #expect(rng == before && empty.isEmpty && single == [5])
    }
}
