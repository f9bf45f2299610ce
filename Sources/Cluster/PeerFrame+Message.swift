// Raft messages on the wire: `[u64 from][u64 to][u64 term][u8 kind][fields]`. Every
// `Message.Kind` has a code; integers are little-endian, booleans one byte (0 or 1).

#if canImport(Raft)
import Raft
#endif

extension Message.Kind {
    /// Wire codes of the message kinds.
    enum Code: UInt8 {
        case append = 1, appendResponse, heartbeat, heartbeatResponse, vote, voteResponse, preVote
        case preVoteResponse, installSnapshot, snapshotResponse, timeoutNow, readIndex, readIndexResponse
    }
}

/// Largest snapshot offset accepted (snapshots are far smaller; bounds arithmetic).
let maxSnapshotOffset = 1 << 48

extension ByteWriter {
    mutating func entry(_ entry: Entry) {
        u64(entry.term)
        u64(entry.index)
        u8(entry.kind.rawValue)
        blob(entry.data)
    }

    mutating func message(_ message: Message) {
        u64(message.from)
        u64(message.to)
        u64(message.term)
        switch message.kind {
        case .append(let prevIndex, let prevTerm, let entries, let commit):
            u8(Message.Kind.Code.append.rawValue)
            u64(prevIndex)
            u64(prevTerm)
            u64(commit)
            u32(UInt32(entries.count))
            for item in entries { entry(item) }
        case .appendResponse(let response):
            u8(Message.Kind.Code.appendResponse.rawValue)
            u64(response.index)
            bool(response.reject)
            u64(response.hintIndex)
            u64(response.hintTerm)
        case .heartbeat(let commit, let round):
            u8(Message.Kind.Code.heartbeat.rawValue)
            u64(commit)
            u64(round)
        case .heartbeatResponse(let round):
            u8(Message.Kind.Code.heartbeatResponse.rawValue)
            u64(round)
        case .vote(let lastIndex, let lastTerm, let transfer):
            u8(Message.Kind.Code.vote.rawValue)
            u64(lastIndex)
            u64(lastTerm)
            bool(transfer)
        case .voteResponse(let reject):
            u8(Message.Kind.Code.voteResponse.rawValue)
            bool(reject)
        case .preVote(let lastIndex, let lastTerm):
            u8(Message.Kind.Code.preVote.rawValue)
            u64(lastIndex)
            u64(lastTerm)
        case .preVoteResponse(let reject):
            u8(Message.Kind.Code.preVoteResponse.rawValue)
            bool(reject)
        case .installSnapshot(let metadata, let offset, let chunk, let done):
            u8(Message.Kind.Code.installSnapshot.rawValue)
            u64(metadata.index)
            u64(metadata.term)
            blob(metadata.configuration.encoded())
            u64(UInt64(offset))
            blob(chunk)
            bool(done)
        case .snapshotResponse(let index, let nextOffset):
            u8(Message.Kind.Code.snapshotResponse.rawValue)
            u64(index)
            u64(UInt64(nextOffset))
        case .timeoutNow:
            u8(Message.Kind.Code.timeoutNow.rawValue)
        case .readIndex(let context):
            u8(Message.Kind.Code.readIndex.rawValue)
            u64(context)
        case .readIndexResponse(let context, let index):
            u8(Message.Kind.Code.readIndexResponse.rawValue)
            u64(context)
            u64(index)
        }
    }
}

extension ByteReader {
    mutating func entry() throws(PeerDecodingError) -> Entry {
        let term = try u64("entry term")
        let index = try u64("entry index")
        let code = try u8("entry kind")
        guard let kind = EntryKind(rawValue: code) else { throw .unknownType(what: "entry", value: code) }
        return Entry(term: term, index: index, kind: kind, data: try blob("entry data"))
    }

    mutating func message() throws(PeerDecodingError) -> Message {
        let from = try u64("message from")
        let to = try u64("message to")
        let term = try u64("message term")
        let code = try u8("message kind")
        guard let kind = Message.Kind.Code(rawValue: code) else { throw .unknownType(what: "message", value: code) }
        return Message(from: from, to: to, term: term, kind: try messageKind(kind))
    }

    private mutating func messageKind(_ code: Message.Kind.Code) throws(PeerDecodingError) -> Message.Kind {
        switch code {
        case .append:
            let prevIndex = try u64("prev index")
            let prevTerm = try u64("prev term")
            let commit = try u64("commit")
            // An entry takes at least 21 bytes (term, index, kind, data length).
            let count = try count("entry count", minimumElementBytes: 21)
            var entries: [Entry] = []
            entries.reserveCapacity(count)
            for _ in 0..<count { entries.append(try entry()) }
            return .append(prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commit: commit)
        case .appendResponse:
            let index = try u64("index")
            let reject = try bool("reject")
            let response = AppendResponse(index: index, reject: reject, hintIndex: try u64("hint index"),
                                          hintTerm: try u64("hint term"))
            return .appendResponse(response)
        case .heartbeat:
            return .heartbeat(commit: try u64("commit"), round: try u64("round"))
        case .heartbeatResponse:
            return .heartbeatResponse(round: try u64("round"))
        case .vote:
            return .vote(lastIndex: try u64("last index"), lastTerm: try u64("last term"), transfer: try bool("transfer"))
        case .voteResponse:
            return .voteResponse(reject: try bool("reject"))
        case .preVote:
            return .preVote(lastIndex: try u64("last index"), lastTerm: try u64("last term"))
        case .preVoteResponse:
            return .preVoteResponse(reject: try bool("reject"))
        case .installSnapshot:
            let index = try u64("snapshot index")
            let term = try u64("snapshot term")
            guard let configuration = Configuration(encoded: try blob("snapshot configuration")) else {
                throw .invalidField(what: "snapshot configuration")
            }
            let offset = try int("snapshot offset", limit: maxSnapshotOffset)
            let chunk = try blob("snapshot chunk")
            let done = try bool("snapshot done")
            let metadata = SnapshotMetadata(index: index, term: term, configuration: configuration)
            return .installSnapshot(metadata: metadata, offset: offset, chunk: chunk, done: done)
        case .snapshotResponse:
            return .snapshotResponse(index: try u64("snapshot index"),
                                     nextOffset: try int("next offset", limit: maxSnapshotOffset))
        case .timeoutNow:
            return .timeoutNow
        case .readIndex:
            return .readIndex(context: try u64("context"))
        case .readIndexResponse:
            return .readIndexResponse(context: try u64("context"), index: try u64("index"))
        }
    }
}
