import Testing
@testable import SkiffServer

private func name(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct PubSubRegistryTests {
    @Test func subscriptionsAreKeptBothWaysInOrder() {
        var registry = PubSubRegistry()
        let changed1 = registry.subscribe(1, .channel, name("b"))
        #expect(changed1)
        let changed2 = registry.subscribe(1, .channel, name("a"))
        #expect(changed2)
        let changed3 = registry.subscribe(1, .channel, name("b"))
        #expect(!changed3)
        let changed4 = registry.subscribe(2, .channel, name("a"))
        #expect(changed4)
        #expect(registry.names(of: 1, .channel) == [name("b"), name("a")])
        #expect(registry.subscribers(of: name("a")[...], .channel) == [1, 2])
        #expect(registry.count(of: 1, .channel) == 2)
        #expect(registry.count(of: 1, .pattern) == 0)
        #expect(registry.activeCount(.channel) == 2)
    }

    @Test func kindsAreSeparate() {
        var registry = PubSubRegistry()
        let changed5 = registry.subscribe(1, .channel, name("x"))
        #expect(changed5)
        let changed6 = registry.subscribe(1, .pattern, name("x"))
        #expect(changed6)
        let changed7 = registry.subscribe(1, .shardChannel, name("x"))
        #expect(changed7)
        #expect(registry.subscribers(of: name("x")[...], .shardChannel) == [1])
        let changed8 = registry.unsubscribe(1, .pattern, name("x"))
        #expect(changed8)
        let changed9 = registry.unsubscribe(1, .pattern, name("x"))
        #expect(!changed9)
        #expect(registry.count(of: 1, .channel) == 1)
        #expect(registry.count(of: 1, .shardChannel) == 1)
        #expect(registry.activeCount(.pattern) == 0)
    }

    @Test func unsubscribingTheLastSubscriberRemovesTheName() {
        var registry = PubSubRegistry()
        _ = registry.subscribe(1, .channel, name("a"))
        _ = registry.subscribe(2, .channel, name("a"))
        let changed10 = registry.unsubscribe(1, .channel, name("a"))
        #expect(changed10)
        #expect(registry.activeNames(.channel, matching: nil) == [name("a")])
        let changed11 = registry.unsubscribe(2, .channel, name("a"))
        #expect(changed11)
        #expect(registry.activeNames(.channel, matching: nil).isEmpty)
        #expect(registry.names(of: 2, .channel).isEmpty)
        let changed12 = registry.unsubscribe(3, .channel, name("a"))
        #expect(!changed12)
    }

    @Test func patternsMatchWithRedisGlob() {
        var registry = PubSubRegistry()
        for (id, pattern) in [(1, "news.*"), (2, "h?llo"), (3, "h[ae]llo"), (4, "[^x]y"), (5, "h\\*")] {
            _ = registry.subscribe(id, .pattern, name(pattern))
        }
        func matching(_ channel: String) -> [Int] {
            registry.patterns(matching: name(channel)[...]).flatMap(\.ids).sorted()
        }
        #expect(matching("news.sport") == [1])
        #expect(matching("hello") == [2, 3])
        #expect(matching("hxllo") == [2])
        #expect(matching("ay") == [4])
        #expect(matching("xy") == [])
        #expect(matching("h*") == [5])
        #expect(matching("news") == [])
    }

    @Test func activeNamesFilterByPattern() {
        var registry = PubSubRegistry()
        for channel in ["news", "nope", "other"] { _ = registry.subscribe(1, .channel, name(channel)) }
        #expect(registry.activeNames(.channel, matching: name("n*")[...]) == [name("news"), name("nope")])
        #expect(registry.activeNames(.channel, matching: name("z*")[...]).isEmpty)
    }
}

@Suite struct TrackingTableTests {
    @Test func aReadKeyIsInvalidatedOnce() {
        var table = TrackingTable()
        table.remember(name("k")[...], for: 2)
        table.remember(name("k")[...], for: 1)
        table.remember(name("k")[...], for: 2)
        let first = table.takeReaders(of: name("k")[...])
        #expect(first == [1, 2])
        let second = table.takeReaders(of: name("k")[...])
        #expect(second.isEmpty)
    }

    @Test func broadcastsGroupKeysByPrefixOncePerKey() {
        var table = TrackingTable()
        table.addPrefix(name("user:"), for: 1)
        table.addPrefix(name(""), for: 2)
        for key in ["user:1", "other", "user:1", "user:2"] { table.noteBroadcast(name(key)[...]) }
        let batches = table.takeBroadcasts()
        #expect(batches.map(\.ids) == [[2], [1]])
        #expect(batches.map(\.keys) == [[name("user:1"), name("other"), name("user:2")], [name("user:1"), name("user:2")]])
        let again = table.takeBroadcasts()
        #expect(again.isEmpty)
    }

    @Test func removingTheLastClientOfAPrefixDropsItsQueue() {
        var table = TrackingTable()
        table.addPrefix(name("a"), for: 1)
        table.noteBroadcast(name("ab")[...])
        table.removePrefix(name("a"), for: 1)
        let batches = table.takeBroadcasts()
        #expect(batches.isEmpty)
        table.noteBroadcast(name("ab")[...])
        let none = table.takeBroadcasts()
        #expect(none.isEmpty)
    }
}
