import SystemCalls

/// What the loop calls when a registered descriptor is ready.
public protocol IOHandler: AnyObject {
    /// `events` holds what is ready (readable, writable, hang-up).
    func handle(_ events: IOEvents)
}

/// A single-threaded epoll reactor in the spirit of Redis's `ae.c`.
///
/// One thread owns the loop and everything registered with it (sessions, the
/// keyspace, Raft). Each turn: wait for readiness (no longer than the next timer),
/// call the handlers, run due timers, then the `beforeSleep` hooks — where the
/// server writes the replies the turn produced, so many replies leave in one write.
/// Other threads reach the loop only through `waker` (an eventfd).
public final class EventLoop {
    private let epoll: Epoll
    /// Handlers indexed by descriptor number: descriptors are small integers.
    private var handlers: [IOHandler?] = []
    private var timers: [Timer] = []
    private var nextTimerID: UInt64 = 1
    private var running = false
    /// Hooks run after every turn, before waiting again (Redis's `beforeSleep`).
    public var beforeSleep: [() -> Void] = []
    /// Signalled by other threads to wake the loop; its handler is `onWake`.
    public let waker: EventFD
    /// Called on the loop thread after another thread signalled `waker`.
    public var onWake: () -> Void = {}
    private var wakeHandler: WakeHandler?

    /// Monotonic time of the current turn, read once per turn.
    public private(set) var nowMs: Int64 = Clock.monotonicMs()

    public init() throws(SystemError) {
        epoll = try Epoll()
        waker = try EventFD()
        let handler = WakeHandler()
        wakeHandler = handler
        try register(waker.descriptor, .readable, handler)
        handler.loop = self
    }

    deinit {
        epoll.descriptor.close()
        waker.descriptor.close()
    }

    // MARK: - Descriptors

    public func register(_ fd: FileDescriptor, _ events: IOEvents, _ handler: IOHandler) throws(SystemError) {
        let index = Int(fd.rawValue)
        if index >= handlers.count { handlers.append(contentsOf: repeatElement(nil, count: index + 1 - handlers.count)) }
        try epoll.add(fd, events)
        handlers[index] = handler
    }

    public func modify(_ fd: FileDescriptor, _ events: IOEvents) throws(SystemError) {
        try epoll.modify(fd, events)
    }

    /// Stops watching `fd` (call before closing it).
    public func unregister(_ fd: FileDescriptor) {
        epoll.remove(fd)
        let index = Int(fd.rawValue)
        if index < handlers.count { handlers[index] = nil }
    }

    // MARK: - Timers

    /// Runs `body` after `delayMs`, then every `repeatMs` if given. Returns an id for `cancelTimer`.
    @discardableResult
    public func addTimer(afterMs delayMs: Int64, repeatMs: Int64? = nil, _ body: @escaping () -> Void) -> UInt64 {
        let id = nextTimerID
        nextTimerID += 1
        timers.append(Timer(id: id, deadlineMs: Clock.monotonicMs() + delayMs, repeatMs: repeatMs, body: body))
        return id
    }

    public func cancelTimer(_ id: UInt64) {
        timers.removeAll { $0.id == id }
    }

    // MARK: - Running

    /// Runs turns until `stop()` is called.
    public func run() throws(SystemError) {
        running = true
        let capacity = 256
        var descriptors = [Int32](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        while running {
            let ready = try descriptors.withUnsafeMutableBufferPointer { (fds) throws(SystemError) -> Int in
                try events.withUnsafeMutableBufferPointer { (evs) throws(SystemError) -> Int in
                    try epoll.wait(descriptors: fds, events: evs, timeoutMs: waitTimeoutMs())
                }
            }
            nowMs = Clock.monotonicMs()
            for i in 0..<ready {
                let index = Int(descriptors[i])
                guard index < handlers.count, let handler = handlers[index] else { continue }
                handler.handle(IOEvents(rawValue: events[i]))
            }
            runDueTimers()
            for hook in beforeSleep { hook() }
        }
    }

    /// Makes `run()` return after the current turn.
    public func stop() {
        running = false
    }

    private func waitTimeoutMs() -> Int32 {
        guard let next = timers.min(by: { $0.deadlineMs < $1.deadlineMs }) else { return 1000 }
        return Int32(clamping: max(0, next.deadlineMs - Clock.monotonicMs()))
    }

    private func runDueTimers() {
        var index = 0
        while index < timers.count {
            let timer = timers[index]
            if timer.deadlineMs > nowMs {
                index += 1
                continue
            }
            if let repeatMs = timer.repeatMs {
                timers[index].deadlineMs = nowMs + repeatMs
                index += 1
            } else {
                timers.remove(at: index)
            }
            timer.body()
        }
    }

    private struct Timer {
        var id: UInt64
        var deadlineMs: Int64
        var repeatMs: Int64?
        var body: () -> Void
    }

    private final class WakeHandler: IOHandler {
        /// The loop owns this handler. Not `weak`, which would give the loop a side table
        /// and slow down every retain of it.
        unowned(unsafe) var loop: EventLoop?
        func handle(_ events: IOEvents) {
            guard let loop else { return }
            loop.waker.drain()
            loop.onWake()
        }
    }
}
