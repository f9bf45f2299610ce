import Keyspace
import Testing

/// Records what the keyspace announces.
private final class Recorder: KeyspaceObserver {
    var events: [(String, [UInt8], Int)] = []

    func keyspaceEvent(_ type: NotifyClasses, _ event: StaticString, key: ArraySlice<UInt8>, database: Int) {
        events.append((event.description, Array(key), database))
    }

    func keyspaceFlushed() {
        events.append(("flushed", [], -1))
    }

    func publish(channel: ArraySlice<UInt8>, message: ArraySlice<UInt8>, sharded: Bool) -> Int { 7 }
}

@Suite struct NotificationsTests {
    /// Redis 7.0's `keyspaceEventsFlagsToString` output for what CONFIG SET was given.
    @Test(arguments: [
        ("KEA", "AKE"), ("", ""), ("K", "K"), ("g", "g"), ("A", "A"), ("Ag", "A"), ("$lshzxe", "$lshzxe"),
        ("Ex", "xE"), ("Am", "Am"), ("Ad", "A"), ("Kn", "nK"), ("KEAmn", "AKEm"), ("gg", "g"), ("tA", "A"),
        ("mEK$", "$KEm"),
    ])
    func lettersNormaliseAsRedisPrintsThem(given: String, printed: String) throws {
        let classes = try #require(NotifyClasses(letters: given))
        #expect(classes.letters == printed)
    }

    @Test(arguments: ["xyz", "a", "KE ", "*"])
    func unknownLettersAreRefused(text: String) {
        #expect(NotifyClasses(letters: text) == nil)
    }

    @Test func nothingIsAnnouncedWithoutKOrE() {
        let keyspace = Keyspace(databaseCount: 2)
        let recorder = Recorder()
        keyspace.notifier.observer = recorder
        keyspace.notifier.classes = NotifyClasses(letters: "A")!
        keyspace.notifier.notify(.generic, "del", key: [1][...], database: 0)
        #expect(recorder.events.isEmpty)
        keyspace.notifier.classes = NotifyClasses(letters: "E$")!
        keyspace.notifier.notify(.generic, "del", key: [1][...], database: 0)
        #expect(recorder.events.isEmpty)
        keyspace.notifier.notify(.string, "set", key: [2][...], database: 1)
        #expect(recorder.events.count == 1)
        #expect(recorder.events.first?.0 == "set" && recorder.events.first?.2 == 1)
    }

    @Test func expiryDeletionsAreAnnouncedAsExpired() {
        let keyspace = Keyspace(databaseCount: 1)
        let recorder = Recorder()
        keyspace.notifier.observer = recorder
        keyspace.notifier.classes = NotifyClasses(letters: "Ex")!
        keyspace[0].insert(Array("k".utf8), value: .string(StringValue(storing: Array("v".utf8))), expiresAtMs: 100)
        #expect(!keyspace.deleteIfExpired(database: 0, key: Array("k".utf8), nowMs: 99))
        #expect(recorder.events.isEmpty)
        #expect(keyspace.deleteIfExpired(database: 0, key: Array("k".utf8), nowMs: 100))
        #expect(recorder.events.map(\.0) == ["expired"])
        #expect(recorder.events.first?.1 == Array("k".utf8))
    }

    @Test func publishCountsWhatTheObserverReports() {
        let keyspace = Keyspace(databaseCount: 1)
        #expect(keyspace.notifier.publish(channel: [1][...], message: [2][...], sharded: false) == 0)
        let recorder = Recorder()
        keyspace.notifier.observer = recorder
        #expect(keyspace.notifier.publish(channel: [1][...], message: [2][...], sharded: false) == 7)
    }
}
