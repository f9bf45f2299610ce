import CLinux
import Glibc

/// Every file system call of this file goes through here, so a failure always names its
/// function and EINTR is retried in one place (swift-system's `system_*` habit).
@inline(__always)
func fileCall(_ function: String, _ call: () -> Int) throws(SystemError) -> Int {
    try retryingOnInterrupt(function, call)
}

extension FileDescriptor {
    /// Flags for `open(2)`; only the ones storage needs.
    public struct OpenOptions: OptionSet, Sendable {
        /// The `O_*` bits.
        public let rawValue: Int32
        /// Options from raw `O_*` bits.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `O_RDONLY` (zero: the absence of the write flags).
        public static let readOnly = OpenOptions([])
        /// `O_WRONLY`.
        public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
        /// `O_RDWR`.
        public static let readWrite = OpenOptions(rawValue: O_RDWR)
        /// `O_CREAT`.
        public static let create = OpenOptions(rawValue: O_CREAT)
        /// With `create`: fail with EEXIST rather than open an existing file.
        public static let exclusive = OpenOptions(rawValue: O_EXCL)
        /// `O_TRUNC`.
        public static let truncate = OpenOptions(rawValue: O_TRUNC)
        /// `O_APPEND`.
        public static let append = OpenOptions(rawValue: O_APPEND)
        /// `O_DIRECTORY`: fail unless the path is a directory.
        public static let directory = OpenOptions(rawValue: O_DIRECTORY)
    }

    /// Opens `path`; the descriptor is always close-on-exec so a child never inherits a WAL.
    public static func open(
        _ path: String, _ options: OpenOptions, permissions: mode_t = 0o644
    ) throws(SystemError) -> FileDescriptor {
        let flags = options.rawValue | O_CLOEXEC
        let raw = try fileCall("open \(path)") { Int(Glibc.open(path, flags, permissions)) }
        return FileDescriptor(rawValue: Int32(raw))
    }

    /// Reads up to `buffer.count` bytes at `offset` without moving the file position.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(SystemError) -> Int {
        try fileCall("pread") { Glibc.pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Reads exactly `count` bytes at `offset`, or fewer only at end of file.
    public func readBytes(count: Int, at offset: Int64) throws(SystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = try fileCall("pread") {
                bytes.withUnsafeMutableBytes { all in
                    Glibc.pread(rawValue, all.baseAddress! + done, count - done, off_t(offset + Int64(done)))
                }
            }
            if got == 0 { break }
            done += got
        }
        if done < count { bytes.removeLast(count - done) }
        return bytes
    }

