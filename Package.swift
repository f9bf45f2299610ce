// swift-tools-version:6.0
// Skiff: a Redis-protocol cache whose keyspace is replicated with Raft.
// No package dependencies, by design (see README): only the toolchain and a C shim of our own.
import PackageDescription

// The hot path (parse → dispatch → keyspace → reply, and the cluster glue every write goes
// through: propose, persist, apply) is built without Swift's dynamic
// exclusivity checks in release builds: they cost a thread-local lookup per access to a
// class's stored property. Preconditions and overflow traps stay on everywhere, and the
// Raft core keeps every check (debug builds and tests check exclusivity too).
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Skiff",
    products: [
        .executable(name: "skiff-server", targets: ["skiff-server"]),
        .executable(name: "skiff-sim", targets: ["skiff-sim"]),
    ],
    targets: [
        // Linux headers Glibc's module map does not expose (epoll, eventfd, timerfd, signalfd).
        .target(name: "CLinux"),
        .target(name: "SystemCalls", dependencies: ["CLinux"]),
        .target(name: "EventLoop", dependencies: ["SystemCalls"], swiftSettings: fast),
        // Pure cores: no Glibc, no Foundation, time and randomness are parameters.
        .target(name: "RESP", swiftSettings: fast),
        .target(name: "Keyspace", swiftSettings: fast),
        .target(name: "Commands", dependencies: ["Keyspace", "RESP"], swiftSettings: fast),
        .target(name: "Raft"),
        .target(name: "RaftStorage", dependencies: ["Raft", "SystemCalls"]),
        .target(name: "Simulation", dependencies: ["Raft", "Commands", "Keyspace", "RESP"]),
        .target(name: "Cluster", dependencies: ["Raft", "RaftStorage", "Commands", "Keyspace", "RESP", "EventLoop", "SystemCalls"],
                swiftSettings: fast),
        .target(name: "SkiffServer", dependencies: ["Cluster", "CLinux", "Commands", "Keyspace", "RESP", "EventLoop", "SystemCalls"], swiftSettings: fast),
        .executableTarget(name: "skiff-server", dependencies: ["SkiffServer"]),
        .executableTarget(name: "skiff-sim", dependencies: ["Simulation"]),

        .testTarget(name: "RESPTests", dependencies: ["RESP"]),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop", "SystemCalls"]),
        .testTarget(name: "KeyspaceTests", dependencies: ["Keyspace"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "Keyspace", "RESP"]),
        .testTarget(name: "RaftTests", dependencies: ["Raft"]),
        .testTarget(name: "RaftStorageTests", dependencies: ["RaftStorage", "Raft"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Raft"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "Raft", "Commands", "Keyspace", "RESP", "EventLoop"]),
        .testTarget(name: "SkiffServerTests", dependencies: ["SkiffServer", "RESP"]),
    ]
)
