/// A hash value: field → value, compact while small like Redis's listpack encoding.
///
/// Small hashes keep their pairs in insertion order in one array (Redis's "listpack":
/// HGETALL then answers in the order fields were added, exactly like Redis); past
/// `maxListpackEntries` fields, or on a field or value longer than `maxListpackValue`
/// bytes, the hash converts for good to a `ByteMap` ("hashtable").
public final class HashValue {
    /// See `ImageShared` (snapshot images).
    var snapshotGeneration: UInt64 = 0
    /// The encoding OBJECT ENCODING reports.
    public enum Encoding: Sendable {
        case listpack
        case hashtable

        public var name: StaticString { self == .listpack ? "listpack" : "hashtable" }
    }

    /// Redis's `hash-max-listpack-entries` / `hash-max-listpack-value` (same on every replica).
    public struct Limits: Sendable {
        public var maxListpackEntries: Int
        public var maxListpackValue: Int

        public init(maxListpackEntries: Int = 128, maxListpackValue: Int = 64) {
            self.maxListpackEntries = maxListpackEntries
            self.maxListpackValue = maxListpackValue
        }
    }

    @usableFromInline var pairs: [(field: StoredBytes, value: StoredBytes)] = []
    @usableFromInline var table: ByteMap<StoredBytes>?
    let seed: UInt64

    /// An empty hash (a key never holds one: the last HDEL deletes the key).
    public init(seed: UInt64) {
        self.seed = seed
    }

    public var encoding: Encoding { table == nil ? .listpack : .hashtable }

    /// The number of fields.
    public var count: Int { table?.count ?? pairs.count }

    /// The value of `field`.
    @inlinable public func value<C: Collection>(for field: C) -> StoredBytes? where C.Element == UInt8 {
        if let table { return table.value(for: field) }
        return pairs.first { $0.field.equals(field) }?.value
    }

    /// Sets `field`; returns true when the field is new.
    @discardableResult
    public func set(_ field: [UInt8], _ value: [UInt8], limits: Limits) -> Bool {
        set(field[...], value[...], limits: limits)
    }

    /// Sets `field` from a request's arguments, copying each once; returns true when the
    /// field is new.
    @discardableResult
    public func set(_ field: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>, limits: Limits) -> Bool {
        if table == nil && (field.count > limits.maxListpackValue || value.count > limits.maxListpackValue) {
            convertToTable()
        }
        if table != nil { return table!.set(field, StoredBytes(value)) }
        if let index = pairs.firstIndex(where: { $0.field.equals(field) }) {
            pairs[index].value = StoredBytes(value)
            return false
        }
        pairs.append((StoredBytes(field), StoredBytes(value)))
        if pairs.count > limits.maxListpackEntries { convertToTable() }
        return true
    }

    /// Removes `field`; returns whether it was present.
    @discardableResult
    public func remove<C: Collection>(_ field: C) -> Bool where C.Element == UInt8 {
        if table != nil { return table!.remove(field) }
        guard let index = pairs.firstIndex(where: { $0.field.equals(field) }) else { return false }
        pairs.remove(at: index)
        return true
    }

    /// Converts to the table encoding (never back, as in Redis).
    public func convertToTable() {
        guard table == nil else { return }
        var map = ByteMap<StoredBytes>(seed: seed, capacity: pairs.count)
        for pair in pairs { map.set(pair.field, pair.value) }
        table = map
        pairs = []
    }

    /// Every field and value: insertion order while compact, table order after.
    public func forEach(_ body: (StoredBytes, StoredBytes) -> Void) {
        if let table { table.forEach(body) } else { for pair in pairs { body(pair.field, pair.value) } }
    }

    /// The pair at `index` of the iteration order (compact encoding), for random picks.
    public func pair(at index: Int) -> (StoredBytes, StoredBytes) {
        if table == nil { return pairs[index] }
        var result: (StoredBytes, StoredBytes)?
        var position = 0
        table!.forEach { field, value in
            if position == index { result = (field, value) }
            position += 1
        }
        return result!
    }

    /// A uniformly chosen pair in the compact encoding, a Redis-like random pick otherwise.
    public func randomPair<G: RandomNumberGenerator>(using generator: inout G) -> (StoredBytes, StoredBytes)? {
        if let table { return table.randomElement(using: &generator) }
        guard !pairs.isEmpty else { return nil }
        return pairs[Int(generator.next() % UInt64(pairs.count))]
    }

    /// HSCAN: in the compact encoding the whole hash at once with cursor 0 (as Redis does
    /// for listpacks); otherwise one bucket per call, reverse-binary cursors.
    public func scan(cursor: UInt64, _ visit: (StoredBytes, StoredBytes) -> Void) -> UInt64 {
        guard let table else {
            forEach(visit)
            return 0
        }
        return table.scan(cursor: cursor, visit)
    }

    /// A deep copy (COPY).
    public func copy() -> HashValue {
        let copy = HashValue(seed: seed)
        copy.pairs = pairs
        copy.table = table
        return copy
    }
}