    /// Writes some of `buffer` at `offset` without moving the file position.
    public func write(_ buffer: UnsafeRawBufferPointer, at offset: Int64) throws(SystemError) -> Int {
        try fileCall("pwrite") { Glibc.pwrite(rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Writes all of `bytes` at `offset`, looping over short writes.
    public func writeAll(_ bytes: [UInt8], at offset: Int64) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            done += try fileCall("pwrite") {
                bytes.withUnsafeBytes { all in
                    Glibc.pwrite(rawValue, all.baseAddress! + done, all.count - done, off_t(offset + Int64(done)))
                }
            }
        }
    }

    /// Gathers several buffers into one write at `offset` (`pwritev`); may write part.
    ///
    /// Positional, so a failed append can be cut back with `truncate` without the file
    /// position pointing past the new end.
    public func write(vectors: UnsafeBufferPointer<iovec>, at offset: Int64) throws(SystemError) -> Int {
        try fileCall("pwritev") { Glibc.pwritev(rawValue, vectors.baseAddress, Int32(vectors.count), off_t(offset)) }
    }

    /// Cuts or extends the file to `size` bytes (`ftruncate`).
    public func truncate(to size: Int64) throws(SystemError) {
        _ = try fileCall("ftruncate") { Int(Glibc.ftruncate(rawValue, off_t(size))) }
    }

    /// Flushes the file's data and the metadata needed to read it back (`fdatasync`).
    public func synchronizeData() throws(SystemError) {
        _ = try fileCall("fdatasync") { Int(Glibc.fdatasync(rawValue)) }
    }

    /// Flushes the file's data and all of its metadata (`fsync`); also used on directories.
    public func synchronize() throws(SystemError) {
        _ = try fileCall("fsync") { Int(Glibc.fsync(rawValue)) }
    }

    /// The file's size in bytes (`fstat`).
    public func size() throws(SystemError) -> Int64 {
        var info = stat()
        _ = try fileCall("fstat") { Int(Glibc.fstat(rawValue, &info)) }
        return Int64(info.st_size)
    }

    /// Takes an exclusive advisory lock (`flock`) without waiting; false when another
    /// open file description holds it. Released when the descriptor is closed.
    public func tryLockExclusive() throws(SystemError) -> Bool {
        do throws(SystemError) {
            _ = try fileCall("flock") { Int(skiff_flock(rawValue, LOCK_EX | LOCK_NB)) }
            return true
        } catch where error.wouldBlock {
            return false
        }
    }

    /// Moves the file position (`lseek`); returns the new position.
    @discardableResult
    public func seek(to offset: Int64, from whence: Int32 = SEEK_SET) throws(SystemError) -> Int64 {
        Int64(try fileCall("lseek") { Int(Glibc.lseek(rawValue, off_t(offset), whence)) })
    }
}

/// Path-level calls: rename, unlink, mkdir, directory listing and directory fsync.
public enum FileSystem {
    /// Atomically replaces `destination` with `source` (`rename(2)`).
    public static func rename(_ source: String, to destination: String) throws(SystemError) {
        _ = try fileCall("rename \(source)") { Int(Glibc.rename(source, destination)) }
    }

    /// Removes a file (`unlink(2)`).
    public static func unlink(_ path: String) throws(SystemError) {
        _ = try fileCall("unlink \(path)") { Int(Glibc.unlink(path)) }
    }

    /// Creates a directory; an existing directory is not an error (storage opens idempotently).
    public static func makeDirectory(_ path: String, permissions: mode_t = 0o755) throws(SystemError) {
        do {
            _ = try fileCall("mkdir \(path)") { Int(Glibc.mkdir(path, permissions)) }
        } catch where error.errno == EEXIST {
            return
        }
    }

    /// Whether `path` names an existing file or directory.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The names in a directory, without "." and "..", in no particular order.
    public static func listDirectory(_ path: String) throws(SystemError) -> [String] {
        guard let directory = opendir(path) else { throw .last("opendir \(path)") }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            skiff_set_errno(0)
            guard let entry = readdir(directory) else {
                // readdir returns NULL both at the end and on error; only errno tells them apart.
                let error = skiff_errno()
                if error != 0 { throw SystemError(error, "readdir \(path)") }
                return names
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                UnsafeRawPointer(tuple).withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// Removes `path` and, if it is a directory, everything under it (`rm -r`); a missing
    /// path is not an error.
    public static func removeTree(_ path: String) throws(SystemError) {
        guard exists(path) else { return }
        do {
            try unlink(path)
        } catch where error.errno == EISDIR || error.errno == EPERM {
            for name in try listDirectory(path) { try removeTree(path + "/" + name) }
            _ = try fileCall("rmdir \(path)") { Int(Glibc.rmdir(path)) }
        }
    }

    /// Makes a directory's entries (a create, rename or unlink inside it) durable.
    ///
    /// A renamed file is not durable until its directory is fsynced: without this a power
    /// loss can bring back the old name.
    public static func synchronizeDirectory(_ path: String) throws(SystemError) {
        let directory = try FileDescriptor.open(path, [.readOnly, .directory])
        defer { directory.close() }
        try directory.synchronize()
    }
}
