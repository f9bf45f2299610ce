/// A list value: a ring-buffer deque of byte strings, O(1) at both ends.
///
/// Redis 7.0 reports every list as "quicklist" (the listpack encoding for small lists
/// came in 7.2), so there is a single representation here.
public final class ListValue {
    /// See `ImageShared` (snapshot images).
    var snapshotGeneration: UInt64 = 0
    @usableFromInline var storage: [[UInt8]]
    @usableFromInline var head = 0
    /// The number of elements.
    public private(set) var count = 0

    /// An empty list (a key never holds one: popping the last element deletes the key).
    public init() {
        storage = Array(repeating: [], count: 4)
    }

    /// The name OBJECT ENCODING reports in Redis 7.0.
    public var encodingName: StaticString { "quicklist" }

    @inline(__always) func physical(_ index: Int) -> Int {
        (head + index) & (storage.count - 1)
    }

    /// Doubles the ring in place. The array grows by moving its elements (no reference
    /// counting); only the wrapped part, before `head`, then moves past the old end, so
    /// each element keeps its position relative to `head`. Copying every element into a
    /// new array instead cost each push about 200 instructions, amortized.
    func grow() {
        let oldCapacity = storage.count
        storage.append(contentsOf: repeatElement([], count: oldCapacity))
        storage.withUnsafeMutableBufferPointer { ring in
            for index in 0..<head { ring.swapAt(index, oldCapacity + index) }
        }
    }

    /// Element `index` (0 = head); the caller checks bounds.
    public subscript(index: Int) -> [UInt8] {
        get { storage[physical(index)] }
        set { storage[physical(index)] = newValue }
    }

    public func pushFront(_ element: [UInt8]) {
        if count == storage.count { grow() }
        head = (head - 1) & (storage.count - 1)
        storage[head] = element
        count += 1
    }

    public func pushBack(_ element: [UInt8]) {
        if count == storage.count { grow() }
        storage[physical(count)] = element
        count += 1
    }

    public func popFront() -> [UInt8]? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = []
        head = (head + 1) & (storage.count - 1)
        count -= 1
        return element
    }

    public func popBack() -> [UInt8]? {
        guard count > 0 else { return nil }
        let slot = physical(count - 1)
        let element = storage[slot]
        storage[slot] = []
        count -= 1
        return element
    }

    /// Inserts at `index` (0...count), shifting the shorter side.
    public func insert(_ element: [UInt8], at index: Int) {
        if index == 0 { return pushFront(element) }
        if index == count { return pushBack(element) }
        var all = elements
        all.insert(element, at: index)
        replaceAll(with: all)
    }

    /// Keeps only the elements for which `keep` is true, in order; returns how many went.
    @discardableResult
    public func removeAll(where shouldRemove: ([UInt8]) -> Bool) -> Int {
        let all = elements
        let kept = all.filter { !shouldRemove($0) }
        if kept.count != all.count { replaceAll(with: kept) }
        return all.count - kept.count
    }

    /// Keeps the elements in `range` only (LTRIM).
    public func keep(_ range: Range<Int>) {
        replaceAll(with: Array(elements[range]))
    }

    /// The elements in order.
    public var elements: [[UInt8]] {
        (0..<count).map { storage[physical($0)] }
    }

    /// Replaces the contents.
    public func replaceAll(with elements: [[UInt8]]) {
        var size = 4
        while size < elements.count { size *= 2 }
        storage = elements + Array(repeating: [], count: size - elements.count)
        head = 0
        count = elements.count
    }

    /// A deep copy (COPY).
    public func copy() -> ListValue {
        let copy = ListValue()
        copy.replaceAll(with: elements)
        return copy
    }
}
