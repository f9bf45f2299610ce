// The two ends of a peer link: the dialer (`OutboundPeer`), which reconnects with capped
// exponential back-off and writes queued frames in batches, and the acceptor
// (`InboundPeer`), which checks the handshake and then decodes frames incrementally.

import EventLoop
import Raft
import SystemCalls

/// The connection this node dials to one peer, used to send to it.
final class OutboundPeer: IOHandler {
    enum State {
        /// Not connected; dial again at `retryAtMs`.
        case idle(retryAtMs: Int64)
        /// Non-blocking connect in progress.
        case connecting(FileDescriptor)
        /// `hello` sent; waiting for `challenge` or `welcome`.
        case handshaking(FileDescriptor)
        /// Frames flow.
        case ready(FileDescriptor)
        /// Removed or stopped.
        case closed
    }

    let address: PeerAddress
    unowned let transport: PeerTransport
    var state: State = .idle(retryAtMs: 0)
    /// Bytes on their way to the socket, `wireOffset` of them already written.
    var wire: [UInt8] = []
    var wireOffset = 0
    /// Frames queued before the handshake completed.
    var pending: [UInt8] = []
    var failedAttempts = 0
    var wantsWritable = false
    var input = InputBuffer(initialCapacity: 256)
    var wasConnected = false

    init(address: PeerAddress, transport: PeerTransport) {
        self.address = address
        self.transport = transport
    }

    var isReady: Bool {
        if case .ready = state { return true }
        return false
    }

    var descriptor: FileDescriptor? {
        switch state {
        case .connecting(let fd), .handshaking(let fd), .ready(let fd): return fd
        case .idle, .closed: return nil
        }
    }

    /// Queues a frame; false if the queue is full (the frame is dropped).
    func enqueue(_ frame: PeerFrame) -> Bool {
        let limit = transport.configuration.maxQueueBytesPerPeer
        if isReady {
            guard wire.count - wireOffset < limit else { return false }
            frame.encode(into: &wire)
        } else {
            // While a connection is being set up, keep what is sent (the first votes of a
            // starting cluster); while the link is down, drop: Raft re-sends what matters
            // and stale heartbeats would only burst out on reconnect.
            switch state {
            case .connecting, .handshaking: break
            case .idle, .closed, .ready: return false
            }
            guard pending.count < limit else { return false }
            frame.encode(into: &pending)
        }
        return true
    }

    func tick(nowMs: Int64) {
        if case .idle(let retryAtMs) = state, nowMs >= retryAtMs { dial() }
    }

    private func dial() {
        do {
            let fd = try Socket.connect(host: address.host, port: address.port)
            Socket.setNoDelay(fd)
            state = .connecting(fd)
            wantsWritable = true
            try transport.loop.register(fd, [.writable, .readable], self)
        } catch {
            if let fd = descriptor { fd.close() }
            scheduleRetry(reason: "\(error)")
        }
    }

    func handle(_ events: IOEvents) {
        switch state {
        case .connecting(let fd):
            let error = Socket.pendingError(fd)
            guard error == 0 else { return close(reason: "connect: \(SystemError(error, "connect"))", retry: true) }
            state = .handshaking(fd)
            wire.removeAll(keepingCapacity: true)
            wireOffset = 0
            PeerFrame.hello(nodeID: transport.configuration.nodeID, clusterID: transport.configuration.clusterID)
                .encode(into: &wire)
            flush()
        case .handshaking, .ready:
            if events.contains(.readable) || events.contains(.hangUp) { readHandshake() }
            if events.contains(.writable) { flush() }
        case .idle, .closed:
            break
        }
    }

