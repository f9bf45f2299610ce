/// A stable reference to one key's entry, valid until that key is removed.
///
/// Handles are slots in the database's entry storage; resizing the bucket
/// array relinks chains but never moves entries, so handles survive it.
public struct EntryHandle: Hashable, Sendable {
    @usableFromInline let slot: Int32

    @inlinable init(_ slot: Int32) { self.slot = slot }
}

/// One key's entry in the table.
@usableFromInline
struct Entry {
    @usableFromInline var key: StoredBytes
    @usableFromInline var value: Value
    /// Absolute Unix ms, or `Database.noExpiry`.
    @usableFromInline var expiresAtMs: Int64
    @usableFromInline var revision: UInt64
    /// Redis's `robj.lru`: an LRU clock or an LFU time and counter (see `AccessTracking`).
    @usableFromInline var access: UInt32
    /// Eviction: the estimated bytes of the key and value (`MemoryCost.entry`), saturating;
    /// the database keeps their sum. Fits beside `access` without growing the entry.
    @usableFromInline var cost: UInt32
    /// Next entry in the bucket chain, or the next free slot; -1 ends the list.
    @usableFromInline var next: Int32
    /// Position in `expiring`, or -1 when the key has no deadline.
    @usableFromInline var expirySlot: Int32

    @inlinable init(key: StoredBytes, value: Value) {
        self.key = key
        self.value = value
        expiresAtMs = Database.noExpiry
        revision = 0
        access = 0
        cost = 0
        next = -1
        expirySlot = -1
    }
}

/// Counters shared by all databases of a keyspace.
public final class KeyspaceCounters {
    /// The last revision handed out; every change to any key takes the next one (for WATCH).
    public var revision: UInt64 { storedRevision }
    /// Keys deleted because their deadline passed (INFO `expired_keys`).
    public var expiredKeys: UInt64 { storedExpiredKeys }
    /// Whether a read that meets an expired key deletes it, as Redis does. Only a node
    /// that decides expiry alone may (a standalone server); a Raft replica leaves
    /// deletion to the leader's log entries and only hides the key (DESIGN §7).
    public var deletesExpiredOnRead = false
    /// How accesses are recorded (LRU clock or LFU counter), from the eviction policy.
    public var accessTracking = AccessTracking()
    /// Read lookups that found their key / did not (INFO `keyspace_hits`/`keyspace_misses`).
    public var keyspaceHits: UInt64 { storedHits }
    public var keyspaceMisses: UInt64 { storedMisses }
    /// Keys deleted by eviction (INFO `evicted_keys`).
    public internal(set) var evictedKeys: UInt64 = 0
    /// Keyspace notifications of every database.
    public let notifier = KeyspaceNotifier()
    @usableFromInline var storedRevision: UInt64 = 0
    @usableFromInline var storedExpiredKeys: UInt64 = 0
    /// Blocking commands: while set, every key added (or whose value is replaced) is
    /// appended to `createdKeys` so the server can wake the clients blocked on it (a list
    /// or sorted set that comes into existence is the only way a blocked pop can become
    /// servable).
    public var recordsCreatedKeys = false
    /// Keys added since the server last took them (only while `recordsCreatedKeys`).
    public var createdKeys: [(database: Int, key: [UInt8])] = []
    /// Set by SWAPDB and snapshot restores, which bring keys in without adding them one by one.
    public var databasesReplaced = false
    /// Snapshot images (`KeyspaceImage`): the newest capture's generation, the generation
    /// below which an aggregate must be cloned before it is handed out (0 while no image is
    /// alive), and how many images are alive.
    var snapshotGeneration: UInt64 = 0
    @usableFromInline var cloneBelowGeneration: UInt64 = 0
    var liveImages = 0
    @usableFromInline var storedHits: UInt64 = 0
    @usableFromInline var storedMisses: UInt64 = 0
    /// The LFU counter's coin flips: node-local, as access data is (only the leader's is used).
    @usableFromInline var accessGenerator = SplitMix64(seed: 0x1F0_C0DE)

    init() {}

    @inlinable func nextRevision() -> UInt64 {
        storedRevision &+= 1
        return storedRevision
    }

    /// The access field of a key created or accessed now: an LRU stamp, or the LFU counter
    /// decayed and incremented.
    @inlinable func accessField(after access: UInt32, nowMs: Int64, isNew: Bool) -> UInt32 {
        guard accessTracking.usesLFU else { return LRUClock.stamp(nowMs: nowMs) }
        if isNew { return LFUCounter.newKey(nowMs: nowMs) }
        let random = Double(accessGenerator.next() >> 11) * 0x1p-53
        return LFUCounter.touched(access, nowMs: nowMs, tracking: accessTracking, random: random)
    }
}

