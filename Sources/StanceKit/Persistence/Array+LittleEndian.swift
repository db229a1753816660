extension Array where Element: BitwiseCopyable {
    /// The little-endian values stored back to back in `raw` (`raw.count / MemoryLayout<Bits>.size`
    /// of them), each `element(bits)` (a bit-pattern conversion such as `Double(bitPattern:)`, so
    /// `Element` and `Bits` have the same size): on a little-endian machine the stored bytes are
    /// the array's, one copy. With `hugePages`, a large array is marked for huge pages before it
    /// is written (`PageMemory.adviseHugePages`).
    init<Bits: FixedWidthInteger & BitwiseCopyable>(
        littleEndian raw: UnsafeRawBufferPointer, hugePages: Bool = false, _ element: (Bits) -> Element
    ) {
        let width = MemoryLayout<Bits>.size
        precondition(MemoryLayout<Element>.size == width, "\(Element.self) is not \(width) bytes")
        let n = raw.count / width
        self.init(unsafeUninitializedCapacity: n) { buffer, initialized in
            if hugePages { PageMemory.adviseHugePages(UnsafeMutableRawBufferPointer(buffer)) }
            #if _endian(little)
            if n > 0, let source = raw.baseAddress, let target = buffer.baseAddress {
                UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: n * width)
            }
            #else
            for i in 0 ..< n { buffer[i] = element(Bits(littleEndian: raw.loadUnaligned(fromByteOffset: i * width, as: Bits.self))) }
            #endif
            initialized = n
        }
    }
}
