/// The members of a sorted set in (score, member) order, as an order-statistic B+ tree:
/// rank, lookup by rank, insertion and removal in O(log n), a range of k entries in
/// O(log n + k).
///
/// Why a B+ tree rather than Redis's skip list: leaves are small sorted arrays, so a
/// member costs two words here plus its bytes (no node with a level array per member),
/// walks touch few cache lines, and a set of up to 128 members is one leaf — exactly the
/// sorted array the compact encoding wants. The tree's shape never shows in a reply:
/// order is (score, member) alone, so replicas agree whatever their history.
public struct SortedEntries: Sequence {
    public typealias Entry = (score: Double, member: StoredBytes)

    /// A leaf splits above this many entries; an inner node above `innerCapacity` children.
    static let leafCapacity = 128
    static let innerCapacity = 64

    var root = Node(items: [])

    /// An empty tree.
    public init() {}

    /// A tree holding `sorted`, which must already be in (score, member) order.
    public init(sorted: [Entry]) {
        guard sorted.count > SortedEntries.leafCapacity else {
            root = Node(items: sorted)
            return
        }
        // Bulk load: leaves about three-quarters full, then each level above them; groups
        // are even, so no node starts under half its capacity.
        var level = SortedEntries.evenGroups(sorted, of: SortedEntries.leafCapacity * 3 / 4).map { Node(items: Array($0)) }
        while level.count > 1 {
            level = SortedEntries.evenGroups(level, of: SortedEntries.innerCapacity * 3 / 4).map { Node(children: Array($0)) }
        }
        root = level[0]
    }

    /// `elements` cut into ceil(count / size) consecutive groups of near-equal sizes.
    static func evenGroups<T>(_ elements: [T], of size: Int) -> [ArraySlice<T>] {
        let groups = (elements.count + size - 1) / size
        return (0..<groups).map { elements[(elements.count * $0 / groups)..<(elements.count * ($0 + 1) / groups)] }
    }

    /// The number of entries.
    public var count: Int { root.count }

    /// The tree's own memory, estimated in O(1) for memory accounting: entry slots at the
    /// three-quarters fill that splits and merges keep on average, plus one node object
    /// and array header per leaf (inner nodes add about 1/64 of that again).
    public var estimatedBytes: Int {
        let entryStride = MemoryLayout<Entry>.stride
        let leaves = count / (SortedEntries.leafCapacity * 3 / 4) + 1
        return count * entryStride * 4 / 3 + leaves * 96
    }

