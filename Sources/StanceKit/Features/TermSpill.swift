#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// The first training pass's rows (term ids and counts per document, per hash partition), kept
/// in an unlinked temporary file so the second pass reads them back instead of tokenizing and
/// probing the vocabulary again. The file is removed from its folder as soon as it is created,
/// so nothing is left behind however the process ends, and its pages live in the kernel's page
/// cache, not in the process's memory: resident memory stays bounded by one chunk.
///
/// A record is one chunk, as little-endian `UInt32`s: the document count `D` and partition count
/// `P`, `D` label ids, then per partition its entry count `E`, the byte width `w` of its counts
/// (1, 2 or 4: the fewest that hold its largest count), `D + 1` row offsets, `E` term ids and
/// the `E` counts packed `w` bytes each, padded to whole words. Most counts are 1, so a term
/// per document takes about 5 bytes instead of 8: 20 Newsgroups bigrams spill 25 MB instead of
/// 40, pages the kernel no longer allocates, copies in and copies out.
///
/// Records are read (`chunk`) at explicit offsets (`pread`), so several threads may read at
/// once (training's second pass: each worker reads every record); appending is for one thread.
final class TermSpill: @unchecked Sendable {
    private let descriptor: Int32
    /// The folder holding the (unlinked) file, for error messages.
    let directory: String
    private var records: [(offset: Int, words: Int)] = []
    private var end = 0
    /// The append `startAppend` began, if `finishAppend` has not waited for it yet, and its failure.
    private var pendingAppend: DispatchSemaphore?
    private var appendFailure: ScratchFileError?

