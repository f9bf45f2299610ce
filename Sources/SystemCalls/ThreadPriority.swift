import CLinux

/// Scheduling priority of the calling thread.
public enum ThreadPriority {
    /// Lowers the calling thread, and only it, to nice 19 (Linux's per-thread
    /// `setpriority`). Returns false if the kernel refused; the priority is then unchanged.
    @discardableResult
    public static func lowerCurrentThread() -> Bool {
        skiff_lower_thread_priority() == 0
    }
}
