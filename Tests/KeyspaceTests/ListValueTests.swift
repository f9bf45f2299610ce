import Keyspace
import Testing

@Suite struct ListValueTests {
    /// Pushes and pops at both ends against an array model. Runs of pushes at the front
    /// make the ring wrap before it is full, so growth moves the wrapped part.
    @Test(arguments: testSeeds([1, 2, 3, 4]))
    func keepsOrderAcrossGrowthWhileWrapped(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let list = ListValue()
        var model: [[UInt8]] = []
        for step in 0..<5000 {
            let element = bytes("e\(step)")
            switch generator.next() % 8 {
            case 0...2:
                list.pushFront(element)
                model.insert(element, at: 0)
            case 3...5:
                list.pushBack(element)
                model.append(element)
            case 6:
                #expect(list.popFront() == model.first, "seed \(seed), step \(step)")
                if !model.isEmpty { model.removeFirst() }
            default:
                #expect(list.popBack() == model.last, "seed \(seed), step \(step)")
                if !model.isEmpty { model.removeLast() }
            }
            if list.elements != model {
                Issue.record("seed \(seed): order differs from the model after step \(step)")
                return
            }
        }
    }

    @Test func growsWhenFullWithHeadInTheMiddle() {
        let list = ListValue()
        // Four slots: fronts put the head at 2, backs fill the rest, the next push grows.
        list.pushFront(bytes("b"))
        list.pushFront(bytes("a"))
        list.pushBack(bytes("c"))
        list.pushBack(bytes("d"))
        list.pushBack(bytes("e"))
        list.pushFront(bytes("z"))
        #expect(list.elements == ["z", "a", "b", "c", "d", "e"].map(bytes))
    }
}
