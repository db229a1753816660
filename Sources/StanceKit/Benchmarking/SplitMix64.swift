/// The project's one seeded pseudo-random generator: SplitMix64 (Steele, Lea & Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014; Vigna's public-domain C
/// reference `splitmix64.c`).
///
/// Each call adds the golden-ratio increment `0x9E3779B97F4A7C15` to a 64-bit state and returns
/// the state passed through a mixing function (two xor-shift-multiply rounds and a final
/// xor-shift). The whole generator is one `UInt64`, so it is a plain `Sendable` value: copying it
/// forks the stream. Same seed, same sequence, on every platform and Swift version.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// var indices = Array(0..<10)
/// deterministicShuffle(&indices, using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current state; the next output is a function of `state + 0x9E3779B97F4A7C15`.
    public private(set) var state: UInt64

    /// A generator whose stream is fully determined by `seed` (any value, including 0, is fine).
    public init(seed: UInt64) {
        state = seed
    }

    /// Advances the state and returns the next 64 pseudo-random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly distributed integer in `0 ..< upperBound`, by Lemire's multiply-high method
    /// with rejection ("Fast Random Integer Generation in an Interval", ACM TOMACS 2019).
    ///
    /// The 128-bit product `x * upperBound` of a random `x` maps `x` to `product.high`; when
    /// `product.low < (2^64 - upperBound) % upperBound` the draw would be biased and is redone.
    /// Spelled out here, rather than left to the standard library's `next(upperBound:)`, so the
    /// stream of draws is pinned down by this file alone.
    public mutating func bounded(below upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0, "bounded(below:) needs upperBound > 0, got \(upperBound)")
        var product = next().multipliedFullWidth(by: upperBound)
        if product.low < upperBound {
            let threshold = (0 &- upperBound) % upperBound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: upperBound)
            }
        }
        return product.high
    }
}

/// Shuffles `array` in place with the Fisher-Yates (Durstenfeld) algorithm, drawing from `rng`.
///
/// For `i` from `count - 1` down to 1, swaps element `i` with element `j = rng.bounded(below: i + 1)`
/// (Lemire's unbiased bounded draw, see `SplitMix64.bounded(below:)`). The standard library's
/// `shuffle(using:)` does not promise an algorithm, so its output may change between Swift versions;
/// this one is fixed: the same seed gives the same permutation everywhere. Uses `count - 1` draws
/// (plus rare rejections); arrays of 0 or 1 elements are left untouched and consume no draws.
public func deterministicShuffle<T>(_ array: inout [T], using rng: inout SplitMix64) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, through: 1, by: -1) {
        let j = Int(rng.bounded(below: UInt64(i + 1)))
        array.swapAt(i, j)
    }
}

extension Array {
    /// A copy of the array shuffled by `deterministicShuffle(_:using:)`: stable across Swift versions.
    public func deterministicallyShuffled(using rng: inout SplitMix64) -> [Element] {
        var copy = self
        deterministicShuffle(&copy, using: &rng)
        return copy
    }
}
