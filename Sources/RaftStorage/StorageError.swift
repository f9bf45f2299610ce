import SystemCalls

/// Every way storage can fail, each with a message an operator can act on.
public enum StorageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A system call failed (the disk is full, a permission is wrong, …).
    case system(SystemError)
    /// Damage that is not a torn tail: refusing to start is safer than dropping
    /// acknowledged writes silently.
    case corrupt(file: String, offset: Int64, reason: String)
    /// The data directory belongs to another cluster or node.
    case wrongIdentity(file: String, expected: String, found: String)
    /// The file was written by an unknown format version.
    case unsupportedVersion(file: String, version: UInt32)
    /// A batch would leave a hole in the log (it does not continue the stored entries);
    /// happens after an earlier batch failed and was not submitted again.
    case gap(expectedAtMost: UInt64, got: UInt64)
    /// Another process (or another `WriteAheadLog` in this one) has the directory open.
    case locked(directory: String)
    /// The storage was closed.
    case closed
    /// The producer of a snapshot's chunks gave up; the partial file was removed.
    case cancelled

    /// The message for the log and for `-ERR` replies.
    public var description: String {
        switch self {
        case .system(let error):
            return "I/O error: \(error)"
        case .corrupt(let file, let offset, let reason):
            return "corrupt data in \(file) at offset \(offset): \(reason)"
        case .wrongIdentity(let file, let expected, let found):
            return "\(file) belongs to \(found), not to \(expected): wrong data directory?"
        case .unsupportedVersion(let file, let version):
            return "\(file) has unsupported format version \(version)"
        case .gap(let expected, let got):
            return "batch starts at index \(got) but the log ends at \(expected - 1): resubmit the failed entries"
        case .locked(let directory):
            return "data directory \(directory) is in use by another process"
        case .closed:
            return "storage is closed"
        case .cancelled:
            return "snapshot cancelled by its producer"
        }
    }
}
