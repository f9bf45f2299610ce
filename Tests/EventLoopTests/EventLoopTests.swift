import Glibc
import Testing
import EventLoop
import SystemCalls

/// Reads whatever a socket holds and records it; closes on EOF.
private final class Recorder: IOHandler {
    let descriptor: FileDescriptor
    var received: [UInt8] = []
    var closed = false
    let loop: EventLoop

    init(_ descriptor: FileDescriptor, _ loop: EventLoop) {
        self.descriptor = descriptor
        self.loop = loop
    }

    func handle(_ events: IOEvents) {
        var input = InputBuffer(initialCapacity: 4)
        while let count = try? input.read(from: descriptor, minimumSpace: 4), count > 0 {}
        input.withReceivedBytes { received += $0 }
        if events.contains(.hangUp) {
            closed = true
            loop.unregister(descriptor)
        }
    }
}

@Test func timersFireInOrderAndRepeat() throws {
    let loop = try EventLoop()
    var fired: [String] = []
    loop.addTimer(afterMs: 20) { fired.append("late") }
    loop.addTimer(afterMs: 1) { fired.append("early") }
    var repeats = 0
    loop.addTimer(afterMs: 1, repeatMs: 1) {
        repeats += 1
        if repeats == 5 { loop.stop() }
    }
    try loop.run()
    #expect(fired.first == "early")
    #expect(repeats == 5)
}

@Test func wakerRunsOnWakeFromAnotherThread() throws {
    let loop = try EventLoop()
    var woken = 0
    loop.onWake = {
        woken += 1
        loop.stop()
    }
    let waker = loop.waker
    var thread = pthread_t()
    let box = Unmanaged.passRetained(WakerBox(waker))
    pthread_create(&thread, nil, { raw in
        let box = Unmanaged<WakerBox>.fromOpaque(raw!).takeRetainedValue()
        usleep(10_000)
        box.waker.signal()
        return nil
    }, box.toOpaque())
    try loop.run()
    pthread_join(thread, nil)
    #expect(woken == 1)
}

private final class WakerBox: @unchecked Sendable {
    let waker: EventFD
    init(_ waker: EventFD) { self.waker = waker }
}

@Test func loopbackBytesArriveThroughTheReactor() throws {
    let loop = try EventLoop()
    let listener = try Socket.listen(host: "127.0.0.1", port: 0)
    defer { listener.close() }
    let port = Socket.localAddress(listener).split(separator: ":").last.flatMap { Int($0) }!
    let outgoing = try Socket.connect(host: "127.0.0.1", port: port)
    defer { outgoing.close() }
    var incoming: FileDescriptor?
    for _ in 0..<100 where incoming == nil {
        incoming = try Socket.accept(listener)
        if incoming == nil { usleep(1000) }
    }
    let server = try #require(incoming)
    let recorder = Recorder(server, loop)
    try loop.register(server, .readable, recorder)
    try outgoing.writeAll(Array("hello, loop".utf8))
    loop.addTimer(afterMs: 1, repeatMs: 1) {
        if recorder.received.count >= 11 { loop.stop() }
    }
    loop.addTimer(afterMs: 5000) { loop.stop() }
    try loop.run()
    #expect(String(decoding: recorder.received, as: UTF8.self) == "hello, loop")
    server.close()
}
