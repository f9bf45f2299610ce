import Keyspace

/// One configuration directive: its name, how its value is checked and shown, and
/// whether CONFIG SET may change it at run time.
///
/// Values are kept in their canonical text (what CONFIG GET prints: memory in
/// bytes, booleans as yes/no); typed accessors on `ServerConfig` read them.
struct Directive: Sendable {
    enum Kind: Sendable {
        case integer(min: Int, max: Int)
        /// Bytes, with Redis's `k kb m mb g gb` suffixes.
        case memory(min: Int, max: Int)
        case boolean
        case enumeration([String])
        case string
        /// Free-form text kept as given (several words: `bind`, `save`, `cluster-peers`).
        case words
        /// `notify-keyspace-events` letters, kept as Redis prints them back.
        case keyspaceEvents
    }

    enum Mutability: Sendable {
        case mutable
        /// Set only at start-up: "can't set immutable config".
        case immutable
        /// Like Redis's PROTECTED_CONFIG (`dir`): "can't set protected config".
        case protected
    }

    var name: String
    var aliases: [String] = []
    var kind: Kind
    var defaultValue: String
    var mutability: Mutability = .mutable

    /// Checks `arguments` and returns the canonical text, or Redis's error text.
    func canonical(_ arguments: [String]) -> Result<String, DirectiveError> {
        switch kind {
        case .words:
            return .success(arguments.joined(separator: " "))
        default:
            guard arguments.count == 1 else { return .failure(.wrongArguments) }
        }
        let text = arguments[0]
        switch kind {
        case .integer(let min, let max):
            guard let value = Int(text) else {
                return .failure(.invalid("argument couldn't be parsed into an integer"))
            }
            guard value >= min && value <= max else {
                return .failure(.invalid("argument must be between \(min) and \(max) inclusive"))
            }
            return .success(String(value))
        case .memory(let min, let max):
            guard let value = Self.parseMemory(text), value >= 0 else {
                return .failure(.invalid("argument must be a memory value"))
            }
            guard value >= min && value <= max else {
                return .failure(.invalid("argument must be between \(min) and \(max) inclusive"))
            }
            return .success(String(value))
        case .boolean:
            switch text.lowercased() {
            case "yes": return .success("yes")
            case "no": return .success("no")
            default: return .failure(.invalid("argument must be 'yes' or 'no'"))
            }
        case .enumeration(let choices):
            guard let choice = choices.first(where: { $0 == text.lowercased() }) else {
                return .failure(.invalid("argument(s) must be one of the following: \(choices.joined(separator: ", "))"))
            }
            return .success(choice)
        case .string, .words:
            return .success(text)
        case .keyspaceEvents:
            guard let classes = NotifyClasses(letters: text) else {
                return .failure(.invalid("Invalid event class character. Use 'Ag$lshzxeKEtmdn'."))
            }
            return .success(classes.letters)
        }
    }

    /// Redis's `memtoull`: a number with an optional unit, case-insensitive:
    /// `k`=1000, `kb`=1024, `m`=10^6, `mb`=1024², `g`=10^9, `gb`=1024³.
    static func parseMemory(_ text: String) -> Int? {
        let lower = text.lowercased()
        let units: [(String, Int)] = [
            ("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024 * 1024 * 1024),
            ("k", 1000), ("m", 1_000_000), ("g", 1_000_000_000), ("b", 1),
        ]
        for (suffix, multiplier) in units where lower.hasSuffix(suffix) {
            guard let number = Int(lower.dropLast(suffix.count)) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : product
        }
        return Int(lower)
    }
}

enum DirectiveError: Error, Equatable {
    case wrongArguments
    case invalid(String)
}
