import Testing
@testable import StanceKit
#if canImport(Glibc)
import Glibc
#endif

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

    @Test("discard zeroes only the whole pages inside its range of a mapped buffer, and leaves a small one alone")
    func discard() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE))) / 8
        let count = PageMemory.mappingThreshold / 8 + 5
        let buffer = PageMemory.allocate(UInt64.self, count: count)
        for i in 0 ..< count { buffer[i] = UInt64(i) + 1 }
        // Elements 3 ..< 3 + 3 pages + 7 (the buffer is page-aligned): the two whole pages from
        // element `page` up to `3 page` are given back; the partial pages at both ends keep
        // their values.
        let range = 3 ..< 3 + 3 * page + 7
        PageMemory.discard(buffer, count: count, range: range)
        let zeroed = page ..< 3 * page
        #expect((0 ..< count).allSatisfy { zeroed.contains($0) ? buffer[$0] == 0 : buffer[$0] == UInt64($0) + 1 })
        PageMemory.deallocate(buffer, count: count)

        let small = PageMemory.allocate(UInt64.self, count: 4 * page)
        for i in 0 ..< 4 * page { small[i] = UInt64(i) + 1 }
        PageMemory.discard(small, count: 4 * page, range: 0 ..< 4 * page)
        #expect((0 ..< 4 * page).allSatisfy { small[$0] == UInt64($0) + 1 })
        PageMemory.deallocate(small, count: 4 * page)
    }

    @Test("a gram table read while releasing gives every gram once, as a plain walk does, and keeps its count")
    func drainedGramTable() {
        // Enough grams that the table is mapped (32-byte slots, 8 MiB and up) and spans several
        // 2 MiB stretches.
        func filled() -> GramTable {
            let table = GramTable()
            for i in 0 ..< 300_000 {
                let k0 = UInt64(i) << 32 | UInt64(i &* 7 % 1000), k1 = UInt64(GramTable.unused) << 32 | UInt64(GramTable.unused)
                if let slot = table.slot(k0, k1, hash: GramTable.hash(k0, k1), insert: true) { slot.pointee.state.df = Int32(i % 97 + 1) }
            }
            return table
        }
        var plain: [[UInt64]] = [], drained: [[UInt64]] = []
        let a = filled(), b = filled()
        a.forEachGram { id, k0, k1, df in plain.append([UInt64(id), k0, k1, UInt64(df)]) }
        b.forEachGram(releasing: true) { id, k0, k1, df in drained.append([UInt64(id), k0, k1, UInt64(df)]) }
        #expect(plain.count == 300_000 && drained == plain)
        #expect(b.count == 300_000)
        var after = 0
        b.forEachGram { _, _, _, _ in after += 1 }
        #expect(after == 0)
    }
}
