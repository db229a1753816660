#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file's bytes, read-only, for as long as a closure runs: a regular file is mapped
/// (`mmap`, `PROT_READ`, `MAP_PRIVATE`) at the size `fstat` gives, anything else (a pipe,
/// `/dev/stdin`, an empty file) is read (`AtomicFile.read`).
///
/// Why: a model is decoded once, straight into its own tables, so reading it first only
/// copied it. Reading the 49 MB 20 Newsgroups bigram model into an array cost a copy out of
/// the page cache and 12,000 page faults of fresh memory (a quarter of `stance evaluate`'s
/// faults); mapped, the page cache's own pages are used and `MAP_POPULATE` maps them all in the
/// one call instead of a fault per 16 pages as the checksum reads them.
///
/// No byte past the size taken at `fstat` is touched: the mapping is exactly that long, and
/// every length inside it is checked against it (`ByteReader`), so a short or cut file gives
/// `ModelError.truncated`, not `SIGBUS`. A file cut *while* it is mapped could still fault;
/// `AtomicFile.write` replaces a model by renaming a new file over it, which leaves the mapped
/// one whole.
enum MappedFile {
    /// Calls `body` with the bytes of the file at `path`.
    static func withBytes<Result>(
        _ path: String, _ body: (UnsafeRawBufferPointer) throws(ModelError) -> Result
    ) throws(ModelError) -> Result {
        try withBytes(path) { (bytes, _) throws(ModelError) in try body(bytes) }
    }

    /// Calls `body` with the bytes of the file at `path` and `release`, which a body done
    /// reading a part of them (but still running) may call, from any thread, with that part: its
    /// whole pages are given back (`MADV_DONTNEED`). The bytes stay valid, and a later read maps
    /// them in again from the page cache. For read bytes it does nothing.
    ///
    /// Why: `stance evaluate` decodes the model and then counts and scores the texts inside
    /// the same call (`TextClassifier.load(from:threads:scoring:texts:)`): the 54 MB of the
    /// 20 Newsgroups bigram model's mapping stayed resident until the texts were scored, and
    /// each section's pages stayed while the tables decoded from it were built.
    static func withBytes<Result>(
        _ path: String,
        _ body: (UnsafeRawBufferPointer, _ release: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) throws(ModelError) -> Result
    ) throws(ModelError) -> Result {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return try withReadBytes(path, body) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0, let size = Int(exactly: info.st_size)
        else {
            close(fd)
            return try withReadBytes(path, body)
        }
        let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
        close(fd)
        guard let raw, raw != MAP_FAILED else { return try withReadBytes(path, body) }
        defer { munmap(raw, size) }
        let mapped = UInt(bitPattern: raw)
        return try body(UnsafeRawBufferPointer(start: raw, count: size)) { part in
            guard let base = part.baseAddress else { return }
            let first = UInt(bitPattern: base)
            precondition(first >= mapped && first + UInt(part.count) <= mapped + UInt(size), "released bytes outside the mapping")
            PageMemory.dropWholePages(part)
        }
    }

    /// `withBytes` by reading: the errors of `AtomicFile.read` as `ModelError`s.
    private static func withReadBytes<Result>(
        _ path: String,
        _ body: (UnsafeRawBufferPointer, _ release: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) throws(ModelError) -> Result
    ) throws(ModelError) -> Result {
        let bytes = try TextClassifier.readModelFile(path)
        let result = bytes.withUnsafeBytes { raw in Swift.Result { () throws(ModelError) -> Result in try body(raw, { _ in }) } }
        return try result.get()
    }
}
