import Raft

extension Simulator {
    /// Picks one fault (or an operator action) at random.
    mutating func injectFault() {
        let roll = rng.int(in: 0..<100)
        switch roll {
        case 0..<18: crashRandomNode()
        case 18..<28: partitionSymmetric()
        case 28..<34: isolateLeader()
        case 34..<44: partitionOneWay()
        case 44..<52: pauseRandomNode()
        case 52..<70: changeMembership()
        case 70..<80: transferLeadership()
        case 80..<86: dropRandomConnection()
        default: break
        }
    }

    mutating func crashRandomNode() {
        let i = rng.int(in: 0..<nodes.count)
        guard nodes[i].isUp else { return }
        crash(i)
        // A killed process's connections reset at once: every running peer notices.
        for j in nodes.indices where j != i && nodes[j].isUp && !nodes[j].paused {
            nodes[j].raft!.peerConnectionLost(nodes[i].id)
            drive(j)
        }
        queue.push(.restart(nodes[i].id), atUs: nowUs + Int64(rng.int(in: 20_000..<600_000)))
    }

    /// A connection reset while both ends live (a proxy, an idle timeout): the receiver may
    /// suspect a leader that is alive and well.
    mutating func dropRandomConnection() {
        let i = rng.int(in: 0..<nodes.count)
        let peer = nodes[rng.int(in: 0..<nodes.count)].id
        guard nodes[i].isUp, !nodes[i].paused, peer != nodes[i].id else { return }
        nodes[i].raft!.peerConnectionLost(peer)
        trace("n\(i + 1) loses its connection from n\(peer)")
        drive(i)
    }

    mutating func partitionSymmetric() {
        var side: [Bool] = nodes.map { _ in rng.chance(percent: 50) }
        if side.allSatisfy({ $0 }) || side.allSatisfy({ !$0 }) { side[rng.int(in: 0..<side.count)].toggle() }
        for a in nodes.indices {
            for b in nodes.indices where side[a] != side[b] { block(from: a, to: b) }
        }
        result.partitions += 1
        trace("partition \(nodes.indices.filter { side[$0] }.map { "n\($0 + 1)" }) | \(nodes.indices.filter { !side[$0] }.map { "n\($0 + 1)" })")
        queue.push(.heal, atUs: nowUs + Int64(rng.int(in: 50_000..<800_000)))
    }

    /// The classic stale-leader setup: the leader alone on one side.
    mutating func isolateLeader() {
        guard let l = currentLeader() else { return }
        isolate(l, healing: true)
    }

    mutating func isolate(_ l: Int, healing: Bool) {
        for other in nodes.indices where other != l {
            block(from: l, to: other)
            block(from: other, to: l)
        }
        result.partitions += 1
        trace("partition isolates n\(l + 1)")
        if healing { queue.push(.heal, atUs: nowUs + Int64(rng.int(in: 50_000..<500_000))) }
    }

    mutating func partitionOneWay() {
        let a = rng.int(in: 0..<nodes.count)
        let count = rng.int(in: 1..<nodes.count)
        var cut: [String] = []
        for _ in 0..<count {
            let b = rng.int(in: 0..<nodes.count)
            if a != b {
                block(from: a, to: b)
                cut.append("n\(a + 1)->n\(b + 1)")
            }
        }
        result.partitions += 1
        trace("one-way partition \(cut)")
        queue.push(.heal, atUs: nowUs + Int64(rng.int(in: 50_000..<800_000)))
    }

    mutating func block(from a: Int, to b: Int) {
        blocked.insert(UInt64(a + 1) << 32 | UInt64(b + 1))
    }

    /// A stalled process (GC, swap): it neither ticks nor handles messages. Leases assume
    /// bounded clock drift, which a stalled leader's frozen clock violates, so pauses are used
    /// only with ReadIndex reads (thesis §6.4.1).
    mutating func pauseRandomNode() {
        guard readMode == .safe else { return }
        let i = rng.int(in: 0..<nodes.count)
        guard nodes[i].isUp, !nodes[i].paused else { return }
        nodes[i].paused = true
        trace("pause n\(i + 1)")
        queue.push(.resume(nodes[i].id), atUs: nowUs + Int64(rng.int(in: 20_000..<400_000)))
    }

    func currentLeader() -> Int? {
        var best: Int?
        for i in nodes.indices {
            guard let raft = nodes[i].raft, raft.role == .leader, !nodes[i].paused else { continue }
            if best == nil || raft.term > nodes[best!].raft!.term { best = i }
        }
        return best
    }

    /// One step of the membership cycle: add the spare as learner, promote it once caught up,
    /// or remove a voter (possibly the leader) to get back to the initial size.
    mutating func changeMembership() {
        guard let l = currentLeader() else { return }
        let configuration = nodes[l].raft!.configuration
        let all = nodes.map(\.id)
        let change: ConfigChange
        if let spare = all.first(where: { !configuration.contains($0) }) {
            change = .addLearner(spare)
        } else if let learner = configuration.learners.first {
            change = .addVoter(learner)
        } else {
            change = .remove(configuration.voters[rng.int(in: 0..<configuration.voters.count)])
        }
        do {
            let index = try nodes[l].raft!.proposeMembershipChange(change)
            result.membershipChanges += 1
            trace("n\(l + 1) proposes \(change) at \(index)")
            drive(l)
        } catch {
            trace("n\(l + 1) refuses \(change): \(error)")
        }
    }

    mutating func transferLeadership() {
        guard let l = currentLeader() else { return }
        let voters = nodes[l].raft!.configuration.voters.filter { $0 != nodes[l].id }
        guard !voters.isEmpty else { return }
        let target = voters[rng.int(in: 0..<voters.count)]
        do {
            try nodes[l].raft!.transferLeadership(to: target)
            result.leaderTransfers += 1
            trace("n\(l + 1) transfers leadership to n\(target)")
            drive(l)
        } catch {
            trace("n\(l + 1) cannot transfer to n\(target): \(error)")
        }
    }

    /// Faults stop: the network heals and loses nothing more, stalled and crashed servers
    /// come back. The cluster then has `healDurationMs` to elect a leader and commit.
    mutating func endFaults() {
        faultsActive = false
        blocked = []
        trace("faults end: network healed, all servers up")
        for i in nodes.indices {
            if !nodes[i].isUp { restart(i) }
            if nodes[i].paused { resume(i) }
        }
        // Without pre-vote and check-quorum a removed server that missed its removal keeps
        // starting elections and disrupts the cluster (thesis §4.2.3); operators shut removed
        // servers down, and so do we in those configurations.
        if !(checkQuorum && preVote) { decommissionRemovedServers() }
        // Clients stop a little before the end so that every operation can finish.
        let stopUs = (options.faultDurationMs + options.healDurationMs - 800) * 1000
        queue.push(.clientStep(-1), atUs: stopUs)
    }

    /// Stops servers that the leader's committed configuration no longer contains.
    mutating func decommissionRemovedServers() {
        guard let l = currentLeader(), let raft = nodes[l].raft, raft.configurationIndex <= raft.commitIndex else { return }
        for i in nodes.indices where !raft.configuration.contains(nodes[i].id) && !nodes[i].decommissioned {
            if nodes[i].isUp { crash(i) }
            nodes[i].decommissioned = true
            trace("decommission removed n\(i + 1)")
        }
    }
}