    /// The number of entries for which `isBefore` holds. `isBefore` must hold for a
    /// prefix of the order and fail for the rest (a partition point).
    public func rank(where isBefore: (Entry) -> Bool) -> Int {
        var node = root
        var rank = 0
        while !node.isLeaf {
            var low = 0, high = node.children.count
            while low < high {
                let middle = (low + high) / 2
                if isBefore(node.children[middle].last!) { low = middle + 1 } else { high = middle }
            }
            guard low < node.children.count else { return rank + node.count }
            for child in node.children[..<low] { rank += child.count }
            node = node.children[low]
        }
        var low = 0, high = node.items.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(node.items[middle]) { low = middle + 1 } else { high = middle }
        }
        return rank + low
    }

    /// The entry at 0-based `rank` (which must be below `count`).
    public func entry(at rank: Int) -> Entry {
        var node = root
        var rank = rank
        while !node.isLeaf {
            for child in node.children {
                if rank < child.count { node = child; break }
                rank -= child.count
            }
        }
        return node.items[rank]
    }

    /// The entries at `ranks`, in order.
    public func entries(in ranks: Range<Int>) -> [Entry] {
        var result: [Entry] = []
        result.reserveCapacity(ranks.count)
        root.collect(ranks.clamped(to: 0..<count), into: &result)
        return result
    }

    /// Inserts `entry`, which must not be present.
    public mutating func insert(_ entry: Entry) {
        uniqueRoot()
        let rank = self.rank { SortedEntries.precedes($0, entry) }
        if let sibling = root.insert(entry, at: rank) {
            root = Node(children: [root, sibling])
        }
    }

    /// Removes the entry at `rank` and returns it.
    @discardableResult
    public mutating func remove(at rank: Int) -> Entry {
        uniqueRoot()
        let removed = root.remove(at: rank)
        if !root.isLeaf && root.children.count == 1 { root = root.children[0] }
        return removed
    }

    /// Removes the entries at `ranks`.
    public mutating func removeSubrange(_ ranks: Range<Int>) {
        guard !ranks.isEmpty else { return }
        if ranks.count == count { return root = Node(items: []) }
        for _ in ranks { remove(at: ranks.lowerBound) }
    }

    /// Whether `a` sorts before `b`: by score, then by bytes (Redis's `zslInsert`).
    @inline(__always)
    public static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.score != b.score { return a.score < b.score }
        return a.member < b.member
    }

    /// Nodes are classes shared between copies of the struct; a copy that mutates first
    /// takes a deep copy (sorted sets are copied only by COPY, so this stays rare).
    private mutating func uniqueRoot() {
        if !isKnownUniquelyReferenced(&root) { root = root.deepCopy() }
    }

    public func makeIterator() -> Iterator { Iterator(root: root) }

    /// Walks the leaves left to right with a stack of (inner node, next child) pairs.
    public struct Iterator: IteratorProtocol {
        var path: [(node: Node, next: Int)] = []
        var leaf: Node?
        var index = 0

        init(root: Node) { descend(from: root) }

        mutating func descend(from start: Node) {
            var node = start
            while !node.isLeaf {
                path.append((node, 1))
                node = node.children[0]
            }
            leaf = node
            index = 0
        }

        public mutating func next() -> Entry? {
            while let current = leaf {
                if index < current.items.count {
                    index += 1
                    return current.items[index - 1]
                }
                leaf = nil
                while let top = path.last {
                    if top.next < top.node.children.count {
                        path[path.count - 1].next += 1
                        descend(from: top.node.children[top.next])
                        break
                    }
                    path.removeLast()
                }
            }
            return nil
        }
    }

    /// A leaf (sorted `items`) or an inner node (`children`, never empty), with the
    /// count and the last entry of its subtree kept up to date for searches.
    final class Node {
        var items: [Entry]
        var children: [Node]
        private(set) var count: Int
        private(set) var last: Entry?

        init(items: [Entry]) {
            self.items = items
            children = []
            count = items.count
            last = items.last
        }

        init(children: [Node]) {
            items = []
            self.children = children
            count = 0
            refresh()
        }

        var isLeaf: Bool { children.isEmpty }

        /// Recomputes `count` and `last` after a change below.
        func refresh() {
            if isLeaf {
                count = items.count
                last = items.last
            } else {
                count = children.reduce(0) { $0 + $1.count }
                last = children[children.count - 1].last
            }
        }

        func deepCopy() -> Node {
            isLeaf ? Node(items: items) : Node(children: children.map { $0.deepCopy() })
        }

        /// Inserts `entry` as the `rank`-th entry of this subtree; returns a new right
        /// sibling when this node had to split.
        func insert(_ entry: Entry, at rank: Int) -> Node? {
            if isLeaf {
                items.insert(entry, at: rank)
            } else {
                var rank = rank
                var index = 0
                // Past the last child's end the entry goes last in the last child.
                while index < children.count - 1 && rank > children[index].count {
                    rank -= children[index].count
                    index += 1
                }
                if let sibling = children[index].insert(entry, at: rank) {
                    children.insert(sibling, at: index + 1)
                }
            }
            return splitIfOverfull()
        }

        /// Removes and returns the `rank`-th entry of this subtree.
        func remove(at rank: Int) -> Entry {
            defer { refresh() }
            if isLeaf { return items.remove(at: rank) }
            var rank = rank
            var index = 0
            while rank >= children[index].count {
                rank -= children[index].count
                index += 1
            }
            let removed = children[index].remove(at: rank)
            rebalance(index)
            return removed
        }

        /// Drops the child at `index` once it is empty, and merges it into a neighbour
        /// when it fell under a quarter of its capacity, so the depth stays O(log n).
        private func rebalance(_ index: Int) {
            let child = children[index]
            let size = child.isLeaf ? child.items.count : child.children.count
            // An inner node whose children all went is an empty leaf: its parent drops it.
            if size == 0 {
                children.remove(at: index)
                return
            }
            let minimum = (child.isLeaf ? SortedEntries.leafCapacity : SortedEntries.innerCapacity) / 4
            guard size < minimum, children.count > 1 else { return }
            let left = index > 0 ? index - 1 : index
            let (first, second) = (children[left], children[left + 1])
            first.items += second.items
            first.children += second.children
            children.remove(at: left + 1)
            if let sibling = first.splitIfOverfull() { children.insert(sibling, at: left + 1) }
        }

        /// Splits this node in two halves when it holds more than its capacity; returns
        /// the right half. Refreshes this node either way.
        func splitIfOverfull() -> Node? {
            defer { refresh() }
            if isLeaf {
                guard items.count > SortedEntries.leafCapacity else { return nil }
                let right = Node(items: Array(items[(items.count / 2)...]))
                items.removeSubrange((items.count / 2)...)
                return right
            }
            guard children.count > SortedEntries.innerCapacity else { return nil }
            let right = Node(children: Array(children[(children.count / 2)...]))
            children.removeSubrange((children.count / 2)...)
            return right
        }

        /// Appends the entries at `ranks` (relative to this subtree) to `result`.
        func collect(_ ranks: Range<Int>, into result: inout [Entry]) {
            guard !ranks.isEmpty else { return }
            if isLeaf { return result.append(contentsOf: items[ranks]) }
            var offset = 0
            for child in children {
                let end = offset + child.count
                if end > ranks.lowerBound && offset < ranks.upperBound {
                    let inner = Swift.max(ranks.lowerBound, offset)..<Swift.min(ranks.upperBound, end)
                    child.collect((inner.lowerBound - offset)..<(inner.upperBound - offset), into: &result)
                }
                if end >= ranks.upperBound { return }
                offset = end
            }
        }
    }
}
