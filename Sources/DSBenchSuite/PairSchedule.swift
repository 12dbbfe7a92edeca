import DSBenchCore

/// Which members (nodes or GPUs, by position) are measured together, in rounds: within a round no
/// member is in two groups, so a round's groups can run at once. Pure and index-based, so planning
/// 1,024 nodes' 523,776 pairs is arithmetic (docs/performance.md has the measurement).
public enum PairSchedule {
    /// Every pair once, by the circle method of a round-robin tournament: n − 1 rounds of n/2 pairs
    /// for even n; for odd n a phantom member makes it n rounds of (n − 1)/2 pairs, each round
    /// leaving one member out (its bye).
    public static func allPairs(_ count: Int) -> [[[Int]]] {
        guard count >= 2 else { return [] }
        let slots = count % 2 == 0 ? count : count + 1
        let phantom = count   // only exists for odd counts
        // Member at position 0 stays; the others rotate one place each round.
        var rotating = Array(1..<slots)
        var rounds: [[[Int]]] = []
        rounds.reserveCapacity(slots - 1)
        for _ in 0..<(slots - 1) {
            var round: [[Int]] = []
            round.reserveCapacity(slots / 2)
            let circle = [0] + rotating
            for index in 0..<(slots / 2) {
                let a = circle[index], b = circle[slots - 1 - index]
                if a != phantom && b != phantom { round.append(a < b ? [a, b] : [b, a]) }
            }
            rounds.append(round)
            rotating.insert(rotating.removeLast(), at: 0)
        }
        return rounds
    }

    /// Each member against two different partners in few rounds: the matching (0,1)(2,3)…, then the
    /// matching shifted by one, (1,2)(3,4)…(n−1,0). An odd count leaves the last member out of the
    /// first round and the first out of the second; a third round of that one pair measures both
    /// twice. Two members have only one partner: one round.
    public static func quick(_ count: Int) -> [[[Int]]] {
        guard count >= 2 else { return [] }
        if count == 2 { return [[[0, 1]]] }
        let first = stride(from: 0, to: count - 1, by: 2).map { [$0, $0 + 1] }
        if count % 2 == 0 {
            let second = stride(from: 1, to: count, by: 2).map { [$0, ($0 + 1) % count].sorted() }
            return [first, second]
        }
        let second = stride(from: 1, to: count - 1, by: 2).map { [$0, $0 + 1] }
        return [first, second, [[0, count - 1]]]
    }

    /// Disjoint groups of `size` in one round; a remainder too small to be a group (one member)
    /// joins the last group, so every member is measured.
    public static func batches(_ count: Int, size: Int) -> [[[Int]]] {
        guard count >= 2, size >= 2 else { return [] }
        var groups = stride(from: 0, to: count, by: size).map { Array($0..<min($0 + size, count)) }
        if groups.count > 1, let last = groups.last, last.count < 2 {
            groups.removeLast()
            groups[groups.count - 1] += last
        }
        return [groups]
    }

    /// Pairs of GPUs inside a node: with `concurrent`, disjoint pairs share a round (the round-robin
    /// schedule); without it each pair is its own round, since pairs at once share the NVSwitch
    /// planes and each other's bandwidth.
    public static func gpuPairs(_ gpus: Int, concurrent: Bool) -> [[[Int]]] {
        let rounds = allPairs(gpus)
        return concurrent ? rounds : rounds.flatMap { $0 }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.map { [$0] }
    }

    /// Rings of `size` GPUs of a node: the `count` windows of consecutive GPUs around the ring
    /// (0…k−1, 1…k, …, n−1…k−2), so each GPU is in k rings and shares each with different
    /// neighbours; a GPU slow in every ring it is in is the bad one. With `concurrent`, windows with
    /// no GPU in common share a round; without it each ring is its own round (NVSwitch shared).
    /// `size` ≥ `count` is one ring of every GPU.
    public static func rings(_ count: Int, size: Int, concurrent: Bool) -> [[[Int]]] {
        guard count >= 2, size >= 2 else { return [] }
        guard size < count else { return [[Array(0..<count)]] }
        let windows = (0..<count).map { start in (0..<size).map { (start + $0) % count } }
        guard concurrent else { return windows.map { [$0] } }
        var rounds: [[[Int]]] = []
        var used: [Set<Int>] = []
        for window in windows {
            if let free = used.firstIndex(where: { $0.isDisjoint(with: window) }) {
                rounds[free].append(window)
                used[free].formUnion(window)
            } else {
                rounds.append([window])
                used.append(Set(window))
            }
        }
        return rounds
    }

    /// Groups (jobs) a pattern plans for `count` members, without building them (the plan-size check).
    public static func groupCount(_ pattern: PairPattern, members count: Int) -> Int {
        guard count >= 2 else { return 0 }
        switch pattern {
        case .pairs, .gpuPairs: return count * (count - 1) / 2
        case .gpuRings(let size): return size >= count ? 1 : count
        case .pairsQuick: return count == 2 ? 1 : count   // n/2 + n/2; (n−1)/2 + (n−1)/2 + 1 for odd n
        case .kBatch(let size):
            let groups = (count + max(size, 2) - 1) / max(size, 2)
            return count % max(size, 2) == 1 && groups > 1 ? groups - 1 : groups
        }
    }
}

/// How an nccl step's members are grouped (`pattern:` in the suite).
public enum PairPattern: Sendable, Equatable {
    /// Every pair of nodes (`pairs`).
    case pairs
    /// Every node against two partners (`pairs-quick`).
    case pairsQuick
    /// Groups of k nodes (`k-batch`, `k:`).
    case kBatch(Int)
    /// Every pair of GPUs on each node (`gpu-pairs`).
    case gpuPairs
    /// Rings of k GPUs on each node (`gpu-rings`, `k:`).
    case gpuRings(Int)

    public var name: String {
        switch self {
        case .pairs: return "pairs"
        case .pairsQuick: return "pairs-quick"
        case .kBatch: return "k-batch"
        case .gpuPairs: return "gpu-pairs"
        case .gpuRings: return "gpu-rings"
        }
    }

    public static let names = ["pairs", "pairs-quick", "k-batch", "gpu-pairs", "gpu-rings"]

    /// Whether the groups are nodes (a launcher job each) or the GPUs of one node.
    public var scope: PairSlot.Scope {
        switch self {
        case .gpuPairs, .gpuRings: return .gpus
        case .pairs, .pairsQuick, .kBatch: return .nodes
        }
    }

    /// The rounds for `count` members.
    public func rounds(_ count: Int, concurrent: Bool) -> [[[Int]]] {
        switch self {
        case .pairs: return PairSchedule.allPairs(count)
        case .pairsQuick: return PairSchedule.quick(count)
        case .kBatch(let size): return PairSchedule.batches(count, size: size)
        case .gpuPairs: return PairSchedule.gpuPairs(count, concurrent: concurrent)
        case .gpuRings(let size): return PairSchedule.rings(count, size: size, concurrent: concurrent)
        }
    }
}

extension PairSchedule {
    /// Steps a `pattern:` step plans per variant and repeat, for the plan-size check before planning;
    /// nil for a step without one. `gpus: auto` counts 8 GPUs a node (the count is only known per node).
    static func plannedGroups(_ step: SuiteStep, nodes: Int) -> Int? {
        guard case .nccl(let nccl) = step.action, let pattern = nccl.pattern else { return nil }
        guard pattern.scope == .gpus else { return groupCount(pattern, members: nodes) }
        let gpus: Int
        if case .count(let count) = nccl.gpus { gpus = count } else { gpus = 8 }
        return nodes * groupCount(pattern, members: gpus)
    }
}
