@testable import Raft

/// A synchronous in-memory cluster for unit tests: every Ready is "persisted" at once and its
/// messages are queued; `deliverAll` runs until no message is left. `drop` filters links.
struct TestCluster {
    var nodes: [NodeID: RaftNode] = [:]
    var queue: [Message] = []
    var applied: [NodeID: [Entry]] = [:]
    var readStates: [NodeID: [ReadState]] = [:]
    var blocked: Set<[NodeID]> = []
    var deliveredSnapshotChunks = 0

    init(voters: [NodeID], configure: (inout RaftConfig) -> Void = { _ in }) {
        for id in voters {
            var config = RaftConfig(id: id, randomSeed: 42)
            configure(&config)
            nodes[id] = RaftNode(config: config, recovered: .bootstrap(voters: voters))
        }
    }

    mutating func add(_ id: NodeID, recovered: RecoveredState = .joining, configure: (inout RaftConfig) -> Void = { _ in }) {
        var config = RaftConfig(id: id, randomSeed: 42)
        configure(&config)
        nodes[id] = RaftNode(config: config, recovered: recovered)
    }

    func node(_ id: NodeID) -> RaftNode { nodes[id]! }

    mutating func isolate(_ id: NodeID) {
        for other in nodes.keys where other != id {
            blocked.insert([id, other])
            blocked.insert([other, id])
        }
    }

    mutating func heal() { blocked = [] }

    /// Collects every Ready of every node (persist = no-op, apply = record).
    mutating func flush() {
        var progressed = true
        while progressed {
            progressed = false
            for id in nodes.keys.sorted() {
                while nodes[id]!.hasReady {
                    progressed = true
                    let rd = nodes[id]!.ready()
                    queue.append(contentsOf: rd.messages)
                    applied[id, default: []].append(contentsOf: rd.committedEntries)
                    readStates[id, default: []].append(contentsOf: rd.readStates)
                    nodes[id]!.advance(rd)
                }
            }
        }
    }

    mutating func deliverAll(limit: Int = 100_000) {
        var steps = 0
        flush()
        while !queue.isEmpty && steps < limit {
            let batch = queue
            queue = []
            for m in batch where nodes[m.to] != nil && !blocked.contains([m.from, m.to]) {
                if case .installSnapshot = m.kind { deliveredSnapshotChunks += 1 }
                nodes[m.to]!.step(m)
                steps += 1
            }
            flush()
        }
    }

    mutating func tick(_ id: NodeID, times: Int = 1) {
        for _ in 0..<times {
            nodes[id]!.tick()
            deliverAll()
        }
    }

    mutating func tickAll(times: Int = 1) {
        for _ in 0..<times {
            for id in nodes.keys.sorted() { nodes[id]!.tick() }
            deliverAll()
        }
    }

    /// Elects `id` by ticking only it until it leads. The other servers are treated as if an
    /// election timeout had passed without them campaigning (their leader lease expired).
    mutating func elect(_ id: NodeID) {
        for other in nodes.keys where other != id && nodes[id]!.role != .leader {
            let timeout = nodes[other]!.config.electionTimeoutTicks
            nodes[other]!.electionElapsedTicks = max(nodes[other]!.electionElapsedTicks, timeout)
        }
        for _ in 0..<200 where nodes[id]!.role != .leader {
            nodes[id]!.tick()
            deliverAll()
        }
        precondition(nodes[id]!.role == .leader, "node \(id) failed to become leader")
    }

    var leaders: [NodeID] { nodes.values.filter { $0.role == .leader }.map { $0.config.id } }
}

extension TestCluster {
    /// Delivers queued messages that pass `filter` (others are dropped) until the queue is empty.
    mutating func deliver(where filter: (Message) -> Bool) {
        flush()
        while !queue.isEmpty {
            let batch = queue
            queue = []
            for m in batch where nodes[m.to] != nil && !blocked.contains([m.from, m.to]) && filter(m) {
                nodes[m.to]!.step(m)
            }
            flush()
        }
    }

    /// Ticks `id` until it leads, delivering only election traffic.
    mutating func electWithoutReplication(_ id: NodeID) {
        for other in nodes.keys where other != id {
            nodes[other]!.electionElapsedTicks = max(nodes[other]!.electionElapsedTicks, nodes[other]!.config.electionTimeoutTicks)
        }
        for _ in 0..<200 where nodes[id]!.role != .leader {
            nodes[id]!.tick()
            deliver { m in
                switch m.kind {
                case .vote, .voteResponse, .preVote, .preVoteResponse: return true
                default: return false
                }
            }
        }
        precondition(nodes[id]!.role == .leader)
        flush()
        queue = []
    }
}