/// One numbered database: a chained hash table with power-of-two buckets, a
/// fixed-seed hash, and an index of the keys that carry a deadline.
///
/// Iteration order is a pure function of the operations applied, so every
/// replica that applied the same log iterates identically. Resizes happen at
/// once (not incrementally as in Redis's dict.c); SCAN's reverse-binary cursor
/// still visits every bucket of any size, so its guarantee holds across them.
public final class Database {
    /// The deadline value of a key that never expires.
    public static let noExpiry = Int64.min
    /// The smallest bucket array (Redis's DICT_HT_INITIAL_SIZE).
    public static let minimumBucketCount = 4

    /// This database's number (SELECT index).
    public let index: Int
    /// The number of keys, expired-but-not-yet-deleted ones included (as DBSIZE counts).
    @inlinable public var count: Int { storedCount }
    @usableFromInline var storedCount = 0
    /// The sum of the entries' `cost` (keys and values, without the table's own arrays).
    @usableFromInline var entryBytes = 0

    @usableFromInline var buckets: [Int32]
    @usableFromInline var mask: UInt64
    /// Paged so that a snapshot image shares them at O(pages) cost (`PagedArray`).
    @usableFromInline var entries = PagedArray<Entry>()
    @usableFromInline var freeSlot: Int32 = -1
    /// Slots of the entries that have a deadline, for O(1) sampling and removal.
    @usableFromInline var expiring: [Int32] = []
    @usableFromInline let seed: UInt64
    @usableFromInline let counters: KeyspaceCounters
    /// WATCH's memory of deleted keys (see `DeletionLedger`); kept by the index across SWAPDB.
    @usableFromInline var ledger = DeletionLedger()

    init(index: Int, seed: UInt64, counters: KeyspaceCounters) {
        self.index = index
        self.seed = seed
        self.counters = counters
        buckets = Array(repeating: -1, count: Database.minimumBucketCount)
        mask = UInt64(Database.minimumBucketCount - 1)
    }

    /// The number of buckets (a power of two).
    public var bucketCount: Int { buckets.count }

    /// The number of keys with a deadline (INFO's `expires=`).
    public var expiringCount: Int { expiring.count }

    // MARK: - Lookup

    /// The table hash of the key in `slot`, recomputed (entries do not store it).
    @usableFromInline func keyHash(_ slot: Int) -> UInt64 {
        ByteHash.hash(entries[slot].key, seed: seed)
    }

    /// The table hash of `key`; compute it once and pass it to `find`/`insert`.
    @inlinable public func hash(_ key: ArraySlice<UInt8>) -> UInt64 {
        ByteHash.hash(key, seed: seed)
    }

    /// The entry of `key` whether or not its deadline has passed.
    @inlinable public func find(_ key: ArraySlice<UInt8>, hash: UInt64) -> EntryHandle? {
        let slot = key.withUnsafeBytes { wanted -> Int32 in
            var slot = buckets[Int(truncatingIfNeeded: hash & mask)]
            while slot >= 0 {
                // No stored hash to compare first (it would cost 8 bytes a key): chains
                // average under one entry, and the count check rejects most others.
                if entries[Int(slot)].key.count == wanted.count
                    && entries[Int(slot)].key.withUnsafeBytes({ ByteHash.equal($0, wanted) }) {
                    return slot
                }
                slot = entries[Int(slot)].next
            }
            return -1
        }
        return slot >= 0 ? EntryHandle(slot) : nil
    }

    /// The entry of `key` whether or not its deadline has passed.
    @inlinable public func find(_ key: ArraySlice<UInt8>) -> EntryHandle? {
        find(key, hash: hash(key))
    }

    /// Whether `handle`'s deadline has passed at `nowMs` (a deadline equal to now has passed).
    @inlinable public func isExpired(_ handle: EntryHandle, nowMs: Int64) -> Bool {
        let deadline = entries[Int(handle.slot)].expiresAtMs
        return deadline != Database.noExpiry && deadline <= nowMs
    }

    /// Lookup for reading: hides a key whose deadline has passed — deleting it only when
    /// `deletesExpiredOnRead` (a follower must not change state on its own) — and
    /// refreshes the access clock.
    @inlinable public func lookupRead(_ key: ArraySlice<UInt8>, nowMs: Int64) -> EntryHandle? {
        guard let handle = peek(key, nowMs: nowMs) else {
            counters.storedMisses &+= 1
            return nil
        }
        counters.storedHits &+= 1
        touch(handle, nowMs: nowMs)
        return handle
    }

