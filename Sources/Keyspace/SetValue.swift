/// A set value: Redis 7.0's two encodings.
///
/// While every member is a canonical integer and there are at most `maxIntsetEntries`
/// of them, members live sorted in an array of Int64 ("intset": SMEMBERS then answers in
/// ascending order, exactly like Redis). Any other member, or one too many, converts the
/// set for good to a `ByteMap` ("hashtable").
public final class SetValue {
    /// See `ImageShared` (snapshot images).
    var snapshotGeneration: UInt64 = 0
    /// Redis's `set-max-intset-entries` default.
    public static let defaultMaxIntsetEntries = 512

    @usableFromInline var integers: [Int64] = []
    @usableFromInline var table: ByteMap<Bool>?
    let seed: UInt64

    /// An empty set (a key never holds one: removing the last member deletes the key).
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The name OBJECT ENCODING reports.
    public var encodingName: StaticString { table == nil ? "intset" : "hashtable" }

    /// The number of members.
    public var count: Int { table?.count ?? integers.count }

    /// Whether `member` is in the set.
    @inlinable public func contains<C: Collection>(_ member: C) -> Bool where C.Element == UInt8 {
        if let table { return table.value(for: member) != nil }
        guard let number = NumberParsing.parseInt64(member) else { return false }
        return search(number).found
    }

    @usableFromInline func search(_ number: Int64) -> (found: Bool, index: Int) {
        var low = 0, high = integers.count
        while low < high {
            let middle = (low + high) / 2
            if integers[middle] < number { low = middle + 1 } else { high = middle }
        }
        return (low < integers.count && integers[low] == number, low)
    }

    /// Adds `member`; returns true when it is new. A member already present costs no
    /// allocation (SADD of an existing member is common).
    @discardableResult
    public func add(_ member: [UInt8], maxIntsetEntries: Int = SetValue.defaultMaxIntsetEntries) -> Bool {
        add(member[...], maxIntsetEntries: maxIntsetEntries)
    }

    /// Adds `member` (a request's argument, copied only when new); returns true when it is new.
    @discardableResult
    public func add(_ member: ArraySlice<UInt8>, maxIntsetEntries: Int = SetValue.defaultMaxIntsetEntries) -> Bool {
        if table == nil, let added = addInteger(NumberParsing.parseInt64(member), maxIntsetEntries) { return added }
        return table!.set(member, true)
    }

    /// Adds `member`, sharing its buffer; returns true when it is new.
    @discardableResult
    public func add(_ member: StoredBytes, maxIntsetEntries: Int = SetValue.defaultMaxIntsetEntries) -> Bool {
        if table == nil,
           let added = addInteger(member.withUnsafeBytes { NumberParsing.parseInt64($0) }, maxIntsetEntries) {
            return added
        }
        return table!.set(member, true)
    }

    /// The intset path: whether `number` was added, or nil when the member is not an
    /// integer and the set has converted to a table for it.
    private func addInteger(_ number: Int64?, _ maxIntsetEntries: Int) -> Bool? {
        guard let number else {
            convertToTable()
            return nil
        }
        let (found, index) = search(number)
        if found { return false }
        integers.insert(number, at: index)
        if integers.count > maxIntsetEntries { convertToTable() }
        return true
    }

    /// Removes `member`; returns whether it was present.
    @discardableResult
    public func remove<C: Collection>(_ member: C) -> Bool where C.Element == UInt8 {
        if table != nil { return table!.remove(member) }
        guard let number = NumberParsing.parseInt64(member) else { return false }
        let (found, index) = search(number)
        if found { integers.remove(at: index) }
        return found
    }

    /// Converts to the table encoding (never back, as in Redis).
    public func convertToTable() {
        guard table == nil else { return }
        var map = ByteMap<Bool>(seed: seed, capacity: integers.count)
        for number in integers { map.set(StoredBytes(decimal: number), true) }
        table = map
        integers = []
    }

    /// Every member: ascending while an intset, table order after.
    public func forEach(_ body: (StoredBytes) -> Void) {
        if let table {
            table.forEach { member, _ in body(member) }
        } else {
            for number in integers { body(StoredBytes(decimal: number)) }
        }
    }

    /// The members as an array, in iteration order.
    public var members: [StoredBytes] {
        var all: [StoredBytes] = []
        all.reserveCapacity(count)
        forEach { all.append($0) }
        return all
    }

    /// A member chosen with `generator`.
    public func randomMember<G: RandomNumberGenerator>(using generator: inout G) -> StoredBytes? {
        if let table { return table.randomElement(using: &generator)?.0 }
        guard !integers.isEmpty else { return nil }
        return StoredBytes(decimal: integers[Int(generator.next() % UInt64(integers.count))])
    }

    /// SSCAN: an intset whole with cursor 0 (as Redis), a table one bucket per step.
    public func scan(cursor: UInt64, _ visit: (StoredBytes) -> Void) -> UInt64 {
        guard let table else {
            forEach(visit)
            return 0
        }
        return table.scan(cursor: cursor) { member, _ in visit(member) }
    }

    /// A deep copy (COPY).
    public func copy() -> SetValue {
        let copy = SetValue(seed: seed)
        copy.integers = integers
        copy.table = table
        return copy
    }
}
