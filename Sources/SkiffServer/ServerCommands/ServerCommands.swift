import Glibc
import RESP
import SystemCalls

/// TIME, SHUTDOWN, DEBUG.
extension Server {
    func time(_ client: Client) {
        let nowUs = Clock.wallUs()
        client.output.arrayHeader(2)
        client.output.bulk(decimal: Int(nowUs / 1_000_000))
        client.output.bulk(decimal: Int(nowUs % 1_000_000))
    }

    /// `SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]`. Skiff has nothing to save on
    /// shutdown (the log is already durable), so the options only need checking.
    func shutdownCommand(_ client: Client) {
        let arguments = client.arguments
        var abort = false
        for index in 1..<arguments.count {
            if arguments.matches(index, "nosave") || arguments.matches(index, "save")
                || arguments.matches(index, "now") || arguments.matches(index, "force")
            {
                continue
            } else if arguments.matches(index, "abort") {
                abort = true
            } else {
                client.output.error("ERR syntax error")
                return
            }
        }
        if abort {
            client.output.error("ERR No shutdown in progress.")
            return
        }
        shutdown(reason: "User requested shutdown")
    }

    /// `DEBUG SLEEP seconds` only, and only when `enable-debug-command` allows it.
    func debug(_ client: Client) {
        let mode = config["enable-debug-command"]
        let local = ProtectedMode.isLoopback(client.address)
        guard mode == "yes" || (mode == "local" && local) else {
            client.output.error("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.")
            return
        }
        let arguments = client.arguments
        if arguments.matches(1, "sleep") && arguments.count == 3 {
            // Like Redis's atof: a malformed number sleeps 0 seconds.
            let seconds = Double(arguments.string(2)) ?? 0
            if seconds > 0 { usleep(useconds_t(min(seconds, 3600) * 1_000_000)) }
            client.output.ok()
        } else if arguments.matches(1, "help") {
            help(client, ["SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed."])
        } else {
            client.output.error("ERR unknown subcommand or wrong number of arguments for '\(arguments.string(1))'. Try DEBUG HELP.")
        }
    }
}