    /// Lookup for reading without touching the access clock (OBJECT, TTL-like peeks).
    @inlinable public func peek(_ key: ArraySlice<UInt8>, nowMs: Int64) -> EntryHandle? {
        guard let handle = find(key, hash: hash(key)) else { return nil }
        if isExpired(handle, nowMs: nowMs) {
            if counters.deletesExpiredOnRead { removeExpired(handle) }
            return nil
        }
        return handle
    }

    /// Lookup for a write applied from the log: an expired key is deleted (counted in
    /// `expiredKeys`) and reported absent. Deterministic, as `nowMs` is the entry's time.
    @inlinable public func lookupWrite(_ key: ArraySlice<UInt8>, hash: UInt64, nowMs: Int64) -> EntryHandle? {
        guard let handle = find(key, hash: hash) else { return nil }
        if isExpired(handle, nowMs: nowMs) {
            removeExpired(handle)
            return nil
        }
        touch(handle, nowMs: nowMs)
        return handle
    }

    /// `lookupWrite` computing the hash itself.
    @inlinable public func lookupWrite(_ key: ArraySlice<UInt8>, nowMs: Int64) -> EntryHandle? {
        lookupWrite(key, hash: hash(key), nowMs: nowMs)
    }

    /// Records an access at `nowMs` in the LRU clock or the LFU counter.
    @inlinable public func touch(_ handle: EntryHandle, nowMs: Int64) {
        let slot = Int(handle.slot)
        entries[slot].access = counters.accessField(after: entries[slot].access, nowMs: nowMs, isNew: false)
    }

    // MARK: - Entry fields

    /// The key bytes of `handle`.
    @inlinable public func key(_ handle: EntryHandle) -> [UInt8] { entries[Int(handle.slot)].key.array }

    /// The value of `handle`. While a snapshot image is alive, an aggregate it shares is
    /// first replaced by a clone, since the caller may change it (see `KeyspaceImage`).
    @inlinable public func value(_ handle: EntryHandle) -> Value {
        if counters.cloneBelowGeneration != 0 { unshareFromImage(Int(handle.slot)) }
        return entries[Int(handle.slot)].value
    }

    /// The value's kind, without copying the value.
    @inlinable public func kind(_ handle: EntryHandle) -> ValueKind { entries[Int(handle.slot)].value.kind }

    /// The byte length of a string value (0 for other kinds), without copying it.
    @inlinable public func stringLength(_ handle: EntryHandle) -> Int {
        if case .string(let string) = entries[Int(handle.slot)].value { return string.bytes.count }
        return 0
    }

    /// The deadline (absolute Unix ms) of `handle`, or nil.
    @inlinable public func expiry(_ handle: EntryHandle) -> Int64? {
        let deadline = entries[Int(handle.slot)].expiresAtMs
        return deadline == Database.noExpiry ? nil : deadline
    }

    /// The revision of the last change to `handle` (for WATCH).
    @inlinable public func revision(_ handle: EntryHandle) -> UInt64 { entries[Int(handle.slot)].revision }

    /// The access field (LRU seconds or LFU counter).
    @inlinable public func access(_ handle: EntryHandle) -> UInt32 { entries[Int(handle.slot)].access }

    /// Overwrites the access field.
    @inlinable public func setAccess(_ handle: EntryHandle, _ access: UInt32) {
        entries[Int(handle.slot)].access = access
    }

    // MARK: - Changes

    /// Replaces the value of `handle`; the deadline is kept unless `keepExpiry` is false.
    @inlinable public func setValue(_ handle: EntryHandle, _ value: Value, keepExpiry: Bool) {
        let slot = Int(handle.slot)
        entries[slot].value = value
        entries[slot].revision = counters.nextRevision()
        // A replaced value (RENAME or a STORE onto an existing key) may be what a blocked pop waits for.
        if counters.recordsCreatedKeys { counters.createdKeys.append((index, entries[slot].key.array)) }
        updateCost(slot)
        if !keepExpiry && entries[slot].expiresAtMs != Database.noExpiry { setExpiry(handle, nil) }
    }

    /// Records that the value of `handle` was changed in place (an aggregate's contents):
    /// takes a new revision, as any other change does.
    @inlinable public func noteModified(_ handle: EntryHandle) {
        entries[Int(handle.slot)].revision = counters.nextRevision()
        updateCost(Int(handle.slot))
    }

