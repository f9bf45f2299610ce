// Keyspace notifications (Redis's notify.c) and the hook published messages leave by.
//
// The keyspace announces; it never delivers. Whoever owns the connections (the server)
// registers a `KeyspaceObserver`; applying a command or an expiry calls it synchronously,
// so on every node the announcements come out in log order.

/// Redis's keyspace notification classes: the letters of `notify-keyspace-events`.
public struct NotifyClasses: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `K`: publish on `__keyspace@<db>__:<key>`.
    public static let keyspace = NotifyClasses(rawValue: 1 << 0)
    /// `E`: publish on `__keyevent@<db>__:<event>`.
    public static let keyevent = NotifyClasses(rawValue: 1 << 1)
    /// `g`: DEL, EXPIRE, RENAME, ... (type-independent commands).
    public static let generic = NotifyClasses(rawValue: 1 << 2)
    /// `$`
    public static let string = NotifyClasses(rawValue: 1 << 3)
    /// `l`
    public static let list = NotifyClasses(rawValue: 1 << 4)
    /// `s`
    public static let set = NotifyClasses(rawValue: 1 << 5)
    /// `h`
    public static let hash = NotifyClasses(rawValue: 1 << 6)
    /// `z`
    public static let zset = NotifyClasses(rawValue: 1 << 7)
    /// `x`: a key deleted because its deadline passed.
    public static let expired = NotifyClasses(rawValue: 1 << 8)
    /// `e`: a key deleted by eviction.
    public static let evicted = NotifyClasses(rawValue: 1 << 9)
    /// `t`
    public static let stream = NotifyClasses(rawValue: 1 << 10)
    /// `m`: a read that missed.
    public static let keyMiss = NotifyClasses(rawValue: 1 << 11)
    /// `d`
    public static let module = NotifyClasses(rawValue: 1 << 12)
    /// `n`: a key created.
    public static let newKey = NotifyClasses(rawValue: 1 << 13)

    /// `A`: Redis's NOTIFY_ALL, `g$lshzxetd` (neither `m` nor `n`).
    public static let all: NotifyClasses = [.generic, .string, .list, .set, .hash, .zset, .expired, .evicted,
                                            .stream, .module]

    /// The letters in the order Redis's `keyspaceEventsFlagsToString` writes them.
    static let letters: [(Character, NotifyClasses)] = [
        ("g", .generic), ("$", .string), ("l", .list), ("s", .set), ("h", .hash), ("z", .zset),
        ("x", .expired), ("e", .evicted), ("t", .stream), ("d", .module), ("n", .newKey),
    ]

    /// Parses the directive's letters (Redis's `keyspaceEventsStringToFlags`); nil on an
    /// unknown letter.
    public init?(letters text: String) {
        var classes: NotifyClasses = []
        for letter in text {
            switch letter {
            case "A": classes.formUnion(.all)
            case "K": classes.insert(.keyspace)
            case "E": classes.insert(.keyevent)
            case "m": classes.insert(.keyMiss)
            default:
                guard let found = Self.letters.first(where: { $0.0 == letter }) else { return nil }
                classes.insert(found.1)
            }
        }
        self = classes
    }

    /// The letters as CONFIG GET prints them: `A` replaces the whole of NOTIFY_ALL and
    /// then, as in Redis 7.0, hides `n`; `K`, `E`, `m` come last.
    public var letters: String {
        var text = ""
        if isSuperset(of: .all) {
            text = "A"
        } else {
            for (letter, flag) in Self.letters where contains(flag) { text.append(letter) }
        }
        if contains(.keyspace) { text += "K" }
        if contains(.keyevent) { text += "E" }
        if contains(.keyMiss) { text += "m" }
        return text
    }
}

/// Receives what applying commands announces (the server implements it).
public protocol KeyspaceObserver: AnyObject {
    /// `event` of class `type` happened to `key` of `database`: its class is enabled, or
    /// keys are tracked (`KeyspaceNotifier.tracksKeys`), which hears every change.
    func keyspaceEvent(_ type: NotifyClasses, _ event: StaticString, key: ArraySlice<UInt8>, database: Int)
    /// A database (or all of them) was emptied: FLUSHDB, FLUSHALL.
    func keyspaceFlushed()
    /// PUBLISH (`sharded`: SPUBLISH) of `message` on `channel`; returns the receivers here.
    func publish(channel: ArraySlice<UInt8>, message: ArraySlice<UInt8>, sharded: Bool) -> Int
}

/// The keyspace's announcer: which classes are on, and who hears them.
public final class KeyspaceNotifier {
    /// The configured classes (`notify-keyspace-events`).
    public var classes: NotifyClasses = [] {
        didSet { updateEnabled() }
    }
    /// Whether some client tracks keys (client-side caching): then every change is
    /// announced, whatever `classes` says, so the observer can invalidate.
    public var tracksKeys = false {
        didSet { updateEnabled() }
    }
    /// The classes announced: the one test on the hot path.
    @usableFromInline var enabled: NotifyClasses = []
    /// The listener; nil when nothing listens (tests, the simulator). It must outlive
    /// the keyspace (the server owns both). Not `weak`: a weak reference gives its target
    /// a side table, and every retain of the server on the hot path then takes the
    /// runtime's slow path (measured: three per command).
    public unowned(unsafe) var observer: KeyspaceObserver?

    init() {}

    private func updateEnabled() {
        // Redis publishes nothing unless K or E is set as well as the event's class.
        enabled = tracksKeys ? NotifyClasses(rawValue: .max)
            : classes.isDisjoint(with: [.keyspace, .keyevent]) ? [] : classes
    }

    /// Announces `event` for `key` when its class is enabled. Costs one bit test when off.
    @inlinable public func notify(_ type: NotifyClasses, _ event: StaticString, key: ArraySlice<UInt8>, database: Int) {
        guard !enabled.isDisjoint(with: type) else { return }
        observer?.keyspaceEvent(type, event, key: key, database: database)
    }

    /// Announces FLUSHDB/FLUSHALL to a key tracker.
    public func flushed() {
        if tracksKeys { observer?.keyspaceFlushed() }
    }

    /// Publishes through the observer; 0 receivers when none listens.
    public func publish(channel: ArraySlice<UInt8>, message: ArraySlice<UInt8>, sharded: Bool) -> Int {
        observer?.publish(channel: channel, message: message, sharded: sharded) ?? 0
    }
}
