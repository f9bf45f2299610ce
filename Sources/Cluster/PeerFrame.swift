// The binary framing of the peer port (DESIGN §6).
//
//     [u32 length][u8 version = 1][u8 type][payload]
//
// `length` counts the bytes after itself (version, type and payload), little-endian like
// every other integer here. A connection is one-way for Raft traffic: the dialing node
// sends `hello`, the accepting node answers `challenge` (when a cluster secret is set) or
// `welcome`; after `authResponse` → `welcome` the dialer streams its frames and the
// acceptor never writes again. Replies travel over the other node's own dialed connection.

#if canImport(Raft)
import Raft
#endif
#if canImport(RESP)
import RESP
#endif

/// Named limits of the peer protocol (STYLE rule 7).
public enum PeerFrameLimits {
    /// The only protocol version this build speaks.
    public static let version: UInt8 = 1
    /// Bytes of the length prefix.
    public static let lengthBytes = 4
    /// Default largest frame accepted (version + type + payload). Raft batches entries into
    /// messages of `maxMessageBytes` (1 MiB) but always sends at least one entry, so this
    /// must exceed the largest single write (`proto-max-bulk-len` plus the argv framing).
    public static let defaultMaxFrameBytes = 64 << 20
    /// Bytes of an authentication nonce and of a proof.
    public static let nonceBytes = 16
}

/// A client write forwarded by a follower to the leader (DESIGN §6, follower-proxy).
public struct ForwardRequest: Sendable, Equatable {
    /// The node holding the waiting client; it applies the entry and writes the reply.
    public var origin: NodeID
    /// Unique per origin across restarts; the state machine applies each id at most once.
    public var requestID: UInt64
    /// The client's selected database.
    public var database: Int
    /// The command's argv.
    public var arguments: Arguments

    /// Creates a forwarded request.
    public init(origin: NodeID, requestID: UInt64, database: Int, arguments: Arguments) {
        self.origin = origin
        self.requestID = requestID
        self.database = database
        self.arguments = arguments
    }
}

/// One frame of the peer protocol.
public enum PeerFrame: Sendable {
    /// The dialer introduces itself; the acceptor closes on a cluster id mismatch.
    case hello(nodeID: NodeID, clusterID: UInt64)
    /// The acceptor asks the dialer to prove it knows the cluster secret.
    case challenge(nonce: [UInt8])
    /// `PeerAuthentication.proof` of the nonce.
    case authResponse(proof: [UInt8])
    /// The acceptor is ready for traffic.
    case welcome
    /// A Raft message.
    case raft(Message)
    /// A write forwarded from a follower to the leader.
    case forwardRequest(ForwardRequest)
    /// The leader appended the forwarded write at `index` (the reply comes from applying it).
    case forwardAck(requestID: UInt64, index: UInt64)
    /// The leader could not propose the write; `leaderHint` is whom it believes leads (0: none).
    case forwardError(requestID: UInt64, leaderHint: NodeID, message: String)

    /// Type bytes on the wire.
    enum TypeCode: UInt8 {
        case hello = 1, challenge, authResponse, welcome, raft, forwardRequest, forwardAck, forwardError
    }

    var typeCode: TypeCode {
        switch self {
        case .hello: return .hello
        case .challenge: return .challenge
        case .authResponse: return .authResponse
        case .welcome: return .welcome
        case .raft: return .raft
        case .forwardRequest: return .forwardRequest
        case .forwardAck: return .forwardAck
        case .forwardError: return .forwardError
        }
    }

    /// Appends the framed encoding to `bytes` (frames are batched into one buffer per peer).
    public func encode(into bytes: inout [UInt8]) {
        var writer = ByteWriter(bytes: bytes)
        bytes = []
        let start = writer.bytes.count
        writer.u32(0)
        writer.u8(PeerFrameLimits.version)
        writer.u8(typeCode.rawValue)
        switch self {
        case .hello(let nodeID, let clusterID):
            writer.u64(nodeID)
            writer.u64(clusterID)
        case .challenge(let nonce):
            writer.blob(nonce)
        case .authResponse(let proof):
            writer.blob(proof)
        case .welcome:
            break
        case .raft(let message):
            writer.message(message)
        case .forwardRequest(let request):
            writer.u64(request.origin)
            writer.u64(request.requestID)
            writer.u64(UInt64(request.database))
            writer.arguments(request.arguments)
        case .forwardAck(let requestID, let index):
            writer.u64(requestID)
            writer.u64(index)
        case .forwardError(let requestID, let leaderHint, let message):
            writer.u64(requestID)
            writer.u64(leaderHint)
            writer.blob(message.utf8)
        }
        writer.patchU32(UInt32(writer.bytes.count - start - PeerFrameLimits.lengthBytes), at: start)
        bytes = writer.bytes
    }

