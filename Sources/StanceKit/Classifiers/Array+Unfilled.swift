extension Array where Element: BitwiseCopyable {
    /// An array of `count` elements that starts with `keeping` and whose other elements are
    /// not written (plain data, always written before read): pages of a large array that are
    /// never written are neither faulted in nor resident.
    static func unfilled(count: Int, keeping: ArraySlice<Element> = []) -> [Element] {
        precondition(keeping.count <= count, "keeping \(keeping.count) of \(count)")
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            keeping.withUnsafeBufferPointer { kept in
                if let source = kept.baseAddress, let target = buffer.baseAddress { target.initialize(from: source, count: kept.count) }
            }
            initialized = count
        }
    }
}