    /// Re-estimates the cost of the entry in `slot` after its value changed.
    @inlinable func updateCost(_ slot: Int) {
        let cost = UInt32(clamping: MemoryCost.entry(key: entries[slot].key, value: entries[slot].value))
        entryBytes += Int(cost) - Int(entries[slot].cost)
        entries[slot].cost = cost
    }

    /// Changes a string value in place without copying its bytes (APPEND, SETRANGE).
    /// The caller has checked the kind; a non-string is a programming error.
    @inlinable public func modifyString<R>(_ handle: EntryHandle, _ body: (inout StringValue) -> R) -> R {
        let slot = Int(handle.slot)
        guard case .string(var string) = entries[slot].value else {
            preconditionFailure("modifyString on a non-string value")
        }
        // Drop the entry's reference so `string.bytes` is unique and changes in place.
        entries[slot].value = .empty
        let bytesBefore = MemoryCost.bytes(string.bytes)
        let result = body(&string)
        let bytesAfter = MemoryCost.bytes(string.bytes)
        entries[slot].value = .string(string)
        entries[slot].revision = counters.nextRevision()
        // The key is unchanged, so the entry's cost moves only with the string's own
        // allocation, which most changes keep (an INCR within 14 digits): the full
        // re-estimate cost INCR about 260 instructions.
        if bytesAfter != bytesBefore { updateCost(slot) }
        return result
    }

    /// Adds a key that is not present (the caller has looked it up).
    @discardableResult
    @inlinable public func insert(
        _ key: [UInt8], hash: UInt64, value: Value, expiresAtMs: Int64? = nil, nowMs: Int64 = 0
    ) -> EntryHandle {
        if count >= buckets.count { resize(to: buckets.count * 2) }
        var entry = Entry(key: StoredBytes(key), value: value)
        entry.revision = counters.nextRevision()
        entry.access = counters.accessField(after: 0, nowMs: nowMs, isNew: true)
        entry.cost = UInt32(clamping: MemoryCost.entry(key: entry.key, value: value))
        entryBytes += Int(entry.cost)
        let bucket = Int(truncatingIfNeeded: hash & mask)
        entry.next = buckets[bucket]
        let slot: Int32
        if freeSlot >= 0 {
            slot = freeSlot
            freeSlot = entries[Int(slot)].next
            entries[Int(slot)] = entry
        } else {
            slot = Int32(entries.count)
            entries.append(entry)
        }
        buckets[bucket] = slot
        storedCount += 1
        if counters.recordsCreatedKeys { counters.createdKeys.append((index, key)) }
        let handle = EntryHandle(slot)
        if let expiresAtMs { setExpiry(handle, expiresAtMs) }
        // Redis's dbAdd announces every key it creates (class `n`).
        counters.notifier.notify(.newKey, "new", key: key[...], database: index)
        return handle
    }

    /// Adds a key that is not present, hashing it here.
    @discardableResult
    public func insert(_ key: [UInt8], value: Value, expiresAtMs: Int64? = nil, nowMs: Int64 = 0) -> EntryHandle {
        insert(key, hash: hash(key[...]), value: value, expiresAtMs: expiresAtMs, nowMs: nowMs)
    }

    /// Sets or clears the deadline of `handle`.
    @inlinable public func setExpiry(_ handle: EntryHandle, _ deadlineMs: Int64?) {
        let slot = Int(handle.slot)
        let position = entries[slot].expirySlot
        if let deadlineMs {
            precondition(deadlineMs != Database.noExpiry, "deadline collides with the no-expiry marker")
            if position < 0 {
                entries[slot].expirySlot = Int32(expiring.count)
                expiring.append(handle.slot)
            }
            entries[slot].expiresAtMs = deadlineMs
        } else {
            guard position >= 0 else { return }
            removeFromExpiring(position)
            entries[slot].expirySlot = -1
            entries[slot].expiresAtMs = Database.noExpiry
        }
        entries[slot].revision = counters.nextRevision()
    }

    @usableFromInline func removeFromExpiring(_ position: Int32) {
        let last = expiring.removeLast()
        if Int(position) < expiring.count {
            expiring[Int(position)] = last
            entries[Int(last)].expirySlot = position
        }
    }

