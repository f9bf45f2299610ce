/// Redis's protected mode (`protected-mode yes`, the default).
///
/// While the default user has no password, a connection whose peer is not on the
/// loopback interface gets `denial` and is closed before any command runs. Redis 7.0
/// applies this whatever `bind` says (checked against redis-server 7.0: bound to a
/// single non-loopback address, it still denies), so Skiff does too.
enum ProtectedMode {
    /// Redis 7.0's reply, byte for byte (its typos included: "Setup a an").
    static let denial = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"

    /// Whether a connection from `peerAddress` (`ip:port`, as CLIENT LIST prints it)
    /// must be denied.
    static func denies(peerAddress: String, enabled: Bool, passwordSet: Bool) -> Bool {
        enabled && !passwordSet && !isLoopback(peerAddress)
    }

    /// Redis's `connIsLocal`: an IPv4 address in 127.0.0.0/8 or IPv6 `::1`. (IPv6
    /// listeners are IPV6_V6ONLY, so IPv4-mapped peers never reach here.)
    static func isLoopback(_ peerAddress: String) -> Bool {
        guard let colon = peerAddress.lastIndex(of: ":") else { return false }
        let ip = peerAddress[..<colon]
        return ip.hasPrefix("127.") || ip == "::1"
    }
}
