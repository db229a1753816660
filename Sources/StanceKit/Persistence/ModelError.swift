/// Problems reading or writing a model file. Every message names the file and ends with a fix.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    /// The path does not exist.
    case fileNotFound(path: String)
    /// The path names a directory.
    case isDirectory(path: String)
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The first four bytes are not the stance magic.
    case notAModel(path: String)
    /// The file was written by a newer format version.
    case newerVersion(path: String, version: UInt32, supported: UInt32)
    /// The stored checksum does not match the contents.
    case checksumMismatch(path: String)
    /// The file ends before a section it announces.
    case truncated(path: String, offset: Int)
    /// A section's contents are inconsistent.
    case corrupt(path: String, section: String, reason: String)
    /// A required section is missing.
    case missingSection(path: String, section: String)
    /// Writing the file failed; the previous file at the path, if any, is untouched.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such model file; check the path, or train one with `stance train`"
        case .isDirectory(let path):
            return "\(path): is a directory, not a model file; pass the path of a file written by `stance train`"
        case .unreadable(let path, let reason):
            return "\(path): cannot read the model file (\(reason)); check its permissions"
        case .notAModel(let path):
            return "\(path): not a stance model file (wrong magic bytes); pass a file written by `stance train`"
        case .newerVersion(let path, let version, let supported):
            return "\(path): model format version \(version) is newer than this stance supports (\(supported)); "
                + "upgrade stance or retrain the model with this version"
        case .checksumMismatch(let path):
            return "\(path): checksum mismatch, the model file is damaged; copy it again or retrain it"
        case .truncated(let path, let offset):
            return "\(path): the model file is truncated at byte \(offset); copy it again or retrain it"
        case .corrupt(let path, let section, let reason):
            return "\(path): corrupt \(section) section (\(reason)); copy the file again or retrain it"
        case .missingSection(let path, let section):
            return "\(path): the model file has no \(section) section; retrain it with this version of stance"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write the model (\(reason)); the previous file, if any, is unchanged; "
                + "check the directory's permissions and free space"
        }
    }
}
