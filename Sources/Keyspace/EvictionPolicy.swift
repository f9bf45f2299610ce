/// Redis's `maxmemory-policy` values: which keys may go and how the victim is ranked.
public enum EvictionPolicy: String, Sendable, CaseIterable {
    case noeviction
    case allkeysLRU = "allkeys-lru"
    case allkeysLFU = "allkeys-lfu"
    case allkeysRandom = "allkeys-random"
    case volatileLRU = "volatile-lru"
    case volatileLFU = "volatile-lfu"
    case volatileRandom = "volatile-random"
    case volatileTTL = "volatile-ttl"

    /// Whether only keys with a deadline are candidates.
    public var volatileOnly: Bool {
        switch self {
        case .volatileLRU, .volatileLFU, .volatileRandom, .volatileTTL: return true
        default: return false
        }
    }

    /// Whether keys keep LFU counters instead of LRU clocks.
    public var usesLFU: Bool { self == .allkeysLFU || self == .volatileLFU }

    /// Whether the victim is drawn at random instead of ranked through the pool.
    public var isRandom: Bool { self == .allkeysRandom || self == .volatileRandom }
}

/// The eviction directives the keyspace needs (the same on every node: CONFIG SET of
/// them is replicated through the log).
public struct EvictionSettings: Sendable, Equatable {
    /// `maxmemory` in bytes; 0 means no limit.
    public var maxmemoryBytes = 0
    /// `maxmemory-policy`.
    public var policy = EvictionPolicy.noeviction
    /// `maxmemory-samples`: keys sampled per database per pool refill.
    public var samples = 5

    public init(maxmemoryBytes: Int = 0, policy: EvictionPolicy = .noeviction, samples: Int = 5) {
        self.maxmemoryBytes = maxmemoryBytes
        self.policy = policy
        self.samples = samples
    }
}

/// Redis's eviction pool (evict.c, EVPOOL_SIZE): the best candidates seen in recent
/// samples, ascending by score, so each refill only has to beat what is already kept.
///
/// Candidates are table slots plus the key's hash, not copies of keys: the pool never
/// allocates after creation, and a slot reused by another key is recognised by its hash
/// and skipped when popped.
public struct EvictionPool: Sendable {
    /// EVPOOL_SIZE.
    public static let capacity = 16

    /// One candidate: the higher `score`, the better a victim.
    public struct Candidate: Sendable, Equatable {
        public var database: Int
        public var slot: Int32
        public var hash: UInt64
        public var score: UInt64

        public init(database: Int, slot: Int32, hash: UInt64, score: UInt64) {
            self.database = database
            self.slot = slot
            self.hash = hash
            self.score = score
        }
    }

    /// Ascending by score; at most `capacity`.
    public private(set) var candidates: [Candidate] = []

    public init() {
        candidates.reserveCapacity(Self.capacity)
    }

    /// Offers a sampled key (Redis's `evictionPoolPopulate` insertion): kept when the
    /// pool has room or the score beats the worst kept; a key already present is updated.
    public mutating func offer(_ candidate: Candidate) {
        if let index = candidates.firstIndex(where: { $0.database == candidate.database && $0.slot == candidate.slot }) {
            candidates.remove(at: index)
        }
        var position = 0
        while position < candidates.count && candidates[position].score < candidate.score { position += 1 }
        if candidates.count == Self.capacity {
            guard position > 0 else { return }  // worse than everything kept
            candidates.removeFirst()
            position -= 1
        }
        candidates.insert(candidate, at: position)
    }

    /// Removes and returns the best candidate.
    public mutating func popBest() -> Candidate? {
        candidates.popLast()
    }

    /// Forgets every candidate (after a policy change or FLUSHALL).
    public mutating func removeAll() {
        candidates.removeAll(keepingCapacity: true)
    }
}
