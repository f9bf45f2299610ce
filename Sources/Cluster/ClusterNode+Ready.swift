// Ready handling, applying committed entries, snapshots and compaction.
//
// The contract is `RaftNode`'s (top of RaftNode.swift): persist a Ready's snapshot, entries
// and hard state; only once they are durable send its messages (votes and acks depend on
// them, §5.2/§5.3), apply its committed entries, answer its read states, and `advance`.
// One Ready is persisted at a time, so Readies are handled strictly in order; the loop
// keeps stepping and proposing meanwhile (RaftNode allows it), which batches everything
// that arrives during an fsync into the next Ready — group commit for free.
//
// Persisting and applying overlap: once a Ready is durable its messages go out and it is
// advanced, the next Ready goes to the disk, and only then are the first one's committed
// entries applied (from `persistedToApply`, in order). The disk thus syncs batch k+1
// while the loop applies batch k and writes its replies, instead of idling meanwhile.
// Committed entries this node already holds durably apply as soon as their Ready is
// handed out (`applyNow`): the commit of batch k is learnt when k is durable, and its
// replies need not wait for the fsync of batch k+1 that carries the news.

import Raft
import RESP
import SystemCalls

extension ClusterNode {
    /// Drains Readies; runs in `beforeSleep` and when the store completes asynchronously.
    func processReady() {
        guard started, !processingReady else { return }
        processingReady = true
        defer { processingReady = false }
        while true {
            requestReads()
            if let compaction = pendingCompaction {
                pendingCompaction = nil
                raft.compact(upTo: compaction.index, snapshotData: compaction.data)
            }
            guard !readyInFlight, raft.hasReady else {
                guard !persistedToApply.isEmpty else { break }
                applyPersisted(persistedToApply.removeFirst())
                continue
            }
            var rd = raft.ready()
            readyInFlight = true
            let mustSync = mustWaitForDurability(rd)
            let batch = LogBatch(snapshot: rd.snapshotToPersist, entries: rd.entriesToPersist, hardState: rd.hardState,
                                 mustSync: mustSync)
            if mustSync {
                // A leader's appends go out while its own write is under way (§10.2.1).
                let sendNow = rd.messagesMayPrecedePersistence
                if sendNow { send(rd.messages) }
                // Committed entries already durable here need not wait for this write.
                let committed = rd.committedEntriesAreDurable ? rd.committedEntries : []
                if !committed.isEmpty { rd.committedEntries = [] }
                store.persist(batch) { [weak self] in self?.readyPersisted(rd, messagesSent: sendNow) }
                if !committed.isEmpty { applyNow(committed) }
            } else {
                // Only the commit index changed (or nothing): it is a restart hint, no
                // message depends on it (HardState.commit; etcd's MustSync rule), so it
                // goes to the store in order, unflushed, and no fsync sits on the reply path.
                if rd.hardState != nil { store.persist(batch) {} }
                readyPersisted(rd, messagesSent: false)
            }
        }
    }

    /// Applies committed entries at once, after everything handed out before them, instead
    /// of costing every write's reply a second fsync.
    func applyNow(_ entries: [Entry]) {
        while !persistedToApply.isEmpty { applyPersisted(persistedToApply.removeFirst()) }
        applyCommitted(entries, snapshot: nil)
    }

    /// Whether sending or applying must wait for this Ready's persistence: entries, a
    /// snapshot, or a new term or vote (what votes and acknowledgements depend on, §5.2,
    /// §5.3). A change of the commit index alone does not count.
    func mustWaitForDurability(_ rd: Ready) -> Bool {
        var voteChanged = false
        if let hard = rd.hardState {
            voteChanged = hard.term != lastSubmittedHardState.term || hard.vote != lastSubmittedHardState.vote
            lastSubmittedHardState = hard
        }
        return voteChanged || rd.snapshotToPersist != nil || !rd.entriesToPersist.isEmpty
    }

    /// Step 2 of the Ready contract once step 1 is durable; applying (step 3) is queued
    /// behind the persistence of the next Ready.
    func readyPersisted(_ rd: Ready, messagesSent: Bool) {
        precondition(readyInFlight, "a Ready completed twice")
        if !messagesSent { send(rd.messages) }
        raft.advance(rd)
        readyInFlight = false
        persistedToApply.append(rd)
        // An asynchronous completion must keep draining; inside processReady the loop does.
        if !processingReady { processReady() }
    }

    func send(_ messages: [Message]) {
        for message in messages {
            if message.to == configuration.nodeID {
                raft.step(message)
            } else {
                noteCommitTold(message)
                transport.send(.raft(message), to: message.to)
            }
        }
    }

    /// Step 3: applies a durable Ready's snapshot and committed entries, answers its reads.
    func applyPersisted(_ rd: Ready) {
        applyCommitted(rd.committedEntries, snapshot: rd.snapshotToPersist) {
            for read in rd.readStates { readIndexAnswered(read) }
            if let soft = rd.softState { roleChanged(soft) }
        }
    }

    /// Installs `snapshot`, applies `entries`, runs `then`, and does what follows applying.
    private func applyCommitted(_ entries: [Entry], snapshot: Snapshot?, then: () -> Void = {}) {
        if let snapshot { install(snapshot) }
        for entry in entries { apply(entry) }
        if snapshot != nil || !entries.isEmpty { afterApply?() }
        then()
        releaseAppliedReads()
        maybeSnapshot()
    }

