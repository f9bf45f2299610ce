// Client requests: writes (proposed here, or forwarded to the leader), read barriers and
// expiry proposals, with their timeouts and retries.
//
// Error replies (texts are part of the interface; clients and docs quote them):
//   -CLUSTERDOWN No leader elected within <n> ms; the write was not applied
//       the write never reached a leader: it certainly did not happen.
//   -TRYAGAIN Write not confirmed within <n> ms; it may have been applied
//       it reached a leader but its entry did not apply here in time: outcome unknown.
//   -READONLY You can't write against a read only replica. Leader is <host>:<port>
//       `follower-proxy no` on a follower (Redis's replica error, plus where to go).
//   -CLUSTERDOWN No leader elected within <n> ms          (read barrier, no leader)
//   -TRYAGAIN Read not confirmed within <n> ms            (read barrier, leader slow/lost)

import Raft
import RESP

/// What a write's waiter is told, in this order.
public enum WriteProgress {
    /// Its entry is about to apply on this node (the client's command is then running
    /// here, as a local command would be); `.finished` follows at once.
    case applying
    /// Its reply, or an error reply (timeout, no leader, shutdown) without `.applying`.
    case finished([UInt8])
}

/// A local client's write waiting for its entry to apply.
struct PendingWrite {
    var arguments: Arguments
    var database: Int
    var protocolVersion: ProtocolVersion
    /// One closure for both events: a write is on every client's hot path, and each
    /// closure is an allocation.
    var progress: (WriteProgress) -> Void
    var deadlineMs: Int64
    /// Where it was last proposed or forwarded: this node's id, the leader's, or 0 (not yet).
    var sentTo: NodeID = 0
    /// The term it was sent in: a new term may have truncated it, so it is sent again.
    var sentTerm: UInt64 = 0
    var sentAtMs: Int64 = 0
    /// Ever handed to a leader (so a timeout's outcome is unknown, not "not applied").
    var everSent = false
    /// The leader confirmed the proposal; no periodic re-send while it stays leader.
    var acknowledged = false

    func finish(_ reply: [UInt8]) {
        progress(.finished(reply))
    }
}

/// A read waiting for its barrier.
struct ReadWaiter {
    var deadlineMs: Int64
    var completion: ([UInt8]?) -> Void
}

/// One ReadIndex request shared by a batch of reads.
struct ReadRound {
    var waiters: [ReadWaiter]
    var sentAtMs: Int64
}

extension ClusterNode {
    // MARK: Writes

    /// A write command from a local client: proposed if this node leads, forwarded to the
    /// leader if it follows (`follower-proxy yes`), or answered with a redirect error.
    /// `completion` runs on the loop with the reply encoded for `protocolVersion` once the
    /// entry is applied on this node (the origin node writes the reply from its own apply;
    /// the leader never relays reply bytes), or with an error reply on timeout or without a
    /// leader (texts at the top of this file). `.applying` comes just before that entry
    /// applies here, so side effects of the apply can be told apart as this write's own.
    public func submitWrite(_ arguments: Arguments, database: Int, protocolVersion: ProtocolVersion,
                            progress: @escaping (WriteProgress) -> Void) {
        guard started, transport != nil else {
            var reply = ReplyWriter(protocolVersion: protocolVersion)
            reply.error("CLUSTERDOWN This node has not joined the cluster yet")
            return progress(.finished(reply.bytes))
        }
        let nowMs = loop.nowMs
        let id = nextRequestID
        nextRequestID += 1
        var write = PendingWrite(arguments: arguments, database: database, protocolVersion: protocolVersion,
                                 progress: progress, deadlineMs: nowMs + configuration.writeTimeoutMs)
        if !route(&write, id: id, nowMs: nowMs) { return }
        pendingWrites[id] = write
    }

    /// `submitWrite` for a caller that only wants the reply.
    public func submitWrite(_ arguments: Arguments, database: Int, protocolVersion: ProtocolVersion,
                            completion: @escaping ([UInt8]) -> Void) {
        submitWrite(arguments, database: database, protocolVersion: protocolVersion) { progress in
            if case .finished(let reply) = progress { completion(reply) }
        }
    }

