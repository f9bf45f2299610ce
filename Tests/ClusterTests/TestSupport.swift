// A small deterministic key-value state machine (SET, GET, INCR, DEL, PEXPIREAT) standing
// in for Keyspace + Commands, and a harness that runs several ClusterNodes on one loop.

import EventLoop
import Glibc
import Keyspace
import Raft
import RESP

@testable import Cluster

final class KVMachine: StateMachine {
    var values: [Int: [[UInt8]: [UInt8]]] = [:]
    var deadlines: [Int: [[UInt8]: Int64]] = [:]
    var appliedCommands = 0
    var lastNowMs: Int64 = 0

    func apply(arguments: Arguments, database: Int, nowMs: Int64, seed: UInt64, reply: inout ReplyWriter) {
        appliedCommands += 1
        lastNowMs = nowMs
        let name = arguments.string(0).uppercased()
        switch (name, arguments.count) {
        case ("SET", 3):
            values[database, default: [:]][arguments.array(1)] = arguments.array(2)
            deadlines[database]?[arguments.array(1)] = nil
            reply.ok()
        case ("INCR", 2):
            let key = arguments.array(1)
            let current = Int(String(decoding: values[database]?[key] ?? Array("0".utf8), as: UTF8.self)) ?? 0
            values[database, default: [:]][key] = Array(String(current + 1).utf8)
            reply.integer(current + 1)
        case ("DEL", 2):
            let removed = values[database]?.removeValue(forKey: arguments.array(1)) != nil
            reply.integer(removed ? 1 : 0)
        case ("PEXPIREAT", 3):
            let key = arguments.array(1)
            guard values[database]?[key] != nil, let deadline = Int64(arguments.string(2)) else { return reply.integer(0) }
            deadlines[database, default: [:]][key] = deadline
            reply.integer(1)
        default:
            reply.error("ERR unknown command '\(arguments.string(0))'")
        }
    }

    func deleteIfExpired(database: Int, key: [UInt8], nowMs: Int64) {
        guard let deadline = deadlines[database]?[key], deadline <= nowMs else { return }
        deadlines[database]?[key] = nil
        values[database]?[key] = nil
    }

    func evict(database: Int, key: [UInt8]) {
        deadlines[database]?[key] = nil
        values[database]?[key] = nil
    }

    func value(_ key: String, database: Int = 0) -> String? {
        values[database]?[Array(key.utf8)].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sorted `key=value` lines: equal strings mean equal states.
    var dump: String {
        var lines: [String] = []
        for (db, table) in values {
            for (key, value) in table {
                let deadline = deadlines[db]?[key].map { " @\($0)" } ?? ""
                lines.append("\(db):\(String(decoding: key, as: UTF8.self))=\(String(decoding: value, as: UTF8.self))\(deadline)")
            }
        }
        return lines.sorted().joined(separator: "\n")
    }

    func snapshot() -> [UInt8] {
        Array(dump.utf8)
    }

    func restore(from snapshot: [UInt8]) throws {
        values = [:]
        deadlines = [:]
        for line in String(decoding: snapshot, as: UTF8.self).split(separator: "\n") {
            let colon = line.firstIndex(of: ":")!
            let db = Int(line[..<colon])!
            let rest = line[line.index(after: colon)...]
            let equals = rest.firstIndex(of: "=")!
            let key = Array(rest[..<equals].utf8)
            var value = String(rest[rest.index(after: equals)...])
            if let at = value.firstIndex(of: "@") {
                deadlines[db, default: [:]][key] = Int64(value[value.index(after: at)...])!
                value = String(value[..<value.index(before: at)])
            }
            values[db, default: [:]][key] = Array(value.utf8)
        }
    }
}

/// Finds free TCP ports by binding port 0 (the ports are released before use; a race with
/// another process is possible but unlikely on a test machine).
func freePorts(_ count: Int) -> [Int] {
    var descriptors: [Int32] = []
    var ports: [Int] = []
    for _ in 0..<count {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        ports.append(Int(UInt16(bigEndian: address.sin_port)))
        descriptors.append(fd)
    }
    for fd in descriptors { close(fd) }
    return ports
}

/// Which state machine a test cluster runs.
enum MachineKind {
    case keyValue, keyspace
}

/// Makes node `i`'s log store (a struct, so a trailing closure always means `adjust`).
struct StoreFactory {
    var make: (Int, EventLoop) throws -> LogStore
}

/// Several nodes on one loop with real loopback TCP between them.
final class TestCluster {
    let loop: EventLoop
    var nodes: [ClusterNode] = []
    var stateMachines: [StateMachine] = []
    var stores: [LogStore] = []
    /// The state machines, when they are the test's key-value machine.
    var machines: [KVMachine] { stateMachines.map { $0 as! KVMachine } }
    var logs: [String] = []
    let members: [ClusterMember]

