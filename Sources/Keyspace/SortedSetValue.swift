/// A sorted set: members ordered by (score, member bytes), with O(1) score lookup.
///
/// Members live in an order-statistic B+ tree (`SortedEntries`: rank, insert and remove
/// in O(log n), as Redis's skiplist) plus a `ByteMap` from member to score. OBJECT ENCODING follows Redis's
/// thresholds: "listpack" up to `zset-max-listpack-entries` members of at most
/// `zset-max-listpack-value` bytes, "skiplist" from then on (never back).
public final class SortedSetValue {
    /// See `ImageShared` (snapshot images).
    var snapshotGeneration: UInt64 = 0
    /// Redis's `zset-max-listpack-entries` and `zset-max-listpack-value` defaults.
    public static let defaultMaxListpackEntries = 128
    public static let defaultMaxListpackValue = 64

    public internal(set) var entries = SortedEntries()
    @usableFromInline var scores: ByteMap<Double>
    /// Whether the set has outgrown the compact encoding.
    public internal(set) var isSkiplist = false

    /// An empty sorted set (a key never holds one).
    public init(seed: UInt64) {
        scores = ByteMap(seed: seed)
    }

    /// The name OBJECT ENCODING reports.
    public var encodingName: StaticString { isSkiplist ? "skiplist" : "listpack" }

    /// The number of members.
    public var count: Int { entries.count }

    /// The score of `member`.
    @inlinable public func score<C: Collection>(of member: C) -> Double? where C.Element == UInt8 {
        scores.value(for: member)
    }

    /// The index of the first entry not before (score, member).
    func lowerBound(_ score: Double, _ member: StoredBytes) -> Int {
        entries.rank { SortedEntries.precedes($0, (score, member)) }
    }

    /// The 0-based rank of `member` in ascending order.
    public func rank<C: Collection>(of member: C) -> Int? where C.Element == UInt8 {
        guard let score = scores.value(for: member) else { return nil }
        return lowerBound(score, StoredBytes(member))
    }

    /// Sets the score of `member` (adding it when new); returns true when it is new.
    @discardableResult
    public func set(_ member: [UInt8], score: Double, maxListpackEntries: Int = defaultMaxListpackEntries,
                    maxListpackValue: Int = defaultMaxListpackValue) -> Bool {
        set(member[...], score: score, maxListpackEntries: maxListpackEntries, maxListpackValue: maxListpackValue)
    }

    /// Sets the score of `member` (a request's argument, copied only when stored); returns
    /// true when it is new.
    @discardableResult
    public func set(_ member: ArraySlice<UInt8>, score: Double, maxListpackEntries: Int = defaultMaxListpackEntries,
                    maxListpackValue: Int = defaultMaxListpackValue) -> Bool {
        // An unchanged score costs no allocation (ZADD of an existing member is common).
        if let old = scores.value(for: member), old == score { return false }
        return set(StoredBytes(member), score: score, maxListpackEntries: maxListpackEntries,
                   maxListpackValue: maxListpackValue)
    }

    /// Sets the score of `member` (adding it when new); returns true when it is new. The
    /// tree and the score map share `member`'s buffer.
    @discardableResult
    public func set(_ stored: StoredBytes, score: Double, maxListpackEntries: Int = defaultMaxListpackEntries,
                    maxListpackValue: Int = defaultMaxListpackValue) -> Bool {
        let member = stored
        if let old = scores.value(for: member) {
            if old == score { return false }
            entries.remove(at: lowerBound(old, stored))
            entries.insert((score, stored))
            scores.set(stored, score)
            return false
        }
        entries.insert((score, stored))
        scores.set(stored, score)
        if member.count > maxListpackValue || entries.count > maxListpackEntries { isSkiplist = true }
        return true
    }

