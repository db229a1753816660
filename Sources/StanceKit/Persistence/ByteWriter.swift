/// Appends little-endian values to a byte buffer.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ values: [Double]) {
        write(UInt64(values.count))
        bytes.reserveCapacity(bytes.count + values.count * 8)
        for value in values { write(value.bitPattern) }
    }

    mutating func write(_ values: [Float]) {
        write(UInt64(values.count))
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { write(value.bitPattern) }
    }

    mutating func write(raw: some Collection<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Reserves room for `count` bytes in all.
    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    /// A section: its 4-byte tag, its payload length as a `UInt64`, then the payload `body`
    /// writes (the length is patched in afterwards).
    mutating func section(_ tag: String, _ body: (inout ByteWriter) -> Void) {
        precondition(tag.utf8.count == 4, "section tags have 4 bytes: \(tag)")
        bytes.append(contentsOf: tag.utf8)
        let at = bytes.count
        write(UInt64(0))
        body(&self)
        let length = UInt64(bytes.count - at - 8).littleEndian
        withUnsafeBytes(of: length) { raw in
            for i in 0 ..< 8 { bytes[at + i] = raw[i] }
        }
    }

    /// A length-prefixed UTF-8 string.
    mutating func write(string: String) {
        write(UInt32(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }
}

/// Reads little-endian values from a byte buffer, checking every length against what is left
/// before reading or allocating, so a hostile length cannot cause a large allocation. The bytes
/// are borrowed (a model file's, mapped or read: `MappedFile`) and must outlive the reader and
/// every buffer it returns.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int
    let path: String
    let section: String

    init(bytes: UnsafeRawBufferPointer, range: Range<Int>, path: String, section: String) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        self.path = path
        self.section = section
    }

    var remaining: Int { end - position }

    /// The bytes not read yet, to the section's end.
    var unread: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[position ..< end]) }

    /// Checks that `count` more bytes remain. Past the end of the header, the file ends early
    /// (`truncated`, at its size); past the end of a section, the section is inconsistent.
    mutating func need(_ count: Int) throws(ModelError) {
        guard count >= 0, count <= remaining else {
            guard section != "header" else { throw .truncated(path: path, offset: end) }
            throw .corrupt(path: path, section: section, reason: "its contents run past its end at byte \(end)")
        }
    }

    /// The little-endian `T` at `offset` (bounds checked by the caller).
    @inline(__always)
    private func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    mutating func readUInt32() throws(ModelError) -> UInt32 {
        try need(4)
        defer { position += 4 }
        return load(UInt32.self, at: position)
    }

    mutating func readUInt64() throws(ModelError) -> UInt64 {
        try need(8)
        defer { position += 8 }
        return load(UInt64.self, at: position)
    }

    /// A count that must fit in what is left, at `elementSize` bytes each.
    mutating func readCount(elementSize: Int) throws(ModelError) -> Int {
        let raw = try readUInt64()
        guard raw <= UInt64(remaining / max(1, elementSize)) else {
            throw .corrupt(path: path, section: section, reason: "a length of \(raw) exceeds the section")
        }
        return Int(raw)
    }

    /// A count, then that many little-endian `Float64`s. A model's idf is one value per term:
    /// megabytes, with huge pages (`PageMemory`).
    mutating func readDoubles() throws(ModelError) -> [Double] {
        let count = try readCount(elementSize: 8)
        return [Double](littleEndian: try readBytes(8 * count), hugePages: true) { (bits: UInt64) in Double(bitPattern: bits) }
    }

    /// A count, then that many little-endian `Float32`s.
    mutating func readFloats() throws(ModelError) -> [Float] {
        let count = try readCount(elementSize: 4)
        return [Float](littleEndian: try readBytes(4 * count)) { (bits: UInt32) in Float(bitPattern: bits) }
    }

    /// The next `count` bytes, borrowed from the reader's.
    mutating func readBytes(_ count: Int) throws(ModelError) -> UnsafeRawBufferPointer {
        try need(count)
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position ..< position + count])
    }

    mutating func readString() throws(ModelError) -> String {
        let length = Int(try readUInt32())
        let raw = try readBytes(length)
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw .corrupt(path: path, section: section, reason: "a string is not valid UTF-8")
        }
        return string
    }
}
