// Peer links on the event loop (DESIGN §6, §8).
//
// Every node dials every other node and uses that connection only to send; it receives on
// the connections the others dialed to it. One-way links keep each side simple: the
// dialer owns reconnection, back-off and the outgoing queue; the acceptor owns the
// handshake check and the incoming frame decoder. Nothing here blocks the loop: writes are
// non-blocking and batched (every frame queued during a turn leaves in one write from the
// `beforeSleep` hook), and a full queue drops frames — Raft tolerates lost messages and the
// cluster node re-sends forwarded writes that got no answer.

import EventLoop
import Raft
import SystemCalls

/// Where a peer listens for peer traffic.
public struct PeerAddress: Sendable, Equatable {
    /// The peer's node id.
    public var id: NodeID
    /// Host name or IP address.
    public var host: String
    /// Peer port (client port + 10000 by default).
    public var port: Int

    /// Creates a peer address.
    public init(id: NodeID, host: String, port: Int) {
        self.id = id
        self.host = host
        self.port = port
    }
}

/// Tunables of the peer transport; every limit is named with its unit.
public struct PeerTransportConfiguration: Sendable {
    /// This node's id, sent in `hello`.
    public var nodeID: NodeID
    /// Connections from another cluster are refused.
    public var clusterID: UInt64
    /// Address the peer port binds to.
    public var listenHost: String
    /// The peer port.
    public var listenPort: Int
    /// When set, dialers must prove knowledge of it before any other frame is read.
    public var secret: [UInt8]?
    /// Largest frame accepted from a peer.
    public var maxFrameBytes: Int
    /// Bytes queued for one peer beyond which frames are dropped.
    public var maxQueueBytesPerPeer: Int
    /// First reconnection delay; doubles per failed attempt up to `reconnectMaxMs`.
    public var reconnectMinMs: Int64
    /// Cap of the reconnection back-off.
    public var reconnectMaxMs: Int64
    /// An accepted connection that has not completed the handshake by then is closed.
    public var handshakeTimeoutMs: Int64

    /// Creates a configuration with defaults suited to a LAN.
    public init(nodeID: NodeID, clusterID: UInt64, listenHost: String = "0.0.0.0", listenPort: Int,
                secret: [UInt8]? = nil, maxFrameBytes: Int = PeerFrameLimits.defaultMaxFrameBytes,
                maxQueueBytesPerPeer: Int = 64 << 20, reconnectMinMs: Int64 = 50, reconnectMaxMs: Int64 = 2000,
                handshakeTimeoutMs: Int64 = 5000) {
        self.nodeID = nodeID
        self.clusterID = clusterID
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.secret = secret
        self.maxFrameBytes = maxFrameBytes
        self.maxQueueBytesPerPeer = maxQueueBytesPerPeer
        self.reconnectMinMs = reconnectMinMs
        self.reconnectMaxMs = reconnectMaxMs
        self.handshakeTimeoutMs = handshakeTimeoutMs
    }
}

/// Counters for INFO and tests.
public struct PeerTransportStatistics: Sendable, Equatable {
    /// Frames dropped because a peer's queue was full or the link was down too long.
    public var framesDropped: UInt64 = 0
    /// Frames handed to sockets.
    public var framesQueued: UInt64 = 0
    /// Frames received and delivered.
    public var framesReceived: UInt64 = 0
    /// Connections closed for a protocol or authentication failure.
    public var connectionsRejected: UInt64 = 0
}

/// The peer links of one node, owned by the loop thread.
public final class PeerTransport {
    /// Settings.
    public let configuration: PeerTransportConfiguration
    let loop: EventLoop
    let log: (String) -> Void
    /// Called on the loop for every frame a peer sent after its handshake.
    let onFrame: (NodeID, PeerFrame) -> Void
    /// Called on the loop when an authenticated peer's connection to this node ends from
    /// its side (end of file or reset): usually the peer process died.
    var onPeerLost: (NodeID) -> Void = { _ in }
    var outbound: [NodeID: OutboundPeer] = [:]
    var inbound: [Int32: InboundPeer] = [:]
    private var listener: FileDescriptor?
    private var listenerHandler: ListenerHandler?
    private var housekeepingTimer: UInt64?
    /// Counters.
    public internal(set) var statistics = PeerTransportStatistics()
    /// Fault injection for tests (FoundationDB style): drop every frame sent or received,
    /// as a network partition would, while connections stay up.
    public var isIsolated = false