    /// Proposes or forwards `write`; false when it was answered (redirect) and must be dropped.
    func route(_ write: inout PendingWrite, id: UInt64, nowMs: Int64) -> Bool {
        if raft.role == .leader {
            let payload = EntryPayload.command(CommandPayload(
                arguments: write.arguments, database: write.database, leaderTimeMs: entryTimeMs(),
                origin: configuration.nodeID, requestID: id))
            do {
                _ = try raft.propose(payload.encoded())
                write.sentTo = configuration.nodeID
                write.acknowledged = true
                write.everSent = true
            } catch {
                write.sentTo = 0  // transfer in progress: retried at the next tick
            }
        } else if raft.leaderID != 0 {
            guard configuration.followerProxy else {
                let address = leaderClientAddress.map { "\($0.host):\($0.port)" } ?? "node \(raft.leaderID)"
                var reply = ReplyWriter(protocolVersion: write.protocolVersion)
                reply.error("READONLY You can't write against a read only replica. Leader is \(address)")
                write.finish(reply.bytes)
                return false
            }
            let request = ForwardRequest(origin: configuration.nodeID, requestID: id, database: write.database,
                                         arguments: write.arguments)
            transport.send(.forwardRequest(request), to: raft.leaderID)
            write.sentTo = raft.leaderID
            write.acknowledged = false
            write.everSent = true
        } else {
            write.sentTo = 0
        }
        write.sentAtMs = nowMs
        write.sentTerm = raft.term
        return true
    }

    /// A follower's forwarded write, on the leader: propose it under the origin's id.
    func acceptForward(_ request: ForwardRequest) {
        guard raft.role == .leader else {
            transport.send(.forwardError(requestID: request.requestID, leaderHint: raft.leaderID,
                                         message: "not the leader"), to: request.origin)
            return
        }
        // The leader evicts before a write joins the log, whoever received it (DESIGN §7).
        beforeProposingWrite?()
        let payload = EntryPayload.command(CommandPayload(
            arguments: request.arguments, database: request.database, leaderTimeMs: entryTimeMs(),
            origin: request.origin, requestID: request.requestID))
        do {
            let index = try raft.propose(payload.encoded())
            transport.send(.forwardAck(requestID: request.requestID, index: index), to: request.origin)
        } catch {
            transport.send(.forwardError(requestID: request.requestID, leaderHint: raft.leaderID,
                                         message: "\(error)"), to: request.origin)
        }
    }

    /// Times out old writes and re-routes the others whose leader changed or whose forward
    /// went unanswered. Re-sending is safe: the state machine applies an id at most once.
    func retryPendingWrites(nowMs: Int64) {
        routePendingWrites(nowMs: nowMs, force: false)
    }

    /// Request ids grow with submission, so handling them in id order re-sends a client's
    /// pipelined writes in the order it sent them.
    func routePendingWrites(nowMs: Int64, force: Bool) {
        guard !pendingWrites.isEmpty else { return }
        let leader = raft.role == .leader ? configuration.nodeID : raft.leaderID
        var due: [UInt64] = []
        for (id, write) in pendingWrites {
            let stale = write.sentTo != leader || write.sentTerm != raft.term
            let unanswered = !write.acknowledged && nowMs - write.sentAtMs >= configuration.forwardRetryMs
            if nowMs >= write.deadlineMs || (leader != 0 && (force || stale || unanswered)) { due.append(id) }
        }
        due.sort()
        for id in due {
            guard var write = pendingWrites[id] else { continue }
            if nowMs >= write.deadlineMs {
                pendingWrites.removeValue(forKey: id)
                var reply = ReplyWriter(protocolVersion: write.protocolVersion)
                if write.everSent {
                    reply.error("TRYAGAIN Write not confirmed within \(configuration.writeTimeoutMs) ms; it may have been applied")
                } else {
                    reply.error("CLUSTERDOWN No leader elected within \(configuration.writeTimeoutMs) ms; the write was not applied")
                }
                write.finish(reply.bytes)
                continue
            }
            if route(&write, id: id, nowMs: nowMs) {
                pendingWrites[id] = write
            } else {
                pendingWrites.removeValue(forKey: id)
            }
        }
    }

    // MARK: Expiry

    /// Leader only: proposes conditional deletions of expired keys (DESIGN §7). The server
    /// feeds it `Keyspace.activeExpireCycle` results; while a previous expiry entry has not
    /// applied the call does nothing, since the cycle reports keys again until deleted.
    public func proposeExpiry(_ keys: [ExpiryCandidate]) {
        guard raft.role == .leader, !keys.isEmpty, lastExpiryIndex <= appliedIndex else { return }
        let batch = Array(keys.prefix(configuration.maxExpiryKeysPerEntry))
        let payload = EntryPayload.expire(leaderTimeMs: entryTimeMs(), keys: batch)
        if let index = try? raft.propose(payload.encoded()) { lastExpiryIndex = index }
    }

    // MARK: Eviction

    /// Leader only: proposes the deletion of keys chosen to stay under `maxmemory`
    /// (DESIGN §7), in entries of at most `maxExpiryKeysPerEntry` keys. Returns the term
    /// proposed in, or nil if nothing was proposed (not the leader, or a transfer is under
    /// way): the caller then gives up its choices, as it does when the term changes,
    /// since entries of an old term may never commit.
    public func proposeEviction(_ keys: [EvictionCandidate]) -> UInt64? {
        guard raft.role == .leader else { return nil }
        var start = 0
        while start < keys.count {
            let end = min(keys.count, start + configuration.maxExpiryKeysPerEntry)
            let payload = EntryPayload.evict(leaderTimeMs: entryTimeMs(), keys: Array(keys[start..<end]))
            guard (try? raft.propose(payload.encoded())) != nil else { return nil }
            start = end
        }
        return raft.term
    }

