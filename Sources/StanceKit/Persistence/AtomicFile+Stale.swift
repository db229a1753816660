#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cleaning up after writers that were killed between creating their temporary file and
/// renaming it (`kill -9`, OOM killer, power cut).
extension AtomicFile {
    /// Removes `.NAME.tmp-PID-N` files in `directory` whose process `PID` no longer exists.
    ///
    /// Only names of exactly this pattern for this `name` are touched, and only when
    /// `kill(PID, 0)` fails with `ESRCH`; a file of this process, or of a live process
    /// (including one of another user: `EPERM`), is left alone. Writers on other machines or in
    /// other PID namespaces that share the directory are not visible here, so their temporary
    /// files look stale: do not point concurrent writers on different hosts at one directory.
    /// Errors are ignored: cleaning up is best effort and never fails a write.
    ///
    /// - Returns: the names removed.
    @discardableResult
    static func removeStaleTemporaries(in directory: String, name: String) -> [String] {
        guard let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name), let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        let prefix = ".\(name).tmp-"
        var removed: [String] = []
        while let entry = readdir(stream) {
            // The name is read in place, up to its NUL. `readdir`'s records are only as long as
            // their names: copying `entry.pointee` read a whole `dirent`, 256 name bytes, past
            // the end of a short last record of its buffer, and crashed when that ran into an
            // unmapped page (a few saves in twenty into a /tmp of 5,000 files).
            let entryName = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
            guard entryName.hasPrefix(prefix), let pid = writerProcess(entryName.dropFirst(prefix.count)) else { continue }
            guard pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink("\(directory)/\(entryName)") == 0 { removed.append(entryName) }
        }
        return removed
    }

    /// The PID in the `PID-N` suffix of a temporary file's name, or nil when the suffix is not
    /// two runs of digits joined by `-`.
    static func writerProcess(_ suffix: Substring) -> pid_t? {
        let parts = suffix.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let pid = pid_t(parts[0]), pid > 0, UInt64(parts[1]) != nil
        else { return nil }
        return pid
    }
}