    // MARK: Applying

    func apply(_ entry: Entry) {
        guard entry.index > appliedIndex else { return }
        precondition(entry.index == appliedIndex + 1, "entry \(entry.index) applied after \(appliedIndex)")
        appliedIndex = entry.index
        bytesSinceSnapshot &+= UInt64(entry.data.count)
        switch entry.kind {
        case .noop:
            return
        case .configChange:
            if let next = Configuration(encoded: entry.data) { appliedConfiguration = next }
            return
        case .normal:
            break
        }
        let payload: EntryPayload
        do {
            payload = try EntryPayload.decode(entry.data)
        } catch {
            // Skipping the entry would let this replica diverge; stopping is the only safe
            // answer. It means a newer node proposed a kind this build does not know.
            fatalError("cannot apply entry \(entry.index): \(error); upgrade this node")
        }
        switch payload {
        case .command(let command):
            guard command.origin == configuration.nodeID,
                  let write = pendingWrites.removeValue(forKey: command.requestID) else {
                state.apply(command, index: entry.index)
                return
            }
            write.progress(.applying)
            var reply = ReplyWriter(protocolVersion: write.protocolVersion)
            let applied = state.apply(command, index: entry.index, reply: &reply)
            // A duplicate's first copy already answered its client; nobody waits for it here.
            write.finish(applied ? reply.bytes : duplicateReply)
        case .expire(let leaderTimeMs, let keys):
            state.applyExpiry(leaderTimeMs: leaderTimeMs, keys: keys)
        case .evict(let leaderTimeMs, let keys):
            state.applyEviction(leaderTimeMs: leaderTimeMs, keys: keys)
        case .memberAddress(let id, let host, let clientPort, let peerPort):
            learnAddress(ClusterMember(id: id, host: host, clientPort: clientPort, peerPort: peerPort))
        }
    }

    /// What a waiting client gets if its request's first copy applied while nobody was
    /// waiting for it (this node restarted its pending table in between): the write took
    /// effect once, but its reply is gone.
    var duplicateReply: [UInt8] {
        var writer = ReplyWriter()
        writer.error("TRYAGAIN The write was applied but its reply was lost; check the key before retrying")
        return writer.bytes
    }

    func install(_ snapshot: Snapshot) {
        guard snapshot.metadata.index > appliedIndex else { return }
        do {
            try state.restore(from: snapshot.data)
        } catch {
            fatalError("cannot install snapshot \(snapshot.metadata.index): \(error)")
        }
        appliedIndex = snapshot.metadata.index
        appliedConfiguration = snapshot.metadata.configuration
        dialReplicatedAddresses()
        // Writes of ours the snapshot already contains will never apply here again.
        for (id, write) in pendingWrites where state.hasApplied(origin: configuration.nodeID, requestID: id) {
            pendingWrites.removeValue(forKey: id)
            write.finish(duplicateReply)
        }
        log("installed snapshot at index \(snapshot.metadata.index), term \(snapshot.metadata.term)")
    }

    /// Takes a snapshot once enough entries were applied since the last one, saves it, and
    /// compacts the log once it is durable (§7).
    func maybeSnapshot() {
        let due = appliedIndex >= raft.snapshotIndex + configuration.snapshotEveryEntries
            || bytesSinceSnapshot >= configuration.snapshotEveryBytes
        guard due, !snapshotInFlight, appliedIndex > raft.snapshotIndex, loop.nowMs >= snapshotRetryAtMs,
              let term = raft.term(at: appliedIndex) else { return }
        let index = appliedIndex
        // A copy-on-write image, O(pages) here; the store serializes it on its snapshot
        // thread while the loop goes on applying (KeyspaceImage, DESIGN §5).
        let captureStartUs = Clock.monotonicUs()
        let encode = state.captureSnapshot()
        let captureUs = Clock.monotonicUs() - captureStartUs
        let metadata = SnapshotMetadata(index: index, term: term, configuration: appliedConfiguration)
        snapshotInFlight = true
        bytesSinceSnapshot = 0
        store.saveSnapshot(metadata, encode: encode) { [weak self] data in
            guard let self else { return }
            self.state.machine.releaseSnapshot()
            self.snapshotInFlight = false
            guard let data else {
                self.snapshotRetryAtMs = self.loop.nowMs + 1000
                return
            }
            self.pendingCompaction = (index, data)
            self.log("snapshot at index \(index) saved (\(data.count) bytes; image taken in \(captureUs) µs on the loop)")
        }
    }

    // MARK: Roles

    func roleChanged(_ soft: SoftState) {
        let name: String
        switch soft.role {
        case .leader: name = "leader"
        case .follower: name = "follower"
        case .candidate: name = "candidate"
        case .preCandidate: name = "pre-candidate"
        }
        let leader = soft.leader == 0 ? "none" : "node \(soft.leader)"
        log("role \(name), term \(raft.term), leader \(leader)")
        // A proposal of ours may be truncated by the next leader: treat it as unsent, so it
        // goes to whoever leads now (a duplicate, if the first copy survives, is skipped).
        if soft.role != .leader {
            for (id, write) in pendingWrites where write.sentTo == configuration.nodeID {
                pendingWrites[id]!.sentTo = 0
            }
        }
        // Writes sent to a former leader go to the new one now, not at the next tick.
        routePendingWrites(nowMs: loop.nowMs, force: false)
    }
}
