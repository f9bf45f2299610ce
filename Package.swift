// swift-tools-version:6.0
// Skiff: a Redis-protocol cache whose keyspace is replicated with Raft.
// No package dependencies, by design (see README): only the toolchain and a C shim of our own.
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

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
        .target(name: "EventLoop", dependencies: ["SystemCalls"]),
        // Pure cores: no Glibc, no Foundation, time and randomness are parameters.
        .target(name: "RESP", swiftSettings: strict),
        .target(name: "Keyspace", swiftSettings: strict),
        .target(name: "Commands", dependencies: ["Keyspace", "RESP"], swiftSettings: strict),
        .target(name: "Raft", swiftSettings: strict),
        .target(name: "RaftStorage", dependencies: ["Raft", "SystemCalls"]),
        .target(name: "Simulation", dependencies: ["Raft", "Commands", "Keyspace", "RESP"]),
        .target(name: "Cluster", dependencies: ["Raft", "RaftStorage", "Commands", "Keyspace", "RESP", "EventLoop", "SystemCalls"]),
        .target(name: "SkiffServer", dependencies: ["Cluster", "CLinux", "Commands", "Keyspace", "RESP", "EventLoop", "SystemCalls"]),
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
