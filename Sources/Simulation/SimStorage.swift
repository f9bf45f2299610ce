import Raft

/// A simulated disk: durable state plus writes that are not yet synced. A crash keeps a
/// random prefix of the unsynced records (the OS may have written some), except that the last
/// kept record may be torn, in which case recovery discards it, as a WAL with checksums does.
struct SimStorage {
    enum Record {
        case snapshot(Snapshot)
        case entry(Entry)
        case hardState(HardState)
    }

    private(set) var hardState = HardState()
    private(set) var snapshot: Snapshot
    private(set) var entries: [Entry] = []
    private(set) var unsynced: [Record] = []

    init(recovered: RecoveredState) {
        hardState = recovered.hardState
        snapshot = recovered.snapshot
        entries = recovered.entries
    }

    /// Writes a Ready's durable part in the order the Ready contract prescribes.
    mutating func write(_ rd: Ready) {
        if let snap = rd.snapshotToPersist { unsynced.append(.snapshot(snap)) }
        for entry in rd.entriesToPersist { unsynced.append(.entry(entry)) }
        if let hard = rd.hardState { unsynced.append(.hardState(hard)) }
    }

    /// fsync: everything written becomes durable.
    mutating func sync() {
        for record in unsynced { persist(record) }
        unsynced = []
    }

    /// Power loss: keeps a random prefix of unsynced records; the last one may be torn.
    mutating func crash(_ rng: inout SplitMix64) {
        var kept = Int(rng.below(UInt64(unsynced.count + 1)))
        if kept > 0 && rng.chance(percent: 30) { kept -= 1 } // torn tail, discarded by recovery
        for record in unsynced.prefix(kept) { persist(record) }
        unsynced = []
    }

    private mutating func persist(_ record: Record) {
        switch record {
        case .snapshot(let snap):
            snapshot = snap
            entries = []
        case .entry(let entry):
            if entry.index <= snapshot.metadata.index { return }
            let firstIndex = snapshot.metadata.index + 1
            let keep = Int(entry.index - firstIndex)
            precondition(keep <= entries.count, "gap in simulated WAL")
            if keep < entries.count { entries.removeLast(entries.count - keep) }
            entries.append(entry)
        case .hardState(let hard):
            hardState = hard
        }
    }

    /// The application saved a snapshot of its state machine (write, fsync, rename): durable
    /// at once; WAL entries it covers are dropped.
    mutating func saveSnapshot(_ snap: Snapshot) {
        guard snap.metadata.index > snapshot.metadata.index else { return }
        let drop = min(entries.count, Int(snap.metadata.index - snapshot.metadata.index))
        precondition(drop == Int(snap.metadata.index - snapshot.metadata.index), "snapshot beyond durable log")
        entries.removeFirst(drop)
        snapshot = snap
    }

    var recovered: RecoveredState {
        var hard = hardState
        hard.commit = min(hard.commit, snapshot.metadata.index + UInt64(entries.count))
        return RecoveredState(hardState: hard, snapshot: snapshot, entries: entries)
    }
}
