import Raft

/// Something that happens at a simulated instant.
enum SimEvent {
    case tick(NodeID, generation: Int)
    case deliver(Message)
    case syncDone(NodeID, generation: Int)
    case restart(NodeID)
    case resume(NodeID)
    case heal
    case isolate(NodeID)
    case rejoin(NodeID)
    case fault
    case clientStep(Int)
    case clientTimeout(Int, attempt: Int)
    case endFaults
}

/// A binary min-heap of events by (time, insertion order): ties resolve deterministically.
struct EventQueue {
    private var heap: [(timeUs: Int64, order: UInt64, event: SimEvent)] = []
    private var nextOrder: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ event: SimEvent, atUs timeUs: Int64) {
        heap.append((timeUs, nextOrder, event))
        nextOrder += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if less(child, parent) {
                heap.swapAt(child, parent)
                child = parent
            } else {
                break
            }
        }
    }

    mutating func pop() -> (timeUs: Int64, event: SimEvent)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && less(left, smallest) { smallest = left }
            if right < heap.count && less(right, smallest) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.timeUs, top.event)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].timeUs < heap[b].timeUs || (heap[a].timeUs == heap[b].timeUs && heap[a].order < heap[b].order)
    }
}