    /// Creates a transport; `start()` opens the port and dials the peers.
    public init(configuration: PeerTransportConfiguration, peers: [PeerAddress], loop: EventLoop,
                log: @escaping (String) -> Void, onFrame: @escaping (NodeID, PeerFrame) -> Void) {
        self.configuration = configuration
        self.loop = loop
        self.log = log
        self.onFrame = onFrame
        for peer in peers where peer.id != configuration.nodeID {
            outbound[peer.id] = OutboundPeer(address: peer, transport: self)
        }
    }

    /// Listens on the peer port and starts dialing every peer.
    public func start() throws(SystemError) {
        let fd = try Socket.listen(host: configuration.listenHost, port: configuration.listenPort)
        listener = fd
        let handler = ListenerHandler(transport: self)
        listenerHandler = handler
        try loop.register(fd, .readable, handler)
        loop.beforeSleep.append { [weak self] in self?.flush() }
        housekeepingTimer = loop.addTimer(afterMs: 0, repeatMs: 25) { [weak self] in self?.housekeeping() }
    }

    /// Closes the port and every connection.
    public func stop() {
        if let timer = housekeepingTimer { loop.cancelTimer(timer) }
        housekeepingTimer = nil
        if let fd = listener {
            loop.unregister(fd)
            fd.close()
        }
        listener = nil
        for peer in outbound.values { peer.close(reason: nil, retry: false) }
        for connection in Array(inbound.values) { connection.close(reason: nil) }
    }

    /// Adds or updates a peer (membership change); a new address reconnects.
    public func setPeer(_ address: PeerAddress) {
        guard address.id != configuration.nodeID else { return }
        if let existing = outbound[address.id] {
            guard existing.address != address else { return }
            existing.close(reason: nil, retry: false)
        }
        outbound[address.id] = OutboundPeer(address: address, transport: self)
    }

    /// Forgets a removed peer.
    public func removePeer(_ id: NodeID) {
        outbound.removeValue(forKey: id)?.close(reason: nil, retry: false)
    }

    /// Queues `frame` for `peer`; it leaves with the next flush. Never blocks: a frame that
    /// does not fit in the peer's queue, or is for an unknown peer, is dropped and counted.
    public func send(_ frame: PeerFrame, to peer: NodeID) {
        guard !isIsolated, let connection = outbound[peer] else {
            statistics.framesDropped += 1
            return
        }
        if connection.enqueue(frame) {
            statistics.framesQueued += 1
        } else {
            statistics.framesDropped += 1
        }
    }

    /// Whether the link to `peer` has completed its handshake.
    public func isConnected(to peer: NodeID) -> Bool {
        outbound[peer]?.isReady ?? false
    }

    /// Writes what every peer has queued (runs in `beforeSleep`, once per loop turn).
    public func flush() {
        for peer in outbound.values { peer.flush() }
    }

    func deliver(_ frame: PeerFrame, from peer: NodeID) {
        guard !isIsolated else { return }
        statistics.framesReceived += 1
        onFrame(peer, frame)
    }

    private func housekeeping() {
        let nowMs = Clock.monotonicMs()
        for peer in outbound.values { peer.tick(nowMs: nowMs) }
        for connection in Array(inbound.values) where connection.handshakeExpired(nowMs: nowMs) {
            connection.close(reason: "handshake not completed within \(configuration.handshakeTimeoutMs) ms")
        }
    }

    fileprivate func acceptAll() {
        guard let listener else { return }
        while true {
            let accepted: FileDescriptor?
            do {
                accepted = try Socket.accept(listener)
            } catch {
                log("peer port: \(error)")
                return
            }
            guard let fd = accepted else { return }
            Socket.setNoDelay(fd)
            let connection = InboundPeer(fd: fd, transport: self, startedMs: Clock.monotonicMs())
            do {
                try loop.register(fd, .readable, connection)
            } catch {
                log("peer port: \(error)")
                fd.close()
                continue
            }
            inbound[fd.rawValue] = connection
        }
    }

    private final class ListenerHandler: IOHandler {
        unowned let transport: PeerTransport
        init(transport: PeerTransport) { self.transport = transport }
        func handle(_ events: IOEvents) { transport.acceptAll() }
    }
}
