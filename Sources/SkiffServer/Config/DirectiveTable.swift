/// Every directive Skiff understands, with Redis's default where Redis has one.
///
/// `conf/skiff.conf` documents each of them; a test checks that the file and this
/// table agree. Directives Redis accepts that do not apply to Skiff (encoding
/// thresholds, RDB file names, …) are accepted and kept, so configuration written
/// for Redis loads unchanged.
enum DirectiveTable {
    static let int32Max = Int(Int32.max)

    static let all: [Directive] = [
        // Network
        Directive(name: "port", kind: .integer(min: 0, max: 65535), defaultValue: "6379"),
        Directive(name: "bind", kind: .words, defaultValue: "127.0.0.1", mutability: .immutable),
        Directive(name: "protected-mode", kind: .boolean, defaultValue: "yes"),
        Directive(name: "tcp-backlog", kind: .integer(min: 0, max: int32Max), defaultValue: "511", mutability: .immutable),
        Directive(name: "tcp-keepalive", kind: .integer(min: 0, max: int32Max), defaultValue: "300"),
        Directive(name: "timeout", kind: .integer(min: 0, max: int32Max), defaultValue: "0"),
        Directive(name: "maxclients", kind: .integer(min: 1, max: Int(UInt32.max)), defaultValue: "10000"),
        // General
        Directive(name: "daemonize", kind: .boolean, defaultValue: "no", mutability: .immutable),
        Directive(name: "supervised", kind: .enumeration(["upstart", "systemd", "auto", "no"]), defaultValue: "no", mutability: .immutable),
        Directive(name: "pidfile", kind: .string, defaultValue: "", mutability: .immutable),
        Directive(name: "loglevel", kind: .enumeration(["debug", "verbose", "notice", "warning"]), defaultValue: "notice"),
        Directive(name: "logfile", kind: .string, defaultValue: "", mutability: .immutable),
        Directive(name: "databases", kind: .integer(min: 1, max: int32Max), defaultValue: "16", mutability: .immutable),
        Directive(name: "hz", kind: .integer(min: 1, max: 500), defaultValue: "10"),
        Directive(name: "enable-debug-command", kind: .enumeration(["no", "yes", "local"]), defaultValue: "no", mutability: .immutable),
        Directive(name: "dir", kind: .string, defaultValue: "./", mutability: .protected),
        // Security
        Directive(name: "requirepass", kind: .string, defaultValue: ""),
        Directive(name: "aclfile", kind: .string, defaultValue: "", mutability: .immutable),
        Directive(name: "acllog-max-len", kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "128"),
        // Limits
        Directive(name: "proto-max-bulk-len", kind: .memory(min: 1024 * 1024, max: Int(Int64.max)), defaultValue: "536870912"),
        Directive(name: "client-query-buffer-limit", kind: .memory(min: 1024 * 1024, max: Int(Int64.max)), defaultValue: "1073741824"),
        Directive(name: "client-output-buffer-limit", kind: .words,
                  defaultValue: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
        Directive(name: "maxmemory", kind: .memory(min: 0, max: Int(Int64.max)), defaultValue: "0"),
        Directive(name: "maxmemory-policy", kind: .enumeration([
            "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
            "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction",
        ]), defaultValue: "noeviction"),
        Directive(name: "maxmemory-samples", kind: .integer(min: 1, max: 64), defaultValue: "5"),
        Directive(name: "maxmemory-eviction-tenacity", kind: .integer(min: 0, max: 100), defaultValue: "10"),
        Directive(name: "lfu-log-factor", kind: .integer(min: 0, max: int32Max), defaultValue: "10"),
        Directive(name: "lfu-decay-time", kind: .integer(min: 0, max: int32Max), defaultValue: "1"),
        // Persistence (the storage issue gives these their full meaning)
        Directive(name: "appendonly", kind: .boolean, defaultValue: "no"),
        Directive(name: "appendfsync", kind: .enumeration(["everysec", "always", "no"]), defaultValue: "always"),
        Directive(name: "appendfilename", kind: .string, defaultValue: "appendonly.aof", mutability: .immutable),
        Directive(name: "save", kind: .words, defaultValue: ""),
        Directive(name: "dbfilename", kind: .string, defaultValue: "dump.rdb", mutability: .protected),
        // Keyspace events and encodings: accepted and reported like Redis
        Directive(name: "notify-keyspace-events", kind: .keyspaceEvents, defaultValue: ""),
        Directive(name: "hash-max-listpack-entries", aliases: ["hash-max-ziplist-entries"], kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "512"),
        Directive(name: "hash-max-listpack-value", aliases: ["hash-max-ziplist-value"], kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "64"),
        Directive(name: "list-max-listpack-size", aliases: ["list-max-ziplist-size"], kind: .integer(min: Int(Int32.min), max: int32Max), defaultValue: "-2"),
        Directive(name: "list-compress-depth", kind: .integer(min: 0, max: int32Max), defaultValue: "0"),
        Directive(name: "set-max-intset-entries", kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "512"),
        Directive(name: "zset-max-listpack-entries", aliases: ["zset-max-ziplist-entries"], kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "128"),
        Directive(name: "zset-max-listpack-value", aliases: ["zset-max-ziplist-value"], kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "64"),
        Directive(name: "activerehashing", kind: .boolean, defaultValue: "yes"),
        Directive(name: "lazyfree-lazy-eviction", kind: .boolean, defaultValue: "no"),
        Directive(name: "lazyfree-lazy-expire", kind: .boolean, defaultValue: "no"),
        Directive(name: "lazyfree-lazy-server-del", kind: .boolean, defaultValue: "no"),
        Directive(name: "lazyfree-lazy-user-del", kind: .boolean, defaultValue: "no"),
        Directive(name: "lazyfree-lazy-user-flush", kind: .boolean, defaultValue: "no"),
        Directive(name: "io-threads", kind: .integer(min: 1, max: 128), defaultValue: "1", mutability: .immutable),
        Directive(name: "slowlog-log-slower-than", kind: .integer(min: -1, max: Int(Int64.max)), defaultValue: "10000"),
        Directive(name: "slowlog-max-len", kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "128"),
        // Cluster (Raft)
        Directive(name: "cluster-node-id", kind: .integer(min: 0, max: int32Max), defaultValue: "0", mutability: .immutable),
        Directive(name: "cluster-peers", kind: .words, defaultValue: "", mutability: .immutable),
        Directive(name: "cluster-peer-port", kind: .integer(min: 0, max: 65535), defaultValue: "0", mutability: .immutable),
        Directive(name: "cluster-secret", kind: .string, defaultValue: "", mutability: .immutable),
        Directive(name: "follower-proxy", kind: .boolean, defaultValue: "yes"),
        Directive(name: "read-consistency", kind: .enumeration(["linearizable", "lease", "stale"]), defaultValue: "linearizable"),
        Directive(name: "cluster-write-timeout", kind: .integer(min: 1, max: int32Max), defaultValue: "5000"),
        Directive(name: "cluster-tick-ms", kind: .integer(min: 1, max: 10000), defaultValue: "100", mutability: .immutable),
        Directive(name: "cluster-election-ticks", kind: .integer(min: 2, max: 10000), defaultValue: "10", mutability: .immutable),
        Directive(name: "snapshot-threshold-entries", kind: .integer(min: 1, max: Int(Int64.max)), defaultValue: "100000"),
        Directive(name: "snapshot-threshold-bytes", kind: .memory(min: 1024, max: Int(Int64.max)), defaultValue: "67108864"),
        Directive(name: "wal-segment-size", kind: .memory(min: 1024 * 1024, max: Int(Int64.max)), defaultValue: "67108864", mutability: .immutable),
        Directive(name: "latency-monitor-threshold", kind: .integer(min: 0, max: Int(Int64.max)), defaultValue: "0"),
    ]

    /// Directives by lowercase name, aliases included.
    static let byName: [String: Directive] = {
        var table: [String: Directive] = [:]
        for directive in all {
            table[directive.name] = directive
            for alias in directive.aliases { table[alias] = directive }
        }
        return table
    }()
}
