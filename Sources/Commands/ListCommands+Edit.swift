import Keyspace
import RESP

extension ListCommands {
    /// LSET key index element
    @Sendable static func lset(_ context: inout CommandContext) {
        guard let index = context.integerArgument(2) else { return }
        let (found, handle, ok) = writeList(&context, context.arguments[1])
        guard ok else { return }
        guard let list = found, let handle else { return context.reply.error(CommandError.noSuchKey) }
        let position = resolve(index, count: list.count)
        guard position >= 0 && position < list.count else { return context.reply.error("ERR index out of range") }
        list[Int(position)] = context.arguments.array(3)
        context.db.noteModified(handle)
        context.notify(.list, "lset", context.arguments[1])
        context.reply.ok()
    }

    /// LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot.
    @Sendable static func linsert(_ context: inout CommandContext) {
        let after: Bool
        if context.argument(2, is: "after") {
            after = true
        } else if context.argument(2, is: "before") {
            after = false
        } else {
            return context.replySyntaxError()
        }
        let (found, handle, ok) = writeList(&context, context.arguments[1])
        guard ok else { return }
        guard let list = found, let handle else { return context.reply.integer(0) }
        let pivot = context.arguments[3]
        guard let position = (0..<list.count).first(where: { list[$0].elementsEqual(pivot) }) else {
            return context.reply.integer(-1)
        }
        list.insert(context.arguments.array(4), at: after ? position + 1 : position)
        context.db.noteModified(handle)
        context.notify(.list, "linsert", context.arguments[1])
        context.reply.integer(list.count)
    }

    /// LREM key count element: count > 0 from the head, < 0 from the tail, 0 all.
    @Sendable static func lrem(_ context: inout CommandContext) {
        guard let count = context.integerArgument(2) else { return }
        let (found, handle, ok) = writeList(&context, context.arguments[1])
        guard ok else { return }
        guard let list = found, let handle else { return context.reply.integer(0) }
        let element = context.arguments[3]
        var elements = list.elements
        var removed = 0
        let limit = count == 0 ? Int.max : Int(clamping: count.magnitude)
        if count >= 0 {
            var index = 0
            while index < elements.count && removed < limit {
                if elements[index].elementsEqual(element) {
                    elements.remove(at: index)
                    removed += 1
                } else {
                    index += 1
                }
            }
        } else {
            var index = elements.count - 1
            while index >= 0 && removed < limit {
                if elements[index].elementsEqual(element) {
                    elements.remove(at: index)
                    removed += 1
                }
                index -= 1
            }
        }
        if removed > 0 {
            list.replaceAll(with: elements)
            finishChange(&context, list, handle, event: "lrem", key: context.arguments[1])
        }
        context.reply.integer(removed)
    }

    /// LTRIM key start stop: an empty range deletes the key.
    @Sendable static func ltrim(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let stop = context.integerArgument(3) else { return }
        let (found, handle, ok) = writeList(&context, context.arguments[1])
        guard ok else { return }
        guard let list = found, let handle else { return context.reply.ok() }
        if let range = clampRange(start, stop, count: list.count) {
            if range.count != list.count { list.keep(range) }
        } else {
            list.replaceAll(with: [])
        }
        finishChange(&context, list, handle, event: "ltrim", key: context.arguments[1])
        context.reply.ok()
    }

    /// RPOPLPUSH source destination
    @Sendable static func rpoplpush(_ context: inout CommandContext) {
        move(&context, from: .right, to: .left)
    }

    /// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
    @Sendable static func lmove(_ context: inout CommandContext) {
        guard let from = end(&context, 3), let to = end(&context, 4) else { return }
        move(&context, from: from, to: to)
    }

    /// Redis's `lmoveGenericCommand`: null when the source is missing, WRONGTYPE when the
    /// destination holds something else (checked before anything moves).
    static func move(_ context: inout CommandContext, from: End, to: End) {
        let (found, sourceHandle, ok) = writeList(&context, context.arguments[1])
        guard ok else { return }
        guard let source = found, let sourceHandle else { return context.reply.null() }
        let (destinationFound, destinationHandle, destinationOK) = writeList(&context, context.arguments[2])
        guard destinationOK else { return }
        let element = (from == .left ? source.popFront() : source.popBack())!
        let destination: ListValue
        if let destinationFound, let destinationHandle {
            destination = destinationFound
            context.db.noteModified(destinationHandle)
        } else {
            destination = ListValue()
            context.db.insert(context.arguments.array(2), value: .list(destination), nowMs: context.nowMs)
        }
        if to == .left { destination.pushFront(element) } else { destination.pushBack(element) }
        // Redis announces the push, then the pop.
        context.notify(.list, to == .left ? "lpush" : "rpush", context.arguments[2])
        // The source may be the destination (rotation): only delete it when truly empty.
        finishChange(&context, source, sourceHandle, event: from.popEvent, key: context.arguments[1])
        context.reply.bulk(element)
    }

    /// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
    @Sendable static func lmpop(_ context: inout CommandContext) { mpop(&context) { _ in true } }

    /// Redis's `lmpopGenericCommand`; `validate` runs after the arguments parsed and before
    /// anything pops (BLMPOP checks its timeout there, as Redis does).
    static func mpop(_ context: inout CommandContext, validate: (inout CommandContext) -> Bool) {
        guard let keyCount = context.integerArgument(1, in: 1...Int64.max, message: "ERR numkeys should be greater than 0") else { return }
        let whereIndex = 2 + Int(clamping: keyCount)
        guard keyCount < Int64(context.arguments.count) && whereIndex < context.arguments.count else {
            return context.replySyntaxError()
        }
        guard let from = end(&context, whereIndex) else { return }
        var count: Int64 = -1
        var index = whereIndex + 1
        while index < context.arguments.count {
            if count == -1 && context.argument(index, is: "count") && index + 1 < context.arguments.count {
                guard let value = context.integerArgument(index + 1, in: 1...Int64.max, message: "ERR count should be greater than 0") else { return }
                count = value
                index += 2
            } else {
                return context.replySyntaxError()
            }
        }
        if count == -1 { count = 1 }
        guard validate(&context) else { return }
        for keyIndex in 2..<whereIndex {
            let (found, handle, ok) = writeList(&context, context.arguments[keyIndex])
            guard ok else { return }
            guard let list = found, let handle else { continue }
            let popped = min(Int(clamping: count), list.count)
            context.reply.arrayHeader(2)
            context.reply.bulk(context.arguments[keyIndex])
            context.reply.arrayHeader(popped)
            for _ in 0..<popped { context.reply.bulk((from == .left ? list.popFront() : list.popBack())!) }
            finishChange(&context, list, handle, event: from.popEvent, key: context.arguments[keyIndex])
            return
        }
        context.reply.nullArray()
    }
}
