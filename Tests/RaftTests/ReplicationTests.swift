import Testing
@testable import Raft

@Suite("Log replication")
struct ReplicationTests {
    @Test("§5.3 the leader replicates proposals and every server applies them in order")
    func replicateAndApply() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        for value in 0..<20 { _ = try cluster.nodes[1]!.propose([UInt8(value)]) }
        cluster.deliverAll()
        cluster.tickAll()
        for id: NodeID in [1, 2, 3] {
            let data = cluster.applied[id]!.filter { $0.kind == .normal }.map { $0.data[0] }
            #expect(data == (0..<20).map { UInt8($0) })
            #expect(cluster.node(id).commitIndex == 21)
        }
    }

    @Test("§5.4.2 leader does not commit entries from previous terms by counting")
    func noCommitOfOldTermByCounting() {
        #expect(commitAfterOldTermReplicated(bugs: []) == 0)
    }

    @Test("§5.4.2 the injected bug commitOldTermByCounting does commit by counting")
    func injectedBugCommitsByCounting() {
        #expect(commitAfterOldTermReplicated(bugs: .commitOldTermByCounting) == 2)
    }

    /// Leader of term 3 holds [t1, t2] from earlier terms; a follower acknowledges index 2
    /// but not the term-3 no-op at index 3.
    func commitAfterOldTermReplicated(bugs: TestingBugs) -> UInt64 {
        let base = RecoveredState.bootstrap(voters: [1, 2, 3]).snapshot
        let recovered = RecoveredState(hardState: HardState(term: 2), snapshot: base,
                                       entries: [Entry(term: 1, index: 1), Entry(term: 2, index: 2)])
        var leader = RaftNode(config: RaftConfig(id: 1, checkQuorum: false, preVote: false, testingBugs: bugs), recovered: recovered)
        for _ in 0..<30 where leader.role != .candidate { leader.tick() }
        leader.step(Message(from: 2, to: 1, term: 3, kind: .voteResponse(reject: false)))
        #expect(leader.role == .leader && leader.term == 3)
        let rd = leader.ready()
        leader.advance(rd)
        leader.step(Message(from: 2, to: 1, term: 3, kind: .appendResponse(AppendResponse(index: 2))))
        return leader.commitIndex
    }

    @Test("§5.3 a follower rejects an append failing the log-matching check, with a term hint")
    func rejectWithHint() {
        let base = RecoveredState.bootstrap(voters: [1, 2]).snapshot
        let entries = (1...6).map { Entry(term: $0 <= 3 ? 1 : 2, index: UInt64($0)) }
        var follower = RaftNode(config: RaftConfig(id: 2), recovered: RecoveredState(hardState: HardState(term: 2), snapshot: base, entries: entries))
        follower.step(Message(from: 1, to: 2, term: 4, kind: .append(prevIndex: 6, prevTerm: 3, entries: [], commit: 0)))
        let rd = follower.ready()
        guard case .appendResponse(let r)? = rd.messages.first?.kind else { Issue.record("no response"); return }
        #expect(r.reject && r.index == 6)
        #expect(r.hintIndex == 6 && r.hintTerm == 2)
    }

    @Test("§5.3 a divergent follower log is repaired by fast back-off")
    func divergentLogRepaired() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        // Node 1 appends entries nobody receives, then loses leadership.
        cluster.isolate(1)
        for value in 0..<5 { _ = try cluster.nodes[1]!.propose([UInt8(value)]) }
        cluster.deliverAll()
        cluster.elect(2)
        for value in 10..<15 { _ = try cluster.nodes[2]!.propose([UInt8(value)]) }
        cluster.deliverAll()
        cluster.heal()
        cluster.tickAll(times: 3)
        #expect(cluster.leaders == [2])
        let leader = cluster.node(2)
        let follower = cluster.node(1)
        #expect(follower.lastIndex == leader.lastIndex)
        for index in 1...leader.lastIndex { #expect(follower.term(at: index) == leader.term(at: index)) }
    }

    @Test("flow control: at most maxInflightMessages appends are unacknowledged")
    func inflightWindow() throws {
        var cluster = TestCluster(voters: [1, 2]) { $0.maxInflightMessages = 4; $0.maxMessageBytes = 1 }
        cluster.elect(1)
        cluster.isolate(2) // acks never arrive
        for value in 0..<50 { _ = try cluster.nodes[1]!.propose([UInt8(value)]) }
        let rd = cluster.nodes[1]!.ready()
        let appends = rd.messages.filter { if case .append(_, _, let e, _) = $0.kind { return !e.isEmpty } else { return false } }
        #expect(appends.count == 4)
        #expect(appends.allSatisfy { if case .append(_, _, let e, _) = $0.kind { return e.count == 1 } else { return false } })
        cluster.nodes[1]!.advance(rd)
    }

    @Test("batching: entries proposed between two Readies travel in one message up to the byte limit")
    func batching() throws {
        var cluster = TestCluster(voters: [1, 2]) { $0.maxMessageBytes = 10 * 25 }
        cluster.elect(1)
        for _ in 0..<25 { _ = try cluster.nodes[1]!.propose([7]) }
        let rd = cluster.nodes[1]!.ready()
        let sizes = rd.messages.compactMap { m -> Int? in
            if case .append(_, _, let e, _) = m.kind { return e.count } else { return nil }
        }
        #expect(sizes == [10, 10, 5])
        cluster.nodes[1]!.advance(rd)
    }

    @Test("§5.1 a stale leader learns the new term from a follower's reply and steps down")
    func staleLeaderStepsDown() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolate(1)
        cluster.elect(2)
        cluster.heal()
        cluster.nodes[1]!.tick() // heartbeat at the old term
        cluster.deliverAll()
        #expect(cluster.node(1).role == .follower)
        #expect(cluster.node(1).term == cluster.node(2).term)
    }
}

