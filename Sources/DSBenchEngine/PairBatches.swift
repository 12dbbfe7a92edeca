import DSBenchCore

extension Runner {
    /// A node's work cut into what starts together: the steps of one pairwise batch
    /// (`PairSlot.batch`: a round of disjoint jobs, or of disjoint GPU pairs when the suite allows
    /// it), and every other step on its own, in plan order.
    static func concurrentBatches(_ work: [(PlannedStep, Int64)]) -> [[(PlannedStep, Int64)]] {
        var batches: [[(PlannedStep, Int64)]] = []
        for item in work {
            if let batch = item.0.pairing?.batch, let last = batches.last?.last, last.0.pairing?.batch == batch {
                batches[batches.count - 1].append(item)
            } else {
                batches.append([item])
            }
        }
        return batches
    }
}
