import Testing
@testable import StanceKit

@Suite struct PageMemoryTests {
    @Test("buffers below and above the mapping threshold are zero, writable, and large ones 2 MiB-aligned")
    func zeroedBuffers() {
        for count in [0, 1, 1000, PageMemory.mappingThreshold / 8 - 1, PageMemory.mappingThreshold / 8, PageMemory.mappingThreshold / 8 + 3 * PageMemory.hugePage / 8 + 5] {
            let buffer = PageMemory.allocateZeroed(UInt64.self, count: count)
            #expect((0 ..< count).allSatisfy { buffer[$0] == 0 }, "count \(count)")
            for i in 0 ..< count { buffer[i] = UInt64(i) &* 0x9E37_79B9 }
            #expect((0 ..< count).allSatisfy { buffer[$0] == UInt64($0) &* 0x9E37_79B9 }, "count \(count)")
            if count * 8 >= PageMemory.mappingThreshold {
                #expect(UInt(bitPattern: buffer) % UInt(PageMemory.hugePage) == 0, "count \(count)")
            }
            PageMemory.deallocate(buffer, count: count)
        }
    }

    @Test("a page-backed array equals Array(repeating:count:) at every size")
    func pageBackedArray() {
        for count in [0, 1, 17, 1 << 20, (5 << 20) / 4 + 3] {
            #expect([Int32].pageBacked(repeating: -1, count: count) == [Int32](repeating: -1, count: count))
        }
    }
}
