import Keyspace
import RESP

/// PUBLISH and SPUBLISH (Redis's pubsub.c, the part that is applied like a write).
///
/// In a cluster they are proposed to the log like writes, so each node delivers to its own
/// subscribers as it applies the entry and every subscriber anywhere sees one order. The
/// reply is the number of receivers on the node that answers (the one holding the
/// publishing client), counted when it applies the entry: no node knows the others'.
public enum PubSubCommands {
    /// `PUBLISH channel message`
    @Sendable static func publish(_ context: inout CommandContext) {
        let count = context.keyspace.notifier.publish(
            channel: context.arguments[1], message: context.arguments[2], sharded: false)
        context.reply.integer(count)
    }

    /// `SPUBLISH shardchannel message`: one shard holds every slot, so it is PUBLISH on
    /// the shard channels.
    @Sendable static func spublish(_ context: inout CommandContext) {
        let count = context.keyspace.notifier.publish(
            channel: context.arguments[1], message: context.arguments[2], sharded: true)
        context.reply.integer(count)
    }
}
