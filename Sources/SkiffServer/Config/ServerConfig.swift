import RESP

/// The server's configuration: every directive's canonical value, by name.
///
/// Built from defaults, then the config file, then `--directive value` flags, as
/// `redis-server` does; CONFIG SET changes it at run time and notifies the server.
struct ServerConfig: Sendable {
    private(set) var values: [String: String]
    /// The config file the server was started with ("" if none), for INFO and CONFIG REWRITE.
    var configFile = ""
    /// `user <name> <rules...>` lines of the config file, in order (name first).
    var users: [[String]] = []

    init() {
        values = [:]
        for directive in DirectiveTable.all { values[directive.name] = directive.defaultValue }
    }

    subscript(name: String) -> String {
        values[name] ?? ""
    }

    func integer(_ name: String) -> Int {
        Int(self[name]) ?? 0
    }

    func flag(_ name: String) -> Bool {
        self[name] == "yes"
    }

    /// Sets one directive from its arguments, returning Redis's error text on failure.
    mutating func set(_ name: String, _ arguments: [String]) -> Result<Directive, DirectiveError> {
        guard let directive = DirectiveTable.byName[name.lowercased()] else { return .failure(.wrongArguments) }
        switch directive.canonical(arguments) {
        case .success(let value):
            values[directive.name] = value
            return .success(directive)
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Puts back `other`'s value of directive `name` (canonical name).
    mutating func restore(_ name: String, from other: ServerConfig) {
        values[name] = other[name]
    }
}

/// Reads configuration text the way Redis's `loadServerConfigFromString` does.
enum ConfigLoader {
    struct Failure: Error {
        var lineNumber: Int
        var line: String
        var message: String

        /// The report Redis prints before exiting on a bad configuration.
        var report: String {
            """

            *** FATAL CONFIG FILE ERROR (Skiff \(SkiffVersion.skiff)) ***
            Reading the configuration file, at line \(lineNumber)
            >>> '\(line)'
            \(message)
            """
        }
    }

    /// Turns `redis-server`-style arguments into configuration text: an optional
    /// file path first, then `--name value...` pairs, each becoming one line.
    static func text(fromArguments arguments: [String], fileText: (String) throws -> String) throws -> (text: String, file: String) {
        var remaining = arguments[...]
        var text = ""
        var file = ""
        if let first = remaining.first, !first.hasPrefix("--") {
            file = first
            text = try fileText(first)
            remaining = remaining.dropFirst()
        }
        var line: [String] = []
        for argument in remaining {
            if argument.hasPrefix("--") && !argument.dropFirst(2).isEmpty && Int(argument) == nil {
                if !line.isEmpty { text += "\n" + line.joined(separator: " ") }
                line = [String(argument.dropFirst(2))]
            } else {
                // Quote values as Redis does, so spaces inside one survive the split.
                line.append(quoted(argument))
            }
        }
        if !line.isEmpty { text += "\n" + line.joined(separator: " ") }
        return (text, file)
    }

    /// Applies every line of `text` to `config`, stopping at the first bad one.
    static func apply(_ text: String, to config: inout ServerConfig) throws(Failure) {
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let words = splitWords(line), let name = words.first else {
                throw Failure(lineNumber: lineNumber, line: line, message: "Unbalanced quotes in configuration line")
            }
            if name.lowercased() == "user" {
                guard words.count >= 2 else {
                    throw Failure(lineNumber: lineNumber, line: line, message: "Bad directive or wrong number of arguments")
                }
                config.users.append(Array(words.dropFirst()))
                continue
            }
            if name.lowercased() == "include" || name.lowercased() == "rename-command" {
                continue  // accepted for compatibility; Skiff has no includes or renames yet
            }
            switch config.set(name, Array(words.dropFirst())) {
            case .success:
                continue
            case .failure(.wrongArguments):
                throw Failure(lineNumber: lineNumber, line: line, message: "Bad directive or wrong number of arguments")
            case .failure(.invalid(let message)):
                throw Failure(lineNumber: lineNumber, line: line, message: message)
            }
        }
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for character in value {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// Splits a line like Redis's `sdssplitargs`.
    static func splitWords(_ line: String) -> [String]? {
        var arguments = Arguments()
        let ok = Array(line.utf8).withUnsafeBytes { InlineSplitter.split($0, into: &arguments) }
        guard ok else { return nil }
        return (0..<arguments.count).map { arguments.string($0) }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
