import DSBenchCore
import DSBenchAnalyze
import DSBenchStore

/// What `show` and every report say about a node's inventories, in the same words: a node with
/// one GPU (nothing between GPUs was measured there) and what differs between its inventories.
public enum InventoryNotes {
    public static func lines(_ nodes: [NodeInventory], steps: [StepDetail]) -> [String] {
        nodes.flatMap { node -> [String] in
            var out: [String] = []
            if node.gpuCount == 1 { out.append(oneGPU(node.node, steps: steps.filter { $0.node == node.node })) }
            if !node.changes.isEmpty {
                out += node.changes.map { "\(node.node): the inventories differ: \($0.text)" }
            }
            return out
        }
    }

    /// One rank has no peer: nccl-tests' busbw is 0 by definition there (all_reduce moves
    /// 2(n−1)/n of the data between GPUs) and the times are a single GPU's launch latency and
    /// local copies. The rest of a run does not depend on a second GPU.
    static func oneGPU(_ node: String, steps: [StepDetail]) -> String {
        var text = "\(node) has one GPU: collectives between GPUs were not exercised there."
        let nccl = steps.filter { $0.kind == "nccl" }.count
        if nccl > 0 {
            text += (nccl == 1 ? " Its nccl-tests step ran" : " Its \(nccl) nccl-tests steps ran") + " on one rank: busbw is 0 by definition and "
                + "only the times (launch latency, local copies) mean something."
        }
        var meaningful: [String] = []
        if steps.contains(where: { $0.kind == "inventory" }) { meaningful.append("the inventory") }
        if steps.contains(where: { $0.dmonSampleCount > 0 }) { meaningful.append("the dmon telemetry") }
        if steps.contains(where: { $0.kind == "workload" }) { meaningful.append("single-GPU workload metrics") }
        if steps.contains(where: { $0.kind == "command" && !$0.argv.isEmpty }) { meaningful.append("command steps") }
        if !meaningful.isEmpty {
            text += " Still meaningful: " + meaningful.joined(separator: ", ") + "."
        }
        return text
    }
}
