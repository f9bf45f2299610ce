import SystemCalls

/// Bytes read from a socket and not yet consumed by the parser.
///
/// The storage is allocated once and reused: reads land in its spare tail, the
/// parser consumes from `readOffset`, and consumed bytes are discarded lazily
/// (when all are consumed, or when the dead prefix is large), so a deep pipeline
/// is not shifted after every command and no read zero-fills memory.
public struct InputBuffer {
    @usableFromInline var storage: [UInt8]
    /// How many bytes of `storage` hold received data.
    public private(set) var endOffset = 0
    /// Where the unconsumed bytes start.
    public var readOffset = 0

    public init(initialCapacity: Int = 16 * 1024) {
        storage = [UInt8](repeating: 0, count: initialCapacity)
    }

    /// Bytes received and not consumed.
    public var unconsumedCount: Int { endOffset - readOffset }

    /// Calls `body` with the received bytes (consumed ones included: offsets index this).
    @inlinable
    public func withReceivedBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<endOffset])) }
    }

    /// Reads once from `fd`. Returns the byte count, 0 at EOF, nil if it would block.
    public mutating func read(from fd: FileDescriptor, minimumSpace: Int = 16 * 1024) throws(SystemError) -> Int? {
        compactIfWorthIt()
        if storage.count - endOffset < minimumSpace {
            storage.append(contentsOf: repeatElement(0, count: max(storage.count, minimumSpace)))
        }
        let start = endOffset
        let result = storage.withUnsafeMutableBytes { raw -> Result<Int, SystemError> in
            let target = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            do throws(SystemError) {
                return .success(try fd.read(into: target))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let count):
            endOffset += count
            return count
        case .failure(let error):
            if error.wouldBlock { return nil }
            throw error
        }
    }

    /// Drops consumed bytes when that is cheap or necessary.
    public mutating func compactIfWorthIt() {
        if readOffset == endOffset {
            readOffset = 0
            endOffset = 0
        } else if readOffset > 0 && (readOffset > 64 * 1024 || endOffset == storage.count) {
            storage.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + readOffset, byteCount: endOffset - readOffset)
            }
            endOffset -= readOffset
            readOffset = 0
        }
    }

    /// Frees the storage of an idle connection's buffer if a big request grew it.
    public mutating func shrinkIfIdle(keeping capacity: Int = 16 * 1024) {
        if readOffset == endOffset && storage.count > 4 * capacity {
            storage = [UInt8](repeating: 0, count: capacity)
            readOffset = 0
            endOffset = 0
        }
    }
}
