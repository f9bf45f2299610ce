import Keyspace
import RESP

extension StringCommands {
    /// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: Redis 7.0's
    /// dynamic-programming table and its backward walk, so ranges come out in the same
    /// order (from the end of the strings) and with the same tie-breaking.
    @Sendable static func lcs(_ context: inout CommandContext) {
        let db = context.db
        let first = db.lookupRead(context.arguments[1], nowMs: context.nowMs)
        let second = db.lookupRead(context.arguments[2], nowMs: context.nowMs)
        var a: [UInt8] = []
        var b: [UInt8] = []
        for (handle, isFirst) in [(first, true), (second, false)] {
            guard let handle else { continue }
            guard case .string(let string) = db.value(handle) else {
                return context.reply.error("ERR The specified keys must contain string values")
            }
            if isFirst { a = string.bytes.array } else { b = string.bytes.array }
        }
        var wantIndexes = false, wantLength = false, withMatchLength = false
        var minimumMatch: Int64 = 0
        var index = 3
        while index < context.arguments.count {
            let more = index + 1 < context.arguments.count
            if context.argument(index, is: "idx") {
                wantIndexes = true
            } else if context.argument(index, is: "len") {
                wantLength = true
            } else if context.argument(index, is: "withmatchlen") {
                withMatchLength = true
            } else if context.argument(index, is: "minmatchlen") && more {
                guard let value = context.integerArgument(index + 1) else { return }
                minimumMatch = max(0, value)
                index += 1
            } else {
                return context.replySyntaxError()
            }
            index += 1
        }
        if wantIndexes && wantLength {
            return context.reply.error("ERR If you want both the length and indexes, please just use IDX.")
        }
        let cells = (a.count + 1) * (b.count + 1)
        if cells.multipliedReportingOverflow(by: 4).overflow || cells * 4 > context.keyspace.maxStringLength {
            return context.reply.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
        }
        let table = lcsTable(a, b)
        let width = b.count + 1
        let total = Int(table[a.count * width + b.count])
        if wantLength && !wantIndexes { return context.reply.integer(total) }

        var result = [UInt8](repeating: 0, count: total)
        var ranges: [(aStart: Int, aEnd: Int, bStart: Int, bEnd: Int)] = []
        var remaining = total
        var i = a.count, j = b.count
        var aStart = -1, aEnd = 0, bStart = 0, bEnd = 0  // aStart == -1: no open range
        while i > 0 && j > 0 {
            var emit = false
            if a[i - 1] == b[j - 1] {
                result[remaining - 1] = a[i - 1]
                if aStart == -1 {
                    (aStart, aEnd, bStart, bEnd) = (i - 1, i - 1, j - 1, j - 1)
                } else if aStart == i && bStart == j {
                    aStart -= 1
                    bStart -= 1
                } else {
                    emit = true
                }
                if aStart == 0 || bStart == 0 { emit = true }
                remaining -= 1
                i -= 1
                j -= 1
            } else {
                if table[(i - 1) * width + j] > table[i * width + j - 1] { i -= 1 } else { j -= 1 }
                if aStart != -1 { emit = true }
            }
            if emit {
                if minimumMatch == 0 || Int64(aEnd - aStart + 1) >= minimumMatch {
                    ranges.append((aStart, aEnd, bStart, bEnd))
                }
                aStart = -1
            }
        }
        guard wantIndexes else { return context.reply.bulk(result) }
        context.reply.mapHeader(2)
        context.reply.bulk(static: "matches")
        context.reply.arrayHeader(ranges.count)
        for range in ranges {
            context.reply.arrayHeader(withMatchLength ? 3 : 2)
            context.reply.arrayHeader(2)
            context.reply.integer(range.aStart)
            context.reply.integer(range.aEnd)
            context.reply.arrayHeader(2)
            context.reply.integer(range.bStart)
            context.reply.integer(range.bEnd)
            if withMatchLength { context.reply.integer(range.aEnd - range.aStart + 1) }
        }
        context.reply.bulk(static: "len")
        context.reply.integer(total)
    }

    /// LCS[i][j] = length of the LCS of a[..<i] and b[..<j], row-major with width b.count+1.
    static func lcsTable(_ a: [UInt8], _ b: [UInt8]) -> [UInt32] {
        let width = b.count + 1
        var table = [UInt32](repeating: 0, count: (a.count + 1) * width)
        for i in 1..<(a.count + 1) where !b.isEmpty {
            for j in 1...b.count {
                if a[i - 1] == b[j - 1] {
                    table[i * width + j] = table[(i - 1) * width + j - 1] + 1
                } else {
                    table[i * width + j] = max(table[(i - 1) * width + j], table[i * width + j - 1])
                }
            }
        }
        return table
    }
}
