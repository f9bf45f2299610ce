import Glibc

/// The process's open-files limit (`RLIMIT_NOFILE`), which bounds how many clients a
/// server can hold.
public enum OpenFilesLimit {
    /// What `raise(toAtLeast:)` achieved.
    public struct Outcome: Equatable, Sendable {
        /// The soft limit now in force.
        public var limit: Int
        /// The soft limit before the call.
        public var original: Int
        /// Why the wanted limit could not be set (an errno), or 0.
        public var error: Int32
    }

    /// Raises the limit to `wanted` descriptors if it is lower, as Redis's
    /// `adjustOpenFilesLimit` does: it sets soft and hard limit together, and when the
    /// kernel refuses (no CAP_SYS_RESOURCE above the hard limit) it tries 16 fewer at a
    /// time, never going below the limit it started with. Doing it Redis's way means the
    /// same `ulimit -n` gives the same `maxclients` under both servers.
    public static func raise(toAtLeast wanted: Int) -> Outcome {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            // Redis assumes 1024 when it cannot even read the limit.
            return Outcome(limit: 1024, original: 1024, error: errno)
        }
        let original = limit.rlim_cur == rlim_t.max ? Int.max : Int(limit.rlim_cur)
        guard original < wanted else { return Outcome(limit: original, original: original, error: 0) }
        var best = wanted
        var failure: Int32 = 0
        while best > original {
            limit.rlim_cur = rlim_t(best)
            limit.rlim_max = rlim_t(best)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
                return Outcome(limit: best, original: original, error: failure)
            }
            failure = errno
            best -= 16
        }
        return Outcome(limit: original, original: original, error: failure)
    }
}
