import DSBenchCore

/// The halving search of `dsbench bisect` (pure: the command runs each stage and hands the
/// measurements back). A slow job's node set is split in two halves that run at once; a half
/// slower than `fraction` × the reference is searched further (both, when both are slow); a
/// suspect pair is settled by pairing each member with a node already seen healthy. On 16 nodes
/// with one bad node that is ⌈log2 16⌉ = 4 stages: 8|8, 4|4, 2|2, then the two suspects each with
/// a healthy partner.
///
/// The reference is `expected` when given (a catalogue figure or `--expect`), else the best busbw
/// measured so far in this search: busbw is normalised for the rank count (nccl-tests'
/// PERFORMANCE.md), so a healthy half and a healthy pair are comparable.
public struct Bisection: Sendable, Equatable {
    /// One job of a stage and what it measured.
    public struct Group: Sendable, Codable, Equatable {
        public var members: [String]
        /// Busbw at the bandwidth band; nil when the job produced none (it failed).
        public var busbw: Double?
        public var slow: Bool
    }

    public struct Stage: Sendable, Codable, Equatable {
        public var number: Int
        public var groups: [Group]
        /// What the stage decided, in words.
        public var decision: String
    }

    public let nodes: [String]
    public let fraction: Double
    public let expected: Double?
    public private(set) var stages: [Stage] = []
    /// Node sets still to search (disjoint).
    public private(set) var suspects: [[String]]
    /// Nodes of a job that was not slow, in the order they were seen.
    public private(set) var healthy: [String] = []
    /// A node slow with a healthy partner (`member`), or a pair slow only together (`link`).
    public private(set) var culprits: [PairCulprit] = []
    /// Why the search stopped short of a culprit somewhere; empty when it did not.
    public private(set) var unresolved: [String] = []

    public init(nodes: [String], fraction: Double, expected: Double? = nil) {
        self.nodes = nodes
        self.fraction = fraction
        self.expected = expected
        self.suspects = nodes.count >= 2 ? [nodes] : []
    }

    public var isFinished: Bool { nextGroups().isEmpty }

    /// The jobs of the next stage, disjoint so they run at once; empty when the search is over.
    /// A suspect set of 3 or more is halved; a suspect pair or single node is paired with healthy
    /// nodes (one each, while they last: the rest waits for the next stage).
    public func nextGroups() -> [[String]] {
        var groups: [[String]] = []
        var partners = healthy[...]
        for suspect in suspects {
            if suspect.count >= 3 {
                let (first, second) = Self.halves(suspect)
                groups.append(first)
                if second.count >= 2 {
                    groups.append(second)
                } else if let partner = partners.popFirst() {
                    groups.append(second + [partner])
                }
                continue
            }
            for member in suspect {
                guard let partner = partners.popFirst() else { break }
                groups.append([member, partner])
            }
        }
        return groups
    }

    /// The first half takes the odd node: 16 → 8 + 8, 5 → 3 + 2, 3 → 2 + 1.
    static func halves(_ nodes: [String]) -> ([String], [String]) {
        let cut = (nodes.count + 1) / 2
        return (Array(nodes[..<cut]), Array(nodes[cut...]))
    }

    /// Takes one stage's measurements (busbw per group of `nextGroups()`, nil for a job that failed)
    /// and decides which sets are still suspect.
    public mutating func record(_ measured: [(members: [String], busbw: Double?)]) {
        let reference = expected ?? (measured.compactMap(\.busbw) + bestSoFar).max() ?? 0
        let groups = measured.map { group in
            Group(members: group.members, busbw: group.busbw, slow: group.busbw.map { $0 < fraction * reference } ?? false)
        }
        for group in groups where group.busbw != nil && !group.slow {
            for member in group.members where !healthy.contains(member) { healthy.append(member) }
        }
        var next: [[String]] = []
        var words: [String] = []
        let failed = Set(groups.filter { $0.busbw == nil }.flatMap(\.members))
        for suspect in suspects {
            let inSuspect = Set(suspect)
            let mine = groups.filter { !inSuspect.isDisjoint(with: $0.members) }
            if mine.isEmpty { next.append(suspect); continue }   // no healthy partner was free: next stage
            if !failed.isDisjoint(with: suspect) {
                unresolved.append("\(Self.list(suspect)): a job failed, so it could not be measured")
                continue
            }
            if suspect.count >= 3 {
                var slowHalves: [[String]] = [], waiting: [[String]] = []
                for half in [Self.halves(suspect).0, Self.halves(suspect).1] {
                    guard let job = mine.first(where: { $0.members.contains(half[0]) }) else { waiting.append(half); continue }
                    if job.slow { slowHalves.append(half) }
                }
                for half in slowHalves where half.count == 1 {   // measured beside a healthy partner already
                    culprits.append(PairCulprit(kind: .member, members: half, slowPairs: 1, pairs: 1))
                }
                next += slowHalves.filter { $0.count > 1 }
                if !slowHalves.isEmpty {
                    words.append("slow: " + slowHalves.map(Self.list).joined(separator: " and "))
                } else if !waiting.isEmpty {
                    next += waiting
                } else {
                    unresolved.append("\(Self.list(suspect)): neither half is slow on its own — the slowness "
                        + "needs nodes of both halves (a path between them) or is gone")
                    words.append("neither half of \(Self.list(suspect)) is slow")
                }
                continue
            }
            // A pair or a single node, each member beside a healthy partner.
            let slowMembers = suspect.filter { member in mine.contains { $0.members.contains(member) && $0.slow } }
            let measuredMembers = suspect.filter { member in mine.contains { $0.members.contains(member) } }
            if !slowMembers.isEmpty {
                for member in slowMembers {
                    culprits.append(PairCulprit(kind: .member, members: [member], slowPairs: 1, pairs: 1))
                }
                words.append("bad: " + slowMembers.joined(separator: ", "))
            } else if measuredMembers.count < suspect.count {
                next.append(suspect.filter { !measuredMembers.contains($0) })
            } else if suspect.count == 2 {
                culprits.append(PairCulprit(kind: .link, members: suspect, slowPairs: 1, pairs: 1))
                words.append("\(Self.list(suspect)) are fine with others: the link between them")
            } else {
                words.append("\(suspect[0]) is fine with a healthy partner")
            }
        }
        suspects = next
        if !next.isEmpty && nextGroups().isEmpty {
            unresolved.append("no healthy node left to pair \(next.map(Self.list).joined(separator: ", ")) with: "
                + "every job was slow (a slow fleet, or give the expected busbw)")
            suspects = []
        }
        stages.append(Stage(number: stages.count + 1, groups: groups,
                            decision: words.isEmpty ? "nothing slow" : words.joined(separator: "; ")))
    }

    private var bestSoFar: [Double] { stages.flatMap(\.groups).compactMap(\.busbw) }

    public static func list(_ nodes: [String]) -> String { nodes.count <= 4 ? nodes.joined(separator: ",") : "\(nodes.first!)…\(nodes.last!) (\(nodes.count))" }
}