    /// Removes `member`; returns whether it was present.
    @discardableResult
    public func remove<C: Collection>(_ member: C) -> Bool where C.Element == UInt8 {
        guard let score = scores.value(for: member) else { return false }
        entries.remove(at: lowerBound(score, StoredBytes(member)))
        scores.remove(member)
        return true
    }

    /// Removes the entries at `ranks` (ascending positions).
    public func removeRanks(_ ranks: Range<Int>) {
        for entry in entries.entries(in: ranks) { scores.remove(entry.member) }
        entries.removeSubrange(ranks)
    }

    /// The first rank whose score is above `minimum` (or at it when `inclusive`).
    public func firstRank(atLeast minimum: Double, inclusive: Bool) -> Int {
        entries.rank { $0.score < minimum || (!inclusive && $0.score == minimum) }
    }

    /// The ranks whose scores lie in the range (Redis's `zrangespec`).
    public func ranks(minimum: Double, minimumExclusive: Bool, maximum: Double, maximumExclusive: Bool) -> Range<Int> {
        let start = firstRank(atLeast: minimum, inclusive: !minimumExclusive)
        let end = firstRank(atLeast: maximum, inclusive: maximumExclusive)
        return start..<max(start, end)
    }

    /// A deep copy (COPY).
    public func copy() -> SortedSetValue {
        let copy = SortedSetValue(seed: 0)
        copy.entries = entries
        copy.scores = scores
        copy.isSkiplist = isSkiplist
        return copy
    }
}

/// One end of a lexicographic range (ZRANGEBYLEX): "-" and "+" are the extremes,
/// "[x" includes x, "(x" excludes it.
public enum LexBound: Sendable {
    case minimum
    case maximum
    case inclusive([UInt8])
    case exclusive([UInt8])

    /// Redis's `zslParseLexRangeItem`; nil for anything else.
    public init?<C: Collection>(parsing bytes: C) where C.Element == UInt8 {
        guard let first = bytes.first else { return nil }
        switch first {
        case 0x2B where bytes.count == 1: self = .maximum  // "+"
        case 0x2D where bytes.count == 1: self = .minimum  // "-"
        case 0x5B: self = .inclusive(Array(bytes.dropFirst()))  // "["
        case 0x28: self = .exclusive(Array(bytes.dropFirst()))  // "("
        default: return nil
        }
    }

    /// Whether `member` lies above this bound taken as a minimum.
    func admitsAsMinimum(_ member: StoredBytes) -> Bool {
        switch self {
        case .minimum: return true
        case .maximum: return false
        case .inclusive(let bound): return !member.lexicographicallyPrecedes(bound)
        case .exclusive(let bound): return bound.lexicographicallyPrecedes(member)
        }
    }

    /// Whether `member` lies below this bound taken as a maximum.
    func admitsAsMaximum(_ member: StoredBytes) -> Bool {
        switch self {
        case .minimum: return false
        case .maximum: return true
        case .inclusive(let bound): return !bound.lexicographicallyPrecedes(member)
        case .exclusive(let bound): return member.lexicographicallyPrecedes(bound)
        }
    }
}

extension SortedSetValue {
    /// The ranks whose members lie in the lexicographic range. Like Redis, this assumes
    /// all scores are equal (members then sort by bytes); otherwise the result is only
    /// deterministic, not meaningful.
    public func ranks(lexMinimum: LexBound, lexMaximum: LexBound) -> Range<Int> {
        let start = entries.rank { !lexMinimum.admitsAsMinimum($0.member) }
        let end = entries.rank { lexMaximum.admitsAsMaximum($0.member) }
        return start..<max(start, end)
    }

    /// Iterates members with their scores for ZSCAN: the whole set at once while compact
    /// (cursor 0), else one bucket of the member map per step.
    public func scan(cursor: UInt64, _ visit: (StoredBytes, Double) -> Void) -> UInt64 {
        guard isSkiplist else {
            for entry in entries { visit(entry.member, entry.score) }
            return 0
        }
        return scores.scan(cursor: cursor, visit)
    }
}