    /// A new empty spill in `directory` (default: `$TMPDIR`, else /tmp).
    init(directory: String? = nil) throws(ScratchFileError) {
        let folder = directory ?? TermSpill.defaultDirectory
        self.directory = folder
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast()) + Array("stance-train-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .cannotCreate(directory: folder, reason: String(cString: strerror(errno))) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// `$TMPDIR` when set and not empty, else /tmp.
    static var defaultDirectory: String {
        if let value = ProcessInfo.processInfo.environment["TMPDIR"], !value.isEmpty { return value }
        return "/tmp"
    }

    /// The number of records.
    var count: Int { records.count }

    /// Appends one chunk's record, written piece by piece from the partitions' own arrays (no
    /// copy into one array first).
    func append(labels: [UInt32], partitions: [PartitionCounter]) throws(ScratchFileError) {
        try write(TermSpill.pieces(labels: labels, partitions: partitions))
    }

    /// Writes one record's `pieces` at the end.
    private func write(_ pieces: [[UInt32]]) throws(ScratchFileError) {
        var offset = end
        for piece in pieces {
            let length = piece.count * 4
            let failure: Int32? = piece.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return nil }
                var done = 0
                while done < length {
                    let written = pwrite(descriptor, base + done, length - done, off_t(offset + done))
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    done += written
                }
                return nil
            }
            if let failure {
                throw .writeFailed(directory: directory, bytes: offset, reason: String(cString: strerror(failure)))
            }
            offset += length
        }
        records.append((end, (offset - end) / 4))
        end = offset
    }

    /// Starts appending one chunk's record (as `append`) on a thread of its own and returns at
    /// once, so the caller reads the next chunk meanwhile; `finishAppend()` waits for it, and
    /// must come before the partitions' rows change, before the next append and before any
    /// read. The write holds the partitions' row arrays (shared, not copied) only until it is
    /// done: `finishAppend` returns after it let them go, so the caller's next change to them
    /// copies nothing.
    func startAppend(labels: [UInt32], partitions: [PartitionCounter]) {
        precondition(pendingAppend == nil, "an append is already running")
        let done = DispatchSemaphore(value: 0)
        let box = PendingRecord(pieces: TermSpill.pieces(labels: labels, partitions: partitions))
        pendingAppend = done
        DispatchQueue.global().async { [self] in
            do {
                let pieces = box.take()
                do throws(ScratchFileError) { try write(pieces) } catch { appendFailure = error }
            }
            done.signal()
        }
    }

    /// Waits for the append `startAppend` began, and throws its failure.
    func finishAppend() throws(ScratchFileError) {
        guard let pending = pendingAppend else { return }
        pending.wait()
        pendingAppend = nil
        if let failure = appendFailure {
            appendFailure = nil
            throw failure
        }
    }

    /// A record's pieces handed to the writing thread, which takes them out.
    private final class PendingRecord: @unchecked Sendable {
        private var pieces: [[UInt32]]?
        init(pieces: [[UInt32]]) { self.pieces = pieces }
        func take() -> [[UInt32]] {
            defer { pieces = nil }
            return pieces ?? []
        }
    }

    /// The record of one chunk (see the type's description), as the arrays that make it up, in
    /// order; the partitions' arrays are shared, not copied.
    static func pieces(labels: [UInt32], partitions: [PartitionCounter]) -> [[UInt32]] {
        var pieces: [[UInt32]] = [[UInt32(labels.count), UInt32(partitions.count)], labels]
        for counter in partitions {
            precondition(counter.rowOffsets.count == labels.count + 1, "partition rows \(counter.rowOffsets.count - 1) != documents \(labels.count)")
            let width = countWidth(counter.counts)
            pieces += [[UInt32(counter.ids.count), UInt32(width)], counter.rowOffsets, counter.ids,
                       width == 4 ? counter.counts : packed(counter.counts, width: width)]
        }
        return pieces
    }

    /// The fewest bytes, 1, 2 or 4, that hold every one of `counts`.
    static func countWidth(_ counts: [UInt32]) -> Int {
        let largest = counts.withUnsafeBufferPointer { counts in
            var largest: UInt32 = 0
            for count in counts { largest = max(largest, count) }
            return largest
        }
        return largest <= UInt32(UInt8.max) ? 1 : largest <= UInt32(UInt16.max) ? 2 : 4
    }

    /// `counts` as `width`-byte little-endian integers (1 or 2), back to back, in whole words
    /// (the last one zero-padded).
    static func packed(_ counts: [UInt32], width: Int) -> [UInt32] {
        let n = counts.count
        return [UInt32](unsafeUninitializedCapacity: (n * width + 3) / 4) { words, initialized in
            guard let base = words.baseAddress else {
                initialized = 0
                return
            }
            let wordCount = words.count
            base.initialize(repeating: 0, count: wordCount)
            let out = UnsafeMutableRawPointer(base)
            counts.withUnsafeBufferPointer { counts in
                if width == 1 {
                    for k in 0 ..< n { out.storeBytes(of: UInt8(truncatingIfNeeded: counts[k]), toByteOffset: k, as: UInt8.self) }
                } else {
                    for k in 0 ..< n {
                        out.storeBytes(of: UInt16(truncatingIfNeeded: counts[k]).littleEndian, toByteOffset: 2 * k, as: UInt16.self)
                    }
                }
            }
            initialized = wordCount
        }
    }

    /// The record of one chunk in one array.
    static func record(labels: [UInt32], partitions: [PartitionCounter]) -> [UInt32] {
        Array(pieces(labels: labels, partitions: partitions).joined())
    }

    /// Record `index`, decoded.
    func chunk(_ index: Int) throws(ScratchFileError) -> SpillChunk {
        var words: [UInt32] = []
        return try chunk(index, reusing: &words)
    }

    /// Record `index`, decoded, read into `buffer`, which is kept from record to record: it is
    /// reallocated only when a record is longer than any before, so the second pass does not
    /// fault in a fresh buffer per chunk (each 4 KiB page costs a fault, ~1-2 us here), and it
    /// is marked for huge pages (`PageMemory`). The
    /// words past the record are left as they were; `SpillChunk` never reads them. Drop the
    /// returned chunk before the next call, or that call copies the buffer.
    func chunk(_ index: Int, reusing buffer: inout [UInt32]) throws(ScratchFileError) -> SpillChunk {
        let (offset, wordCount) = records[index]
        if buffer.count < wordCount {
            buffer = []
            // A quarter more room, so slightly longer records later reuse it too.
            buffer = [UInt32](unsafeUninitializedCapacity: wordCount + wordCount / 4) { words, initialized in
                PageMemory.adviseHugePages(UnsafeMutableRawBufferPointer(words))
                initialized = words.count
            }
        }
        let length = wordCount * 4
        let failure: String? = buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            var done = 0
            while done < length {
                let read = pread(descriptor, base + done, length - done, off_t(offset + done))
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else { return read == 0 ? "the file ended early" : String(cString: strerror(errno)) }
                done += read
            }
            return nil
        }
        if let failure { throw .readFailed(directory: directory, reason: failure) }
        return SpillChunk(words: buffer)
    }
}

/// Problems with the temporary file training keeps between its two passes.
public enum ScratchFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be created in `directory`.
    case cannotCreate(directory: String, reason: String)
    /// Writing failed (typically a full disk) after `bytes` bytes.
    case writeFailed(directory: String, bytes: Int, reason: String)
    /// Reading it back failed.
    case readFailed(directory: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreate(directory, reason):
            return "\(directory): cannot create training's temporary file: \(reason); set TMPDIR to a writable folder"
        case let .writeFailed(directory, bytes, reason):
            return "\(directory): cannot write training's temporary file (\(bytes / 1_000_000) MB so far): \(reason); "
                + "set TMPDIR to a folder with more room (it needs about 5 bytes per distinct term per document)"
        case let .readFailed(directory, reason):
            return "\(directory): cannot read back training's temporary file: \(reason)"
        }
    }
}