    /// Deletes the entry of `handle`; the handle is invalid afterwards.
    @inlinable public func remove(_ handle: EntryHandle) {
        let slot = handle.slot
        let hash = keyHash(Int(slot))
        let bucket = Int(truncatingIfNeeded: hash & mask)
        var previous: Int32 = -1
        var current = buckets[bucket]
        while current != slot {
            precondition(current >= 0, "removing an entry that is not in its chain")
            previous = current
            current = entries[Int(current)].next
        }
        let next = entries[Int(slot)].next
        if previous < 0 { buckets[bucket] = next } else { entries[Int(previous)].next = next }
        let position = entries[Int(slot)].expirySlot
        if position >= 0 { removeFromExpiring(position) }
        ledger.noteDeleted(hash: hash, revision: entries[Int(slot)].revision)
        entryBytes -= Int(entries[Int(slot)].cost)
        // Release the key and value storage now; the slot joins the free list.
        entries[Int(slot)] = Entry(key: StoredBytes(), value: .empty)
        entries[Int(slot)].next = freeSlot
        freeSlot = slot
        storedCount -= 1
        counters.storedRevision &+= 1
        shrinkIfSparse()
    }

    /// Deletes a key whose deadline passed: counted, and announced as `expired`.
    @usableFromInline func removeExpired(_ handle: EntryHandle) {
        let key = entries[Int(handle.slot)].key.array
        remove(handle)
        counters.storedExpiredKeys &+= 1
        counters.notifier.notify(.expired, "expired", key: key[...], database: index)
    }

    /// Removes every key (FLUSHDB).
    public func removeAll() {
        // For WATCH, as if each key were deleted (Redis touches the watched keys that existed).
        for entry in entries where isLive(entry) {
            ledger.noteDeleted(hash: ByteHash.hash(entry.key, seed: seed), revision: entry.revision)
        }
        buckets = Array(repeating: -1, count: Database.minimumBucketCount)
        mask = UInt64(Database.minimumBucketCount - 1)
        entries = PagedArray()
        freeSlot = -1
        expiring = []
        storedCount = 0
        entryBytes = 0
        counters.storedRevision &+= 1
    }

    // MARK: - Resizing

    /// Shrinks like Redis's `htNeedsResize` (under 10% full → the smallest power of two
    /// holding every key), but at the removal itself so every replica resizes identically.
    @usableFromInline func shrinkIfSparse() {
        let size = buckets.count
        guard size > Database.minimumBucketCount && count * 10 < size else { return }
        var target = Database.minimumBucketCount
        while target < count { target *= 2 }
        resize(to: target)
        // The slot array may be mostly holes after mass deletion; compacting it would
        // move handles, so holes are reused through the free list instead.
    }

    /// Rebuilds the chains for `newCount` buckets, walking slots in order (deterministic).
    @usableFromInline func resize(to newCount: Int) {
        precondition(newCount.nonzeroBitCount == 1 && newCount >= Database.minimumBucketCount)
        var newBuckets = [Int32](repeating: -1, count: newCount)
        let newMask = UInt64(newCount - 1)
        entries.updateEach { slot, entry in
            guard isLive(entry) else { return }
            let bucket = Int(truncatingIfNeeded: ByteHash.hash(entry.key, seed: seed) & newMask)
            entry.next = newBuckets[bucket]
            newBuckets[bucket] = Int32(slot)
        }
        buckets = newBuckets
        mask = newMask
    }

    /// Moves the live entries to the front of the slot array and releases the rest, once
    /// fewer than a quarter of the slots are live (after mass eviction the holes would
    /// otherwise hold their memory for good). Every handle is invalid afterwards, so only
    /// callers that hold none may call it: the eviction paths, between commands or while
    /// applying a log entry — deterministic, so every replica keeps the same layout.
    func compactIfSparse() {
        guard entries.count > Self.minimumCompactedSlots && storedCount * 4 < entries.count else { return }
        var moved = [Int32](repeating: -1, count: entries.count)
        var live = PagedArray<Entry>()
        for slot in entries.indices where isLive(entries[slot]) {
            moved[slot] = Int32(live.count)
            live.append(entries[slot])
        }
        for position in expiring.indices { expiring[position] = moved[Int(expiring[position])] }
        entries = live
        freeSlot = -1
        resize(to: buckets.count)  // relinks every chain in the new slot order
    }

    /// Below this many slots a sparse array is not worth compacting.
    static let minimumCompactedSlots = 64

    /// Live entries always carry a revision (the counter starts at 1); a freed slot is
    /// reset to revision 0.
    @usableFromInline func isLive(_ entry: Entry) -> Bool {
        entry.revision != 0
    }
}
