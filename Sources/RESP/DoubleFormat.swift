/// Formats numbers the way Redis 7.0 prints them.
///
/// PLACEHOLDER: the commands engineer replaces this file with an exact
/// `%.17g` (and `%.17Lf`-then-trimmed, for INCRBYFLOAT) formatter in pure Swift.
public enum DoubleFormat {
    /// `value` as C's `printf("%.17g")` prints it; `inf`/`-inf` for infinities.
    public static func redisDouble(_ value: Double) -> [UInt8] {
        if value.isInfinite { return Array((value > 0 ? "inf" : "-inf").utf8) }
        return Array(value.description.utf8)
    }
}