    /// Reads the acceptor's handshake frames. After `welcome` the acceptor never writes, so
    /// anything readable then is end of file or a protocol error: either way, reconnect.
    private func readHandshake() {
        guard let fd = descriptor else { return }
        while true {
            let count: Int?
            do {
                count = try input.read(from: fd, minimumSpace: 256)
            } catch {
                return close(reason: "\(error)", retry: true)
            }
            guard let count else { break }
            if count == 0 { return close(reason: "closed by peer", retry: true) }
        }
        let decoder = PeerFrameDecoder(maxFrameBytes: 1024)
        while true {
            var offset = input.readOffset
            let result = input.withReceivedBytes { decoder.decode($0, offset: &offset) }
            input.readOffset = offset
            switch result {
            case .needMoreData:
                return
            case .error(let error):
                return close(reason: "protocol error: \(error)", retry: true)
            case .frame(.challenge(let nonce)) where !isReady:
                guard let secret = transport.configuration.secret else {
                    return close(reason: "peer asks for a cluster-secret this node does not have", retry: true)
                }
                let proof = PeerAuthentication.proof(secret: secret, nonce: nonce, nodeID: transport.configuration.nodeID)
                PeerFrame.authResponse(proof: proof).encode(into: &wire)
            case .frame(.welcome) where !isReady:
                becomeReady()
            case .frame(let frame):
                return close(reason: "unexpected \(frame.typeCode) frame", retry: true)
            }
        }
    }

    private func becomeReady() {
        guard case .handshaking(let fd) = state else { return }
        state = .ready(fd)
        failedAttempts = 0
        wasConnected = true
        transport.log("peer \(address.id) (\(address.host):\(address.port)): connected")
        wire.append(contentsOf: pending)
        pending.removeAll(keepingCapacity: false)
        flush()
    }

    /// Writes as much of the queue as the socket takes; waits for writability if not all.
    func flush() {
        guard let fd = descriptor, wireOffset < wire.count else { return }
        if case .connecting = state { return }
        let result = wire.withUnsafeBytes { raw -> Result<Int, SystemError> in
            do throws(SystemError) {
                return .success(try fd.write(UnsafeRawBufferPointer(rebasing: raw[wireOffset...])))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let written):
            wireOffset += written
        case .failure(let error) where error.wouldBlock:
            break
        case .failure(let error):
            return close(reason: "\(error)", retry: true)
        }
        if wireOffset == wire.count {
            wire.removeAll(keepingCapacity: wire.capacity <= 1 << 20)
            wireOffset = 0
        } else if wireOffset > 1 << 20 {
            wire.removeFirst(wireOffset)
            wireOffset = 0
        }
        let needsWritable = wireOffset < wire.count
        if needsWritable != wantsWritable {
            wantsWritable = needsWritable
            try? transport.loop.modify(fd, needsWritable ? [.readable, .writable] : .readable)
        }
    }

    /// Drops the connection and everything queued (stale Raft messages are worthless after a
    /// reconnect; forwarded writes are re-sent by the cluster node).
    func close(reason: String?, retry: Bool) {
        if let fd = descriptor {
            transport.loop.unregister(fd)
            fd.close()
        }
        wire.removeAll(keepingCapacity: false)
        wireOffset = 0
        pending.removeAll(keepingCapacity: false)
        input = InputBuffer(initialCapacity: 256)
        wantsWritable = false
        if retry {
            scheduleRetry(reason: reason ?? "closed")
        } else {
            state = .closed
        }
    }

    private func scheduleRetry(reason: String) {
        failedAttempts += 1
        let configuration = transport.configuration
        let exponent = min(failedAttempts - 1, 20)
        let delayMs = min(configuration.reconnectMaxMs, configuration.reconnectMinMs << Int64(exponent))
        // Jitter keeps a restarted cluster from dialing in lockstep.
        let jitterMs = Int64.random(in: 0...max(1, delayMs / 4))
        if wasConnected || failedAttempts == 1 {
            transport.log("peer \(address.id) (\(address.host):\(address.port)): \(reason); retrying in \(delayMs) ms")
        }
        wasConnected = false
        state = .idle(retryAtMs: Clock.monotonicMs() + delayMs + jitterMs)
    }
}

/// A connection another node dialed to this one: it receives that node's frames.
final class InboundPeer: IOHandler {
    enum Stage {
        case awaitingHello
        case awaitingProof(peer: NodeID, nonce: [UInt8])
        case ready(peer: NodeID)
    }

    let fd: FileDescriptor
    unowned let transport: PeerTransport
    let startedMs: Int64
    var stage: Stage = .awaitingHello
    var input = InputBuffer(initialCapacity: 64 * 1024)
    /// Small frames only until the handshake is done, so an unauthenticated peer cannot
    /// make this node buffer a large frame; the configured limit afterwards.
    var decoder = PeerFrameDecoder(maxFrameBytes: InboundPeer.handshakeFrameBytesMax)
    var isClosed = false
    static let handshakeFrameBytesMax = 256

