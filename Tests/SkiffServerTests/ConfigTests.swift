import Glibc
import Testing
@testable import SkiffServer

/// The repository's `conf/skiff.conf`, found from this file's path.
private func shippedConfig() -> String {
    let path = String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")
    let file = "/" + path + "/conf/skiff.conf"
    let fd = open(file, O_RDONLY)
    precondition(fd >= 0, "cannot open \(file)")
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while case let count = read(fd, &chunk, chunk.count), count > 0 { bytes += chunk[0..<count] }
    return String(decoding: bytes, as: UTF8.self)
}

@Test func shippedConfigFileLoadsAndEqualsTheDefaults() throws {
    var config = ServerConfig()
    try ConfigLoader.apply(shippedConfig(), to: &config)
    #expect(config.values == ServerConfig().values)
}

@Test func shippedConfigFileDocumentsEveryDirective() {
    let text = shippedConfig()
    let documented = Set(text.split(separator: "\n").compactMap { line -> String? in
        guard !line.hasPrefix("#"), let name = line.split(separator: " ").first else { return nil }
        return String(name)
    })
    for directive in DirectiveTable.all {
        #expect(documented.contains(directive.name), "conf/skiff.conf lacks \(directive.name)")
    }
}

@Test func userLinesAreKeptInOrder() throws {
    var config = ServerConfig()
    try ConfigLoader.apply("user alice on >pw ~k* +get\nuser bob off\n", to: &config)
    #expect(config.users == [["alice", "on", ">pw", "~k*", "+get"], ["bob", "off"]])
    #expect(throws: ConfigLoader.Failure.self) { try ConfigLoader.apply("user\n", to: &config) }
}

@Test func argumentsOverrideLikeRedisServer() throws {
    let (text, file) = try ConfigLoader.text(fromArguments: ["--port", "7000", "--bind", "127.0.0.1", "-::1"]) { _ in "" }
    #expect(file == "")
    var config = ServerConfig()
    try ConfigLoader.apply(text, to: &config)
    #expect(config["port"] == "7000")
    #expect(config["bind"] == "127.0.0.1 -::1")
}

@Test func badValuesReportRedisStyleErrors() {
    var config = ServerConfig()
    do {
        try ConfigLoader.apply("\nport \"99999\"", to: &config)
        Issue.record("port 99999 was accepted")
    } catch {
        #expect(error.lineNumber == 2)
        #expect(error.message == "argument must be between 0 and 65535 inclusive")
        #expect(error.report.contains(">>> 'port \"99999\"'"))
    }
    #expect(throws: ConfigLoader.Failure.self) { try ConfigLoader.apply("foo bar", to: &config) }
    #expect(throws: ConfigLoader.Failure.self) { try ConfigLoader.apply("appendonly maybe", to: &config) }
}

@Test func memoryUnitsFollowRedis() {
    #expect(Directive.parseMemory("1k") == 1000)
    #expect(Directive.parseMemory("1kb") == 1024)
    #expect(Directive.parseMemory("2MB") == 2 * 1024 * 1024)
    #expect(Directive.parseMemory("1g") == 1_000_000_000)
    #expect(Directive.parseMemory("1gb") == 1 << 30)
    #expect(Directive.parseMemory("10x") == nil)
    #expect(Directive.parseMemory("12") == 12)
}
