/// The argument vector of one command (`argv` in Redis), stored flat.
///
/// All arguments live in one byte array and `ends` marks where each stops, so a
/// connection can reuse one `Arguments` for every command it parses: once the
/// capacity has grown to the largest command seen, parsing allocates nothing.
/// The same flat form is what a write carries into the Raft log.
public struct Arguments: Sendable, Equatable {
    /// Every argument's bytes, back to back.
    public private(set) var bytes: [UInt8]
    /// `ends[i]` is the offset in `bytes` just past argument `i`.
    public private(set) var ends: [Int]

    public init() {
        bytes = []
        ends = []
    }

    /// Builds an argument vector from separate byte arrays (tests, internal commands).
    public init(_ arguments: [[UInt8]]) {
        self.init()
        for argument in arguments { append(argument) }
    }

    /// Builds an argument vector from strings, encoded as UTF-8.
    public init(strings: [String]) {
        self.init(strings.map { Array($0.utf8) })
    }

    /// Rebuilds an argument vector from its flat parts (the log's encoding).
    public init(bytes: [UInt8], ends: [Int]) {
        precondition(ends.last ?? 0 <= bytes.count, "argument bounds past the bytes")
        self.bytes = bytes
        self.ends = ends
    }

    /// The number of arguments, the command name included.
    @inlinable public var count: Int { ends.count }

    @inlinable public var isEmpty: Bool { ends.isEmpty }

    /// Argument `index` as a slice of the shared storage (no copy).
    @inlinable public subscript(index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<ends[index]]
    }

    /// The byte length of argument `index`.
    @inlinable public func length(of index: Int) -> Int {
        ends[index] - (index == 0 ? 0 : ends[index - 1])
    }

    /// Argument `index` as an owned array (for storing as a key or value).
    @inlinable public func array(_ index: Int) -> [UInt8] {
        Array(self[index])
    }

    /// Argument `index` decoded as UTF-8 (for error messages and names; lossy).
    public func string(_ index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    public mutating func append<C: Collection>(_ argument: C) where C.Element == UInt8 {
        bytes.append(contentsOf: argument)
        ends.append(bytes.count)
    }

    /// Appends an argument by copying `count` bytes from `buffer` at `offset`.
    public mutating func append(from buffer: UnsafeRawBufferPointer, offset: Int, count: Int) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)]))
        ends.append(bytes.count)
    }

    /// Replaces argument `index` (used where Redis rewrites argv, e.g. relative to absolute TTLs).
    public mutating func replace<C: Collection>(_ index: Int, with argument: C) where C.Element == UInt8 {
        var rebuilt = Arguments()
        for i in 0..<count {
            if i == index { rebuilt.append(argument) } else { rebuilt.append(self[i]) }
        }
        self = rebuilt
    }

    /// Forgets every argument but keeps the storage for the next command.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Whether argument `index` equals `word` ignoring ASCII case (`word` must be lowercase).
    @inlinable public func matches(_ index: Int, _ word: StaticString) -> Bool {
        let argument = self[index]
        guard argument.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in
            var i = 0
            for byte in argument {
                if ASCII.lowercased(byte) != expected[i] { return false }
                i += 1
            }
            return true
        }
    }
}

/// ASCII helpers shared by the parser and command lookup.
public enum ASCII {
    @inlinable public static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }
}