@Suite("Leader appends in parallel with its own write (thesis §10.2.1)")
struct ParallelAppendTests {
    /// A candidate of term 3 in a 3-voter cluster, its vote requests handed out.
    func candidate() -> RaftNode {
        let base = RecoveredState.bootstrap(voters: [1, 2, 3]).snapshot
        var node = RaftNode(config: RaftConfig(id: 1, checkQuorum: false, preVote: false),
                            recovered: RecoveredState(hardState: HardState(term: 2), snapshot: base, entries: []))
        for _ in 0..<30 where node.role != .candidate { node.tick() }
        return node
    }

    @Test("vote requests wait for the vote to be durable")
    func candidateMessagesWait() {
        var node = candidate()
        let rd = node.ready()
        #expect(rd.messages.contains { if case .vote = $0.kind { true } else { false } })
        #expect(!rd.messagesMayPrecedePersistence)
    }

    @Test("a new leader's first appends wait (its term changed since the last durable Ready); later ones do not")
    func leaderAppendsGoEarlyOnceItsTermIsDurable() throws {
        var node = candidate()
        let first = node.ready()
        node.advance(first)
        node.step(Message(from: 2, to: 1, term: node.term, kind: .voteResponse(reject: false)))
        #expect(node.role == .leader)
        let elected = node.ready()
        // The vote was persisted with `first`; becoming leader changes no term or vote, so
        // even the no-op's appends may go early.
        #expect(elected.messages.allSatisfy(\.isLeaderReplication) && !elected.messages.isEmpty)
        #expect(elected.messagesMayPrecedePersistence)
        node.advance(elected)
        // Followers acknowledge the no-op, so they take appends again (out of probing).
        for follower: NodeID in [2, 3] {
            node.step(Message(from: follower, to: 1, term: node.term, kind: .appendResponse(AppendResponse(index: 1))))
        }
        node.advance(node.ready())
        _ = try node.propose([7])
        let next = node.ready()
        #expect(next.entriesToPersist.count == 1 && !next.messages.isEmpty && next.messagesMayPrecedePersistence)
    }

    @Test("a leader that learns of a higher term sends nothing early")
    func steppingDownWaits() throws {
        var node = candidate()
        node.advance(node.ready())
        node.step(Message(from: 2, to: 1, term: node.term, kind: .voteResponse(reject: false)))
        node.advance(node.ready())
        _ = try node.propose([7])
        node.step(Message(from: 3, to: 1, term: node.term + 1,
                          kind: .vote(lastIndex: 100, lastTerm: node.term + 1, transfer: false)))
        let rd = node.ready()
        #expect(node.role == .follower)
        #expect(!rd.messagesMayPrecedePersistence)
    }

    @Test("the commit index a leader sends early counts its own entries only once durable")
    func earlyCommitIndexIgnoresUndurableLeaderEntries() throws {
        var node = candidate()
        node.advance(node.ready())
        node.step(Message(from: 2, to: 1, term: node.term, kind: .voteResponse(reject: false)))
        let elected = node.ready()
        // Follower 2 acknowledges the no-op before the leader's own write completes: one
        // durable copy of three is not a majority, so nothing commits yet.
        node.step(Message(from: 2, to: 1, term: node.term, kind: .appendResponse(AppendResponse(index: 1))))
        #expect(node.commitIndex == 0)
        node.advance(elected)
        #expect(node.commitIndex == 1)
    }
}
