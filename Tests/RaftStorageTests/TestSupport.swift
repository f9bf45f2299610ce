import Dispatch
import Glibc
import Synchronization
import SystemCalls
import Testing

@testable import RaftStorage

/// A fresh directory under /tmp, removed with everything in it when the test ends.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/skiff-storage-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { Self.remove(path) }

    private static func remove(_ path: String) {
        if let names = try? FileSystem.listDirectory(path) {
            for name in names { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    var walDirectory: String { path + "/wal" }
    var snapshotDirectory: String { path + "/snap" }

    func segmentPaths() -> [String] {
        ((try? FileSystem.listDirectory(walDirectory)) ?? []).filter { $0.hasSuffix(".wal") }.sorted()
            .map { walDirectory + "/" + $0 }
    }

    func snapshotNames() -> [String] {
        ((try? FileSystem.listDirectory(snapshotDirectory)) ?? []).sorted()
    }
}

func readFile(_ path: String) -> [UInt8] {
    let file = try! FileDescriptor.open(path, .readOnly)
    defer { file.close() }
    return try! file.readBytes(count: Int(try! file.size()), at: 0)
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let file = try! FileDescriptor.open(path, [.writeOnly, .create, .truncate])
    defer { file.close() }
    try! file.writeAll(bytes, at: 0)
}

/// Collects a WAL's completions and lets a test wait for a sequence number.
final class CompletionLog: Sendable {
    private let completions = Mutex<[WALCompletion]>([])
    private let arrived = DispatchSemaphore(value: 0)

    var all: [WALCompletion] { completions.withLock { $0 } }

    func record(_ completion: WALCompletion) {
        completions.withLock { $0.append(completion) }
        arrived.signal()
    }

    /// The highest sequence with an outcome so far.
    var settledThrough: UInt64 {
        completions.withLock { list in
            list.map { completion -> UInt64 in
                switch completion {
                case .durable(let through): return through
                case .failed(_, let last, _): return last
                }
            }.max() ?? 0
        }
    }

    /// Waits (up to 10 s) until `sequence` has an outcome.
    func wait(for sequence: UInt64) {
        let deadline = DispatchTime.now() + .seconds(10)
        while settledThrough < sequence {
            if arrived.wait(timeout: deadline) == .timedOut {
                Issue.record("sequence \(sequence) never completed; got \(all)")
                return
            }
        }
    }
}

let testCluster: UInt64 = 0xC1
let testNode: UInt64 = 2

/// Opens a WAL in `directory` with completions going to `log`.
func openWAL(
    _ directory: TemporaryDirectory, _ log: CompletionLog = CompletionLog(), options: StorageOptions = StorageOptions(),
    clusterID: UInt64 = testCluster, nodeID: UInt64 = testNode
) throws(StorageError) -> (WriteAheadLog, Recovered) {
    let opened = try WriteAheadLog.open(
        directory: directory.path, clusterID: clusterID, nodeID: nodeID, options: options,
        onCompletion: { log.record($0) })
    return (opened.wal, opened.recovered)
}

/// Entries `range` of `term`, each carrying a payload naming itself.
func entries(_ range: ClosedRange<UInt64>, term: UInt64 = 1, bytes: Int = 16) -> [StoredEntry] {
    range.map { index in
        var data = Array("entry-\(index)-term-\(term)".utf8)
        data += [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: max(0, bytes - data.count))
        return StoredEntry(term: term, index: index, kind: 0, data: data)
    }
}

/// Submits one batch and waits for its outcome.
@discardableResult
func submitAndWait(_ wal: WriteAheadLog, _ log: CompletionLog, _ batch: WriteBatch) -> UInt64 {
    let sequence = wal.submit(batch)
    log.wait(for: sequence)
    return sequence
}