    init(size: Int, storeDelayMs: Int64 = 0, secret: [UInt8]? = nil, seed: UInt64 = testSeed(),
         machines kind: MachineKind = .keyValue, stores factory: StoreFactory? = nil,
         startNodes: Bool = true, adjust: (inout ClusterConfiguration) -> Void = { _ in }) throws {
        print("TestCluster seed \(seed)")
        loop = try EventLoop()
        let ports = freePorts(size)
        members = (0..<size).map {
            ClusterMember(id: NodeID($0 + 1), host: "127.0.0.1", clientPort: 6379 + $0, peerPort: ports[$0])
        }
        for i in 0..<size {
            var configuration = ClusterConfiguration(nodeID: NodeID(i + 1), clusterID: 7, members: members,
                                                     secret: secret, peerListenHost: "127.0.0.1",
                                                     tickIntervalMs: 20, writeTimeoutMs: 3000,
                                                     forwardRetryMs: 300, readRetryMs: 300, randomSeed: seed)
            adjust(&configuration)
            let machine: StateMachine = kind == .keyValue ? KVMachine() : KeyspaceStateMachine(keyspace: Keyspace())
            let store = try factory?.make(i, loop) ?? InMemoryLogStore(loop: loop, completionDelayMs: storeDelayMs)
            let id = i + 1
            let node = try ClusterNode(configuration: configuration, loop: loop, stateMachine: machine, store: store) {
                [unowned self] line in self.logs.append("node \(id): \(line)")
            }
            nodes.append(node)
            stateMachines.append(machine)
            stores.append(store)
        }
        if startNodes {
            for node in nodes { try node.start() }
        }
    }

    deinit {
        for node in nodes where node.transport != nil { node.stop() }
    }

    /// Runs the loop until `condition` holds or `timeoutMs` passes; returns whether it held.
    @discardableResult
    func run(timeoutMs: Int64 = 5000, until condition: @escaping () -> Bool) -> Bool {
        if condition() { return true }
        var held = false
        let poll = loop.addTimer(afterMs: 2, repeatMs: 2) { [loop] in
            if condition() {
                held = true
                loop.stop()
            }
        }
        let deadline = loop.addTimer(afterMs: timeoutMs) { [loop] in loop.stop() }
        try? loop.run()
        loop.cancelTimer(poll)
        loop.cancelTimer(deadline)
        return held
    }

    /// The current leader among nodes not isolated, once exactly one claims it.
    var leader: ClusterNode? {
        let leaders = nodes.filter { $0.isLeader && !$0.isIsolated }
        return leaders.count == 1 ? leaders[0] : nil
    }

    func index(of node: ClusterNode) -> Int {
        nodes.firstIndex { $0 === node }!
    }

    /// Waits for a leader, failing the test if none is elected in time.
    func awaitLeader(timeoutMs: Int64 = 5000) -> ClusterNode? {
        run(timeoutMs: timeoutMs) { self.leader != nil }
        return leader
    }

    /// Submits a write on `node` and runs the loop until its reply arrives.
    func write(_ words: [String], on node: ClusterNode, database: Int = 0, timeoutMs: Int64 = 5000) -> String? {
        var reply: [UInt8]?
        node.submitWrite(Arguments(strings: words), database: database, protocolVersion: .resp2) { reply = $0 }
        run(timeoutMs: timeoutMs) { reply != nil }
        return reply.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Passes a read barrier on `node`; returns nil on success or the error reply.
    func barrier(on node: ClusterNode, timeoutMs: Int64 = 5000) -> String? {
        var done = false
        var error: [UInt8]?
        node.readBarrier {
            error = $0
            done = true
        }
        let finished = run(timeoutMs: timeoutMs) { done }
        if !finished { return "barrier did not finish" }
        return error.map { String(decoding: $0, as: UTF8.self) }
    }
}
