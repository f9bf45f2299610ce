import Keyspace
import RESP

extension ReplyWriter {
    /// A bulk string copied straight from stored bytes (one memcpy, no array made on the
    /// way: GET, HGETALL, SMEMBERS, ZRANGE answer from here).
    @inlinable public mutating func bulk(_ value: StoredBytes) {
        value.withUnsafeBytes { bulk($0) }
    }
}
