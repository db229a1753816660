extension ModelChecksum {
    /// Version 2's checksum (`lanes`) of `count` bytes taken in pieces, in order: the value
    /// `lanes` gives for the pieces together, so a file can be checksummed as it is written,
    /// from the pieces its owner holds. The 32-byte blocks are the whole file's; a block cut
    /// between two pieces, and the last `count % 32` bytes, wait in `carry`.
    struct Stream {
        let count: Int
        private let seed: UInt64
        private var h0: UInt64, h1: UInt64, h2: UInt64, h3: UInt64
        /// Bytes taken so far.
        private(set) var taken = 0
        /// The bytes of a block not yet complete, or of the end.
        private var carry: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var carried = 0

        init(count: Int) {
            self.count = count
            seed = UInt64(truncatingIfNeeded: count) &* ByteHash.m1
            (h0, h1, h2, h3) = (seed, seed &+ 1, seed &+ 2, seed &+ 3)
        }

        /// Folds one 32-byte block into the lanes.
        @inline(__always)
        private mutating func block(_ raw: UnsafeRawPointer) {
            h0 = ByteHash.fold(h0, raw.loadUnaligned(as: UInt64.self))
            h1 = ByteHash.fold(h1, raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            h2 = ByteHash.fold(h2, raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            h3 = ByteHash.fold(h3, raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }

        /// Takes the next `bytes` of the file.
        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            precondition(taken + bytes.count <= count, "\(taken + bytes.count) bytes checksummed of \(count)")
            guard let raw = bytes.baseAddress, bytes.count > 0 else { return }
            // The blocks end here; the rest (fewer than 32 bytes) is the end.
            let blocks = count / 32 * 32
            var offset = 0
            if carried > 0 {
                let n = min(32 - carried, bytes.count)
                withUnsafeMutableBytes(of: &carry) { ($0.baseAddress! + carried).copyMemory(from: raw, byteCount: n) }
                carried += n
                offset = n
                taken += n
                if carried == 32 {
                    withUnsafeBytes(of: carry) { block($0.baseAddress!) }
                    carried = 0
                }
            }
            while offset + 32 <= bytes.count && taken + 32 <= blocks {
                block(raw + offset)
                offset += 32
                taken += 32
            }
            let rest = bytes.count - offset
            if rest > 0 {
                withUnsafeMutableBytes(of: &carry) { ($0.baseAddress! + carried).copyMemory(from: raw + offset, byteCount: rest) }
                carried += rest
                taken += rest
            }
        }

        /// The checksum, once all `count` bytes are taken.
        func finish() -> UInt64 {
            precondition(taken == count, "\(taken) bytes checksummed of \(count)")
            var h = ByteHash.fold(ByteHash.fold(ByteHash.fold(ByteHash.fold(seed, h0), h1), h2), h3)
            return withUnsafeBytes(of: carry) { carry in
                var offset = 0
                while offset + 8 <= carried {
                    h = ByteHash.fold(h, carry.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    offset += 8
                }
                return ByteHash.fmix(ByteHash.foldTail(h, carry.bindMemory(to: UInt8.self).baseAddress!, from: offset, to: carried))
            }
        }
    }
}
