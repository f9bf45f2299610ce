import Glibc
import SystemCalls

/// Starts a server from `redis-server`-style arguments and runs it until shutdown.
public enum Launch {
    /// Returns the process exit status.
    public static func main(arguments: [String]) -> Int32 {
        if arguments.contains("--version") || arguments.contains("-v") {
            print("Skiff server v=\(SkiffVersion.skiff) redis-compatible=\(SkiffVersion.redisCompatible)")
            return 0
        }
        if arguments.contains("--help") || arguments.contains("-h") {
            print("Usage: skiff-server [/path/to/skiff.conf] [--directive value ...]\n"
                + "Example: skiff-server --port 7777 --bind 127.0.0.1 --dir /var/lib/skiff")
            return 0
        }
        var config = ServerConfig()
        do {
            let (text, file) = try ConfigLoader.text(fromArguments: arguments, fileText: readFile)
            config.configFile = file
            try ConfigLoader.apply(text, to: &config)
        } catch let failure as ConfigLoader.Failure {
            FileDescriptor.standardError.writeText(failure.report + "\n")
            return 1
        } catch {
            FileDescriptor.standardError.writeText("Fatal error, can't open config file: \(error)\n")
            return 1
        }
        let logger: Logger
        do {
            logger = try Logger(level: LogLevel(name: config["loglevel"]) ?? .notice, path: config["logfile"])
        } catch {
            FileDescriptor.standardError.writeText("Can't open the log file: \(error)\n")
            return 1
        }
        let directory = config["dir"]
        if !directory.isEmpty && chdir(directory) != 0 {
            logger.warning("Can't chdir to '\(directory)': \(String(cString: strerror(errno)))")
            return 1
        }
        logger.notice("oO0OoO0OoO0Oo Skiff is starting oO0OoO0OoO0Oo")
        logger.notice("Skiff version=\(SkiffVersion.skiff), redis-compatible=\(SkiffVersion.redisCompatible), pid=\(getpid()), just started")
        switch ClientCapacity.fit(maxclients: config.integer("maxclients"), logger: logger) {
        case .fits: break
        case .reduced(let count): _ = config.set("maxclients", [String(count)])
        case .impossible: return 1
        }
        do {
            let server = try Server(config: config, logger: logger)
            try server.loadUsers()
            try server.start()
            try server.startCluster()
            writePidFile(config["pidfile"], logger)
            logger.notice("Running mode=standalone, port=\(config["port"]).")
            logger.notice("Ready to accept connections tcp")
            SystemdNotifier.send("READY=1\nSTATUS=Ready to accept connections")
            try server.run()
            server.closeStorage()
        } catch {
            logger.warning("Fatal: \(error)")
            return 1
        }
        if !config["pidfile"].isEmpty { unlink(config["pidfile"]) }
        return 0
    }

    private struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    private static func readFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 { throw ReadError(description: "\(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            content.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: content, as: UTF8.self)
    }

    private static func writePidFile(_ path: String, _ logger: Logger) {
        guard !path.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            logger.warning("Failed to write PID file: \(String(cString: strerror(errno)))")
            return
        }
        FileDescriptor(rawValue: fd).writeText("\(getpid())\n")
        Glibc.close(fd)
    }
}

extension FileDescriptor {
    func writeText(_ text: String) {
        try? writeAll(Array(text.utf8))
    }
}
