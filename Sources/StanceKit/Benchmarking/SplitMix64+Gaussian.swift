#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SplitMix64 {
    /// A uniform `Double` in the open interval (0, 1): the top 53 bits of the next output, plus
    /// one half, times 2^-53. Never 0, so its logarithm is finite.
    public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Fills `buffer` with independent standard normal values by the Box-Muller transform
    /// (Box & Muller 1958): two uniforms `u1, u2` in (0, 1) give `r cos θ` and `r sin θ` with
    /// `r = sqrt(-2 ln u1)` and `θ = 2π u2`. Two draws per pair of values, in buffer order, so
    /// the same seed fills the same values everywhere.
    public mutating func fillGaussian(_ buffer: UnsafeMutableBufferPointer<Float>) {
        var i = 0
        while i < buffer.count {
            let r = (-2 * log(nextOpenUnit())).squareRoot()
            let theta = 2 * Double.pi * nextOpenUnit()
            buffer[i] = Float(r * cos(theta))
            if i + 1 < buffer.count { buffer[i + 1] = Float(r * sin(theta)) }
            i += 2
        }
    }
}