    init(fd: FileDescriptor, transport: PeerTransport, startedMs: Int64) {
        self.fd = fd
        self.transport = transport
        self.startedMs = startedMs
    }

    func handshakeExpired(nowMs: Int64) -> Bool {
        if case .ready = stage { return false }
        return nowMs - startedMs > transport.configuration.handshakeTimeoutMs
    }

    func handle(_ events: IOEvents) {
        // Read what is there, then decode; level-triggered epoll calls again if more remains.
        let count: Int?
        do {
            count = try input.read(from: fd)
        } catch {
            return closeLost(reason: "\(error)")
        }
        if count == 0 { return closeLost(reason: nil) }
        while !isClosed {
            var offset = input.readOffset
            let result = input.withReceivedBytes { decoder.decode($0, offset: &offset) }
            input.readOffset = offset
            switch result {
            case .needMoreData:
                input.shrinkIfIdle()
                return
            case .error(let error):
                transport.statistics.connectionsRejected += 1
                return close(reason: "protocol error: \(error)")
            case .frame(let frame):
                receive(frame)
            }
        }
    }

    private func receive(_ frame: PeerFrame) {
        let configuration = transport.configuration
        switch (stage, frame) {
        case (.awaitingHello, .hello(let peer, let clusterID)):
            guard clusterID == configuration.clusterID else {
                return reject("cluster id \(clusterID) differs from ours (\(configuration.clusterID))")
            }
            guard peer != 0, peer != configuration.nodeID else { return reject("invalid node id \(peer)") }
            if configuration.secret != nil {
                var nonce = [UInt8](repeating: 0, count: PeerFrameLimits.nonceBytes)
                var generator = SystemRandomNumberGenerator()
                for i in nonce.indices { nonce[i] = generator.next() }
                stage = .awaitingProof(peer: peer, nonce: nonce)
                reply(.challenge(nonce: nonce))
            } else {
                stage = .ready(peer: peer)
                decoder.maxFrameBytes = configuration.maxFrameBytes
                reply(.welcome)
            }
        case (.awaitingProof(let peer, let nonce), .authResponse(let proof)):
            guard let secret = configuration.secret,
                  PeerAuthentication.verify(proof: proof, secret: secret, nonce: nonce, nodeID: peer) else {
                return reject("node \(peer) failed the cluster-secret challenge")
            }
            stage = .ready(peer: peer)
            decoder.maxFrameBytes = configuration.maxFrameBytes
            reply(.welcome)
        case (.ready(let peer), .raft(let message)):
            guard message.from == peer, message.to == configuration.nodeID else {
                return reject("node \(peer) sent a message from \(message.from) to \(message.to)")
            }
            transport.deliver(frame, from: peer)
        case (.ready(let peer), .forwardRequest(let request)):
            guard request.origin == peer else { return reject("node \(peer) forwarded for node \(request.origin)") }
            transport.deliver(frame, from: peer)
        case (.ready(let peer), .forwardAck), (.ready(let peer), .forwardError):
            transport.deliver(frame, from: peer)
        case (.awaitingHello, _), (.awaitingProof, _):
            reject("\(frame.typeCode) frame before the handshake completed")
        case (.ready(let peer), _):
            reject("node \(peer) sent an unexpected \(frame.typeCode) frame")
        }
    }

    /// Handshake frames are tiny and the socket's buffer is empty, so one write suffices; a
    /// short write means the peer is not reading and the connection is dropped.
    private func reply(_ frame: PeerFrame) {
        let bytes = frame.encoded
        let written = try? bytes.withUnsafeBytes { raw throws(SystemError) in try fd.write(raw) }
        if written != bytes.count { close(reason: "could not write the handshake") }
    }

    private func reject(_ reason: String) {
        transport.statistics.connectionsRejected += 1
        close(reason: reason)
    }

    /// The peer ended the connection: close, and tell the node whose link it was.
    private func closeLost(reason: String?) {
        close(reason: reason)
        if case .ready(let peer) = stage { transport.onPeerLost(peer) }
    }

    func close(reason: String?) {
        guard !isClosed else { return }
        isClosed = true
        if let reason { transport.log("peer connection from \(Socket.peerAddress(fd)): \(reason); closing") }
        transport.loop.unregister(fd)
        fd.close()
        transport.inbound.removeValue(forKey: fd.rawValue)
    }
}
