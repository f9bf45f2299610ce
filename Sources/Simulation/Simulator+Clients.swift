import Raft

/// A client issuing one operation at a time against a register store of three keys.
struct SimClient {
    let id: Int
    /// Numbers the client's attempts, so late completions of an abandoned one are ignored.
    var attempt = 0
    var busy = false
    var operation: KVOperation = .get(key: 0)
    var historyIndex: Int?
    var targetNode: NodeID = 1
    var readFloor: UInt64 = 0
    var nextValue: Int64 = 1
}

/// One operation in the client history, for the linearizability checker.
public struct HistoryRecord: Sendable {
    public var client: Int
    public var operation: KVOperation
    public var invokeUs: Int64
    /// `Int64.max` while unknown (a timed-out write may or may not have happened).
    public var responseUs: Int64
    public var result: KVResult?
    /// The operation certainly had no effect (rejected, overwritten, or a timed-out read).
    public var discarded: Bool

    /// Creates a history record.
    public init(client: Int, operation: KVOperation, invokeUs: Int64, responseUs: Int64 = Int64.max,
                result: KVResult? = nil, discarded: Bool = false) {
        self.client = client
        self.operation = operation
        self.invokeUs = invokeUs
        self.responseUs = responseUs
        self.result = result
        self.discarded = discarded
    }
}

extension Simulator {

    mutating func clientStep(_ c: Int) {
        if c < 0 {
            clientsActive = false
            return
        }
        guard clientsActive, !clients[c].busy else { return }
        if clients[c].historyIndex == nil { clients[c].operation = randomOperation(c) }
        let target = clients[c].targetNode
        let i = Int(target - 1)
        guard nodes[i].isUp, !nodes[i].paused else {
            retryElsewhere(c)
            return
        }
        let operation = clients[c].operation
        let attempt = clients[c].attempt
        if operation.isWrite {
            var payload: [UInt8] = []
            Wire.put(nowUs / 1000, &payload)
            payload += SM.encode(operation)
            let term = nodes[i].raft!.term
            do {
                let index = try nodes[i].raft!.propose(payload)
                nodes[i].proposals[index] = (term, c, attempt)
            } catch {
                if case .notLeader(let hint) = error, hint != 0 { clients[c].targetNode = hint }
                else { clients[c].targetNode = randomNode() }
                queue.push(.clientStep(c), atUs: nowUs + 5_000)
                return
            }
        } else {
            let context = nextReadContext
            nextReadContext += 1
            do {
                try nodes[i].raft!.readIndex(context: context)
            } catch {
                retryElsewhere(c)
                return
            }
            nodes[i].reads[context] = (c, attempt)
            clients[c].readFloor = maxCommitSeen
        }
        clients[c].busy = true
        history.append(HistoryRecord(client: c, operation: operation, invokeUs: nowUs))
        clients[c].historyIndex = history.count - 1
        queue.push(.clientTimeout(c, attempt: attempt), atUs: nowUs + clientTimeoutUs)
        drive(i)
    }

    mutating func retryElsewhere(_ c: Int) {
        clients[c].targetNode = randomNode()
        queue.push(.clientStep(c), atUs: nowUs + 5_000)
    }

    mutating func randomNode() -> NodeID { NodeID(rng.int(in: 0..<nodes.count) + 1) }

    mutating func randomOperation(_ c: Int) -> KVOperation {
        let key = UInt8(rng.int(in: 0..<3))
        // The last client only reads, so reads keep flowing while writers wait on a lost leader.
        let roll = c == clients.count - 1 && clients.count > 1 ? 99 : rng.int(in: 0..<100)
        if roll < 25 {
            // Values are unique per client, which makes histories easy to check.
            clients[c].nextValue += 1
            return .set(key: key, value: Int64(c) * 1_000_000 + clients[c].nextValue, ttlMs: nil)
        }
        if roll < 40 { return .incr(key: key) }
        if roll < 48 { return .del(key: key) }
        return .get(key: key)
    }

    /// The proposal's entry applied (`reply` nil: another entry took its index, so it failed).
    mutating func writeFinished(client c: Int, attempt: Int, reply: [UInt8]?) {
        guard clients[c].attempt == attempt, clients[c].busy, let h = clients[c].historyIndex else { return }
        if let reply {
            history[h].responseUs = nowUs
            history[h].result = SM.decodeResult(reply)
            result.completedWrites += 1
            trace("client \(c) \(history[h].operation) -> \(history[h].result!)")
        } else {
            history[h].discarded = true
            trace("client \(c) \(history[h].operation) lost its log slot (not applied)")
        }
        finish(c)
    }

    mutating func readStateArrived(_ state: ReadState, at i: Int) {
        guard let read = nodes[i].reads.removeValue(forKey: state.context) else { return }
        nodes[i].waitingReads.append((state, read.client, read.attempt))
    }

    /// Serves reads whose index has been applied (thesis §6.4 step 4).
    mutating func serveWaitingReads(at i: Int) {
        var remaining: [(state: ReadState, client: Int, attempt: Int)] = []
        for waiting in nodes[i].waitingReads {
            guard waiting.state.index <= nodes[i].appliedIndex else {
                remaining.append(waiting)
                continue
            }
            let c = waiting.client
            guard clients[c].attempt == waiting.attempt, clients[c].busy, let h = clients[c].historyIndex else { continue }
            if waiting.state.index < clients[c].readFloor {
                violation("stale read at n\(i + 1): read index \(waiting.state.index) < commit \(clients[c].readFloor) known at invocation")
            }
            let reply = nodes[i].machine.read(SM.encode(clients[c].operation), timeMs: nowUs / 1000)
            history[h].responseUs = nowUs
            history[h].result = SM.decodeResult(reply)
            result.completedReads += 1
            trace("client \(c) \(clients[c].operation) at n\(i + 1) index \(waiting.state.index) -> \(history[h].result!)")
            finish(c)
        }
        nodes[i].waitingReads = remaining
    }

    mutating func clientTimedOut(_ c: Int, attempt: Int) {
        guard clients[c].attempt == attempt, clients[c].busy, let h = clients[c].historyIndex else { return }
        if history[h].operation.isWrite {
            result.indeterminateWrites += 1
        } else {
            history[h].discarded = true
        }
        trace("client \(c) timed out on \(history[h].operation)")
        clients[c].targetNode = randomNode()
        finish(c)
    }

    mutating func finish(_ c: Int) {
        clients[c].busy = false
        clients[c].historyIndex = nil
        clients[c].attempt += 1
        queue.push(.clientStep(c), atUs: nowUs + Int64(rng.int(in: 0..<3_000)))
    }

    /// A crash loses the node's pending proposals and reads; their clients time out.
    mutating func abandonClientsOf(_ i: Int) {
        nodes[i].proposals = [:]
        nodes[i].reads = [:]
        nodes[i].waitingReads = []
    }
}
