/// Where a planned step stands in a pairwise plan (`pattern: pairs`, `pairs-quick`, `k-batch`,
/// `gpu-pairs`): which nodes (or GPUs) it measures together, and which of them run at once.
/// The runner starts every step of one `batch` together; the analysis reads `members` to build
/// the pair matrix. Stored beside the step (table `step_pairs`), so a run can be read without its plan.
public struct PairSlot: Sendable, Codable, Equatable, Hashable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// Members are node names: each job spans them (a `placement: all` launcher job).
        case nodes
        /// Members are GPU indices of the step's own node (`CUDA_VISIBLE_DEVICES=i,j`).
        case gpus
    }

    /// `pairs`, `pairs-quick`, `k-batch` or `gpu-pairs`.
    public var pattern: String
    public var scope: Scope
    /// 0-based round of the schedule: no member is in two jobs of one round.
    public var round: Int
    /// Plan-wide id of the set of steps started together (one round, or one step when they must not overlap).
    public var batch: Int
    public var members: [String]

    public init(pattern: String, scope: Scope, round: Int, batch: Int, members: [String]) {
        self.pattern = pattern; self.scope = scope; self.round = round; self.batch = batch; self.members = members
    }

    /// The pattern of a `dsbench bisect` stage's jobs (planned from `PlanOverrides.groups`).
    public static let bisectPattern = "bisect"

    /// `node-01+node-02`, `0+1`: the label the step's variant and the stored labels carry.
    public var label: String {
        members.count == 2 ? members[0] + "+" + members[1] : members.joined(separator: "+")
    }

    /// The part of a step's variant that names the slot: `pair node-01+node-02`, `gpus 0+1`, `batch a+b+c`.
    public var variantLabel: String {
        switch (scope, members.count) {
        case (.gpus, _): return "gpus \(label)"
        case (.nodes, 2): return "pair \(label)"
        default: return "batch \(label)"
        }
    }
}
