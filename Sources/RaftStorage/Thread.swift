import Glibc
import SystemCalls

/// A plain pthread running `body` once: the WAL writer and the snapshot writer each own
/// one. No Foundation `Thread`, no Dispatch pool thread that a blocking `fdatasync`
/// would starve.
struct WorkerThread: @unchecked Sendable {
    // pthread_t is a plain integer on Linux; joining is the only thing done with it.
    private let handle: pthread_t

    private final class Start {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread. `body` is `sending`: the thread becomes its only owner.
    init(_ body: sending @escaping () -> Void) {
        let start = Unmanaged.passRetained(Start(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            start.body()
            return nil
        }, start)
        precondition(result == 0, "pthread_create failed: \(result)")
        handle = thread
    }

    /// Waits for the thread to finish.
    func join() {
        _ = pthread_join(handle, nil)
    }
}

/// Lowers the calling thread's scheduling priority to the lowest (nice 19): the snapshot
/// thread serializes and writes a whole keyspace, and on a busy machine every time slice it
/// takes is one the event loop waits for (measured: GETs stalled 100-300 ms behind it on
/// two saturated cores). At nice 19 it still runs whenever a core is free. Per thread on
/// Linux (`setpriority` on a thread id); a failure only leaves the priority as it was.
func lowerCurrentThreadPriority() {
    ThreadPriority.lowerCurrentThread()
}

/// Monotonic milliseconds, for the `everysec` deadline (never the wall clock, which jumps).
func monotonicMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