    // MARK: Reads

    /// Calls `completion(nil)` once a read may run on this node with the configured
    /// consistency (ReadIndex, batched: one round serves every read that arrived meanwhile),
    /// or `completion(errorReply)` on timeout. `stale` answers at once.
    public func readBarrier(_ completion: @escaping ([UInt8]?) -> Void) {
        if configuration.readConsistency == .stale { return completion(nil) }
        readsToRequest.append(ReadWaiter(deadlineMs: loop.nowMs + configuration.writeTimeoutMs, completion: completion))
    }

    /// Starts one ReadIndex round for every read queued this turn (runs in `processReady`).
    func requestReads() {
        guard !readsToRequest.isEmpty, raft.leaderID != 0 else { return }
        // A lease is only as good as the ticks behind it: count the time this turn may
        // have spent stopped before the lease is consulted.
        catchUpTicks()
        let context = nextReadContext
        nextReadContext += 1
        do {
            try raft.readIndex(context: context)
        } catch {
            return  // no leader: the reads wait, and time out if none appears
        }
        readRounds[context] = ReadRound(waiters: readsToRequest, sentAtMs: loop.nowMs)
        readsToRequest.removeAll()
    }

    func readIndexAnswered(_ read: ReadState) {
        guard let round = readRounds.removeValue(forKey: read.context) else { return }
        if read.index <= appliedIndex {
            for waiter in round.waiters { waiter.completion(nil) }
        } else {
            readsAwaitingApply.append((read.index, round.waiters))
        }
    }

    /// Serves reads whose index has now been applied.
    func releaseAppliedReads() {
        guard !readsAwaitingApply.isEmpty else { return }
        var waiting: [(index: UInt64, waiters: [ReadWaiter])] = []
        let batches = readsAwaitingApply
        readsAwaitingApply = []
        defer { readsAwaitingApply = waiting + readsAwaitingApply }
        for batch in batches {
            if batch.index <= appliedIndex {
                for waiter in batch.waiters { waiter.completion(nil) }
            } else {
                waiting.append(batch)
            }
        }
    }

    /// Fails reads past their deadline; re-requests rounds Raft may have dropped (reads
    /// pending at a leadership change are discarded by the core).
    func retryReads(nowMs: Int64) {
        let timeoutMs = configuration.writeTimeoutMs
        func expire(_ waiters: [ReadWaiter]) -> [ReadWaiter] {
            var kept: [ReadWaiter] = []
            for waiter in waiters {
                guard nowMs >= waiter.deadlineMs else {
                    kept.append(waiter)
                    continue
                }
                var reply = ReplyWriter()
                if raft.leaderID == 0 {
                    reply.error("CLUSTERDOWN No leader elected within \(timeoutMs) ms")
                } else {
                    reply.error("TRYAGAIN Read not confirmed within \(timeoutMs) ms")
                }
                waiter.completion(reply.bytes)
            }
            return kept
        }
        // Completions may queue new reads (a session runs its next command): take the
        // queue out first and put the survivors back in front of anything added.
        let queued = readsToRequest
        readsToRequest = []
        readsToRequest = expire(queued) + readsToRequest
        for (context, round) in readRounds {
            let kept = expire(round.waiters)
            if kept.isEmpty {
                readRounds.removeValue(forKey: context)
            } else if nowMs - round.sentAtMs >= configuration.readRetryMs {
                readRounds.removeValue(forKey: context)
                readsToRequest.append(contentsOf: kept)
            } else {
                readRounds[context]!.waiters = kept
            }
        }
        let awaiting = readsAwaitingApply
        readsAwaitingApply = []
        readsAwaitingApply = awaiting.compactMap { batch in
            let kept = expire(batch.waiters)
            return kept.isEmpty ? nil : (batch.index, kept)
        } + readsAwaitingApply
    }

    /// Answers every waiting request with `message` (shutdown).
    func failAllPending(message: String) {
        let writes = pendingWrites
        pendingWrites.removeAll()
        for write in writes.values {
            var reply = ReplyWriter(protocolVersion: write.protocolVersion)
            reply.error(message)
            write.finish(reply.bytes)
        }
        var reply = ReplyWriter()
        reply.error(message)
        var reads = readsToRequest
        for round in readRounds.values { reads += round.waiters }
        for batch in readsAwaitingApply { reads += batch.waiters }
        readsToRequest.removeAll()
        readRounds.removeAll()
        readsAwaitingApply.removeAll()
        for read in reads { read.completion(reply.bytes) }
    }
}
