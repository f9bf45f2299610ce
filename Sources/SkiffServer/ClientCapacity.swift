import Glibc
import SystemCalls

/// How many clients the process's open-files limit lets `maxclients` promise.
///
/// Redis raises `ulimit -n` to `maxclients` + 32 at start and, when the kernel refuses,
/// lowers `maxclients` to fit and says so; Skiff does the same, with the same texts, so
/// that a node does not accept clients it would later fail on with EMFILE, and so that
/// `CONFIG GET maxclients` answers as Redis's would under the same limit.
enum ClientCapacity {
    /// Descriptors kept for everything but clients (Redis's `CONFIG_MIN_RESERVED_FDS`):
    /// listeners, epoll, eventfds and timers, the WAL and snapshot files, the log, and
    /// the peer connections of a cluster of up to about ten nodes.
    static let reservedDescriptors = 32

    enum Fit: Equatable {
        /// `maxclients` can be held (the limit was raised if it had to be).
        case fits
        /// Only this many clients fit.
        case reduced(to: Int)
        /// Not even the reserved descriptors fit: the server cannot start.
        case impossible(limit: Int)
    }

    /// Raises the open-files limit for `maxclients` clients, logging as Redis does.
    static func fit(maxclients: Int, logger: Logger) -> Fit {
        let wanted = maxclients + reservedDescriptors
        let outcome = OpenFilesLimit.raise(toAtLeast: wanted)
        if outcome.limit >= wanted {
            if outcome.limit > outcome.original {
                logger.notice("Increased maximum number of open files to \(wanted) (it was originally set to \(outcome.original)).")
            }
            return .fits
        }
        guard outcome.limit > reservedDescriptors else {
            logger.warning("Your current 'ulimit -n' of \(outcome.original) is not enough for the server to start. "
                + "Please increase your open file limit to at least \(wanted). Exiting.")
            return .impossible(limit: outcome.limit)
        }
        let reduced = outcome.limit - reservedDescriptors
        logger.warning("You requested maxclients of \(maxclients) requiring at least \(wanted) max file descriptors.")
        logger.warning("Server can't set maximum open files to \(wanted) because of OS error: "
            + "\(String(cString: strerror(outcome.error))).")
        logger.warning("Current maximum open files is \(outcome.limit). maxclients has been reduced to \(reduced) "
            + "to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.")
        return .reduced(to: reduced)
    }
}
