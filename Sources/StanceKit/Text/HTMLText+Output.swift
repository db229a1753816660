extension HTMLText {
    /// The text being built, and the white space waiting to be written before its next visible
    /// byte: a gap is written only between two visible bytes, so the text never starts or ends
    /// with white space and never has two gaps in a row.
    struct Output {
        /// How wide the pending white space is; a wider gap absorbs a narrower one.
        enum Gap: Int, Comparable {
            case none, space, line, paragraph

            static func < (left: Gap, right: Gap) -> Bool { left.rawValue < right.rawValue }
        }

        /// The UTF-8 bytes written so far.
        private(set) var bytes: [UInt8] = []
        /// The white space to write before the next visible byte.
        private(set) var gap = Gap.none

        /// Appends one visible byte, after the pending gap.
        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if gap != .none { writeGap() }
            bytes.append(byte)
        }

        /// Appends visible bytes, after the pending gap.
        @inline(__always)
        mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
            if gap != .none { writeGap() }
            bytes.append(contentsOf: run)
        }

        /// Appends a decoded scalar: white space widens the gap (a line break inside `pre`),
        /// the soft hyphen is dropped, anything else is written as UTF-8.
        mutating func append(scalar value: UInt32, preformatted: Bool) {
            switch value {
            case 0x20, 0x09, 0x0C, 0x0D, 0xA0: widen(to: .space)
            case 0x0A: if preformatted { lineBreak() } else { widen(to: .space) }
            case 0xAD: break
            default:
                guard let scalar = Unicode.Scalar(value) else { return }
                if gap != .none { writeGap() }
                if let encoded = UTF8.encode(scalar) { bytes.append(contentsOf: encoded) }
            }
        }

        /// Makes the pending gap at least `width`.
        @inline(__always)
        mutating func widen(to width: Gap) {
            if width > gap { gap = width }
        }

        /// A line break inside `pre`: a second one in a row makes a paragraph break.
        mutating func lineBreak() {
            gap = gap >= .line ? .paragraph : .line
        }

        private mutating func writeGap() {
            if !bytes.isEmpty {
                switch gap {
                case .none: break
                case .space: bytes.append(0x20)
                case .line: bytes.append(0x0A)
                case .paragraph: bytes += [0x0A, 0x0A]
                }
            }
            gap = .none
        }
    }
}