    /// The framed encoding alone.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }
}

/// The result of one decoding step.
public enum PeerDecodeResult: Sendable {
    /// A whole frame; the offset moved past it.
    case frame(PeerFrame)
    /// The buffer ends inside a frame; the offset did not move.
    case needMoreData
    /// The bytes break the protocol; the connection must be closed.
    case error(PeerDecodingError)
}

/// Resumable frame decoder: returns a frame, "need more data" or an error, never traps.
public struct PeerFrameDecoder: Sendable {
    /// Largest frame accepted; a longer declared length is an error before its bytes arrive.
    public var maxFrameBytes: Int

    /// Creates a decoder.
    public init(maxFrameBytes: Int = PeerFrameLimits.defaultMaxFrameBytes) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Decodes the frame starting at `offset` in `buffer`.
    public func decode(_ buffer: UnsafeRawBufferPointer, offset: inout Int) -> PeerDecodeResult {
        let available = buffer.count - offset
        guard available >= PeerFrameLimits.lengthBytes else { return .needMoreData }
        var length = 0
        for i in 0..<4 { length |= Int(buffer[offset + i]) << (8 * i) }
        guard length <= maxFrameBytes else { return .error(.frameTooLarge(declared: length, limit: maxFrameBytes)) }
        guard length >= 2 else { return .error(.frameTooShort(declared: length)) }
        if available >= 1 + PeerFrameLimits.lengthBytes && buffer[offset + 4] != PeerFrameLimits.version {
            return .error(.unsupportedVersion(buffer[offset + 4]))
        }
        guard available >= PeerFrameLimits.lengthBytes + length else { return .needMoreData }
        let end = offset + PeerFrameLimits.lengthBytes + length
        var reader = ByteReader(buffer, offset: offset + PeerFrameLimits.lengthBytes + 1, end: end)
        do throws(PeerDecodingError) {
            let frame = try Self.payload(&reader)
            try reader.expectEnd()
            offset = end
            return .frame(frame)
        } catch {
            return .error(error)
        }
    }

    /// Decodes exactly one frame from `bytes` (tests, tools).
    public func decode(_ bytes: [UInt8]) -> PeerDecodeResult {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            let result = decode(raw, offset: &offset)
            if case .frame = result, offset != raw.count { return .error(.trailingBytes(count: raw.count - offset)) }
            return result
        }
    }

    static func payload(_ reader: inout ByteReader) throws(PeerDecodingError) -> PeerFrame {
        let code = try reader.u8("frame")
        guard let type = PeerFrame.TypeCode(rawValue: code) else { throw .unknownType(what: "frame", value: code) }
        switch type {
        case .hello:
            return .hello(nodeID: try reader.u64("node id"), clusterID: try reader.u64("cluster id"))
        case .challenge:
            let nonce = try reader.blob("nonce")
            guard nonce.count == PeerFrameLimits.nonceBytes else { throw .invalidField(what: "nonce") }
            return .challenge(nonce: nonce)
        case .authResponse:
            let proof = try reader.blob("proof")
            guard proof.count == PeerFrameLimits.nonceBytes else { throw .invalidField(what: "proof") }
            return .authResponse(proof: proof)
        case .welcome:
            return .welcome
        case .raft:
            return .raft(try reader.message())
        case .forwardRequest:
            let origin = try reader.u64("origin")
            let requestID = try reader.u64("request id")
            let database = try reader.int("database", limit: Int(Int32.max))
            let arguments = try reader.arguments()
            return .forwardRequest(ForwardRequest(origin: origin, requestID: requestID, database: database,
                                                  arguments: arguments))
        case .forwardAck:
            return .forwardAck(requestID: try reader.u64("request id"), index: try reader.u64("index"))
        case .forwardError:
            let requestID = try reader.u64("request id")
            let hint = try reader.u64("leader hint")
            let message = try reader.blob("error message")
            return .forwardError(requestID: requestID, leaderHint: hint,
                                 message: String(decoding: message, as: UTF8.self))
        }
    }
}
