#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes with POSIX calls.
///
/// A write goes to a temporary file beside the target (`.NAME.tmp-PID-N`), is flushed with
/// `fsync`, and is renamed over the target, so a reader sees the old file or the new one, never
/// a part; on any failure the temporary file is removed and the target is untouched. A target
/// that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) cannot be
/// replaced, only written to: it is opened and written in place. A writer killed before it could
/// clean up leaves its temporary file behind; the next write to the same target removes it
/// (`removeStaleTemporaries`).
public enum AtomicFile {
    /// Why a read or write failed.
    public enum Failure: Error, Equatable {
        case notFound
        case isDirectory
        case system(String)
    }

    nonisolated(unsafe) private static var counter = 0

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        try write(to: path) { sink in bytes.withUnsafeBytes { sink.write($0) } }
    }

    /// Writes to `path` atomically the bytes `produce` hands to the sink, in order, as
    /// `write(_:to:)` writes one array: a file can be written from the pieces its owner already
    /// holds, with no copy of the whole.
    static func write(to path: String, _ produce: (Sink) -> Void) throws(Failure) {
        let directory: String
        let name: String
        if let slash = path.lastIndex(of: "/") {
            directory = String(path[..<slash]).isEmpty ? "/" : String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        } else {
            directory = "."
            name = path
        }
        guard !name.isEmpty else { throw .isDirectory }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard info.st_mode & S_IFMT != S_IFDIR else { throw .isDirectory }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .system(errorText()) }
            let failure = Sink.writing(to: fd, produce)
            if close(fd) != 0, failure == nil { throw .system(errorText()) }
            if let failure { throw failure }
            return
        }
        removeStaleTemporaries(in: directory, name: name)
        counter += 1
        let temporary = "\(directory)/.\(name).tmp-\(getpid())-\(counter)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(errorText()) }
        var failure = Sink.writing(to: fd, produce)
        if failure == nil, fsync(fd) != 0 { failure = .system(errorText()) }
        if close(fd) != 0, failure == nil { failure = .system(errorText()) }
        if failure == nil, rename(temporary, path) != 0 { failure = .system(errorText()) }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Bytes written between hints to start writing them back (`Sink`).
    static let writeBackPiece = 8 << 20

    /// Linux's `sync_file_range(fd, offset, count, flags)`, looked up at run time (Swift's Glibc
    /// module does not import it); nil elsewhere.
    fileprivate static let startWriteBack: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Where `write(to:_:)` sends a file's bytes: pieces of at most `stagedPiece` bytes are
    /// gathered in a buffer and written together, larger ones are written as they are, in
    /// pieces of at most `writeBackPiece`. The first failure is kept and later writes are
    /// dropped. On Linux, after every `writeBackPiece` bytes the kernel is asked to start writing
    /// that piece to the disk (`sync_file_range(SYNC_FILE_RANGE_WRITE)`, which does not wait), so
    /// the disk works while the rest is copied and the final `fsync` waits only for the last
    /// piece: 20NG bigrams' 49 MB model, write 26 -> 13 ms and fsync 22 -> 10 ms (strace, one run
    /// each).
    final class Sink {
        /// The largest piece gathered with others before it is written.
        static let stagedPiece = 16 << 10
        private let fd: Int32
        private let staging = UnsafeMutableRawPointer.allocate(byteCount: 4 * Sink.stagedPiece, alignment: 16)
        private var staged = 0
        private var written = 0, hinted = 0
        private(set) var failure: Failure?

        private init(fd: Int32) { self.fd = fd }

        deinit { staging.deallocate() }

        /// Runs `produce` on a sink writing to `fd` and flushes it; the first failure, if any.
        fileprivate static func writing(to fd: Int32, _ produce: (Sink) -> Void) -> Failure? {
            let sink = Sink(fd: fd)
            produce(sink)
            sink.flush()
            return sink.failure
        }

        /// Appends `bytes` to the file.
        func write(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil, let base = bytes.baseAddress, bytes.count > 0 else { return }
            if bytes.count <= Sink.stagedPiece {
                if staged + bytes.count > 4 * Sink.stagedPiece { flush() }
                (staging + staged).copyMemory(from: base, byteCount: bytes.count)
                staged += bytes.count
                return
            }
            flush()
            writeAll(UnsafeRawBufferPointer(start: base, count: bytes.count))
        }

        /// Writes what is staged.
        func flush() {
            guard staged > 0 else { return }
            let count = staged
            staged = 0
            writeAll(UnsafeRawBufferPointer(start: staging, count: count))
        }

        private func writeAll(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil, let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, base + offset, min(bytes.count - offset, writeBackPiece))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .system(errorText())
                    return
                }
                offset += n
                written += n
                if written - hinted >= writeBackPiece, let startWriteBack {
                    // A hint: a failure here shows again in fsync.
                    _ = startWriteBack(fd, Int64(hinted), Int64(written - hinted), 2)  // SYNC_FILE_RANGE_WRITE
                    hinted = written
                }
            }
        }
    }

    /// The whole file at `path`.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw errno == ENOENT ? .notFound : .system(errorText()) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw .isDirectory }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(errorText()) }
        defer { close(fd) }
        // Read straight into an array of the size `stat` gave, plus one byte to see the end: no
        // chunk buffer to copy out of. A file longer than that (it grew, or a pipe or device
        // that reports 0) has the rest appended in chunks.
        var failure: String?
        var full = false
        var result = [UInt8](unsafeUninitializedCapacity: max(0, Int(info.st_size)) + 1) { buffer, initialized in
            var filled = 0
            while filled < buffer.count, let base = buffer.baseAddress {
                let n = Glibc.read(fd, base + filled, buffer.count - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errorText()
                    break
                }
                if n == 0 { break }
                filled += n
            }
            full = filled == buffer.count
            initialized = filled
        }
        if let failure { throw .system(failure) }
        guard full else { return result }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(errorText())
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0 ..< n])
        }
        return result
    }

    fileprivate static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

extension TextClassifier {
    /// Loads the model at `path`, decoded straight from the mapped file (`MappedFile`).
    public static func load(from path: String) throws(ModelError) -> TextClassifier {
        try MappedFile.withBytes(path) { (bytes) throws(ModelError) in try ModelFile.decode(bytes, path: path, overlapping: nil) }
    }

    /// The bytes of the model file at `path`, its errors as `ModelError`s.
    static func readModelFile(_ path: String) throws(ModelError) -> [UInt8] {
        do {
            return try AtomicFile.read(path)
        } catch {
            switch error {
            case .notFound: throw .fileNotFound(path: path)
            case .isDirectory: throw .isDirectory(path: path)
            case .system(let reason): throw .unreadable(path: path, reason: reason)
            }
        }
    }

    /// Saves the model to `path` atomically, the bytes of `ModelFile.encode`, streamed
    /// (`ModelFile.write`; its non-zero counts are counted on up to `threads` threads, `nil`:
    /// every core); the same model always gives the same bytes.
    public func save(to path: String, threads: Int? = nil) throws(ModelError) {
        do {
            try ModelFile.write(self, to: path, threads: threads, wordIDsFrom: NGramIndex.minimumTerms)
        } catch {
            switch error {
            case .notFound: throw .writeFailed(path: path, reason: "no such directory")
            case .isDirectory: throw .writeFailed(path: path, reason: "the path is a directory")
            case .system(let reason): throw .writeFailed(path: path, reason: reason)
            }
        }
    }
}
