/// An array kept in fixed-size pages, each of them copy-on-write on its own.
///
/// A copy of the whole array costs O(pages) retains, and a write after the copy duplicates
/// only the page it lands on (`pageSize` elements), never the whole array. This is what
/// makes a point-in-time image of a database cheap on the loop thread (see
/// `KeyspaceImage`): the image keeps the pages it captured, and the live table pays for
/// sharing one page at a time, as a forked process pays for its memory one page at a time.
@usableFromInline
struct PagedArray<Element> {
    /// Elements per page; a power of two. 4096 entries of ~64 bytes: a page copied on the
    /// first write after an image costs tens of microseconds, and 1M keys are 245 pages.
    @usableFromInline static var pageShift: Int { 12 }
    @usableFromInline static var pageSize: Int { 1 << pageShift }

    @usableFromInline var pages: [[Element]] = []
    /// The number of elements.
    @usableFromInline private(set) var count = 0

    @usableFromInline init() {}

    @usableFromInline init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    @inlinable var indices: Range<Int> { 0..<count }

    @inlinable var isEmpty: Bool { count == 0 }

    /// Slots reserved by the pages (for memory accounting).
    @usableFromInline var capacity: Int { pages.reduce(0) { $0 + $1.capacity } }

    @inlinable subscript(index: Int) -> Element {
        _read {
            precondition(index >= 0 && index < count, "PagedArray index out of range")
            yield pages[index &>> Self.pageShift][index & (Self.pageSize - 1)]
        }
        _modify {
            precondition(index >= 0 && index < count, "PagedArray index out of range")
            yield &pages[index &>> Self.pageShift][index & (Self.pageSize - 1)]
        }
    }

    @inlinable mutating func append(_ element: Element) {
        // A new page grows like any array (not reserved whole), so a small table stays small.
        if count & (Self.pageSize - 1) == 0 { pages.append([]) }
        pages[pages.count - 1].append(element)
        count += 1
    }

    @usableFromInline mutating func removeAll() {
        pages = []
        count = 0
    }

    /// Changes every element in place, page by page (a shared page is copied once).
    @inlinable mutating func updateEach(_ body: (Int, inout Element) -> Void) {
        for page in pages.indices {
            let base = page &<< Self.pageShift
            pages[page].withUnsafeMutableBufferPointer { elements in
                for offset in elements.indices { body(base + offset, &elements[offset]) }
            }
        }
    }
}

extension PagedArray: Sequence {
    @usableFromInline func makeIterator() -> FlattenSequence<[[Element]]>.Iterator {
        pages.joined().makeIterator()
    }
}
