/// How a string value is stored, as `OBJECT ENCODING` reports it.
///
/// Redis keeps canonical integers that fit a `long` as `int`, short strings
/// (≤ 44 bytes) in one allocation with their header (`embstr`), and the rest,
/// plus anything modified in place (APPEND, SETRANGE), as `raw`.
public enum StringEncoding: UInt8, Sendable {
    case int
    case embstr
    case raw

    /// The name `OBJECT ENCODING` replies with.
    public var name: StaticString {
        switch self {
        case .int: return "int"
        case .embstr: return "embstr"
        case .raw: return "raw"
        }
    }

    /// The longest string Redis stores as `embstr` (OBJ_ENCODING_EMBSTR_SIZE_LIMIT).
    public static let embstrSizeLimit = 44

    /// The encoding Redis's `tryObjectEncoding` picks for a freshly stored value.
    @inlinable public static func forNewValue<C: Collection>(_ bytes: C) -> StringEncoding where C.Element == UInt8 {
        if bytes.count <= 20 && NumberParsing.parseInt64(bytes) != nil { return .int }
        return bytes.count <= embstrSizeLimit ? .embstr : .raw
    }

    /// The encoding of a string created without `tryObjectEncoding` (Redis's
    /// `createStringObject`): `embstr` when short, else `raw`, never `int`.
    public static func forPlainValue(count: Int) -> StringEncoding {
        count <= embstrSizeLimit ? .embstr : .raw
    }
}

/// A string value: its bytes and the encoding Redis would report for it.
public struct StringValue: Sendable, Equatable {
    public var bytes: StoredBytes
    public var encoding: StringEncoding

    public init(bytes: StoredBytes, encoding: StringEncoding) {
        self.bytes = bytes
        self.encoding = encoding
    }

    public init(bytes: [UInt8], encoding: StringEncoding) {
        self.init(bytes: StoredBytes(bytes), encoding: encoding)
    }

    /// A value stored by SET-like commands (Redis's `tryObjectEncoding`), copied straight
    /// from the request's argument (an intermediate array cost a malloc and a free per key).
    @inlinable public init<C: Collection>(storing bytes: C) where C.Element == UInt8 {
        self.bytes = StoredBytes(bytes)
        self.encoding = StringEncoding.forNewValue(bytes)
    }
}

/// The kinds of value a key can hold, as TYPE names them.
public enum ValueKind: UInt8, Sendable {
    case string
    case list
    case set
    case sortedSet
    case hash

    /// The name TYPE and `SCAN ... TYPE` use.
    public var typeName: StaticString {
        switch self {
        case .string: return "string"
        case .list: return "list"
        case .set: return "set"
        case .sortedSet: return "zset"
        case .hash: return "hash"
        }
    }
}


/// The value held by one key.
public enum Value {
    case string(StringValue)
    case list(ListValue)
    case set(SetValue)
    case sortedSet(SortedSetValue)
    case hash(HashValue)

    /// The kind, for WRONGTYPE checks and TYPE.
    @inlinable public var kind: ValueKind {
        switch self {
        case .string: return .string
        case .list: return .list
        case .set: return .set
        case .sortedSet: return .sortedSet
        case .hash: return .hash
        }
    }

    /// A value that owns no storage, used while a payload is taken out to be changed in place.
    @inlinable static var empty: Value { .string(StringValue(bytes: StoredBytes(), encoding: .embstr)) }
}
