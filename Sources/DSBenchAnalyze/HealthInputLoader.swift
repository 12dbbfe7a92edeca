import DSBenchCore
import Foundation

/// Turns a run's stored rows into what the health rules read: inventory, facts, topology, dmon
/// samples per step, profiler traces. Only values come in; the store reads that supply them are
/// DSBenchAnalysisStore's (`HealthInputLoader.load(runID:store:)`), so every rule stays a function of values.
public enum HealthInputLoader {
    /// Whose GPUs should be busy: the suite's `busy_steps`, else workload steps and command steps
    /// that run a program. nccl sweeps are left out: most of their sizes are latency-bound.
    public static func expectsBusyGPUs(name: String, kind: String, argv: [String], busySteps: Set<String>?) -> Bool {
        if let busySteps { return busySteps.contains(name) }
        return kind == StepKind.workload.rawValue || (kind == StepKind.command.rawValue && !argv.isEmpty)
    }

    /// Each step's key by its id (a repeated id keeps its first step).
    public static func stepKeys(_ detail: RunDetail) -> [Int64: String] {
        Dictionary(detail.steps.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    /// The inventory snapshot's GPUs, and what changed between the run's inventories.
    public static func addInventory(_ inventoryRows: [InventoryGPURow], detail: RunDetail, to input: inout HealthInput) {
        input.inventoryChanges = InventoryHistory.nodes(inventoryRows, steps: detail.steps.map { ($0.id, $0.key) })
            .flatMap(\.changes)
        input.gpus = healthGPUs(inventoryRows, stepKeys: stepKeys(detail))
    }

    /// Node facts; the `topology` fact is the GPU matrix as JSON, `nvlink` is judged elsewhere.
    public static func addFacts(_ facts: [FactRow], to input: inout HealthInput) {
        for fact in facts {
            if fact.key == "topology" {
                if let matrix = try? JSONDecoder().decode(TopologyMatrix.self, from: Data(fact.value.utf8)) {
                    input.topologies[fact.node] = matrix
                }
            } else if fact.key != "nvlink" {
                input.facts.append(HealthFact(node: fact.node, key: fact.key, value: fact.value))
            }
        }
    }

    /// One step's dmon samples, and whether its GPUs should have been busy.
    public static func dmonStep(_ step: StepDetail, samples rows: [DmonSampleRow], busySteps: Set<String>?) -> HealthDmonStep {
        let samples = rows.map { row in
            HealthDmonSample(gpu: row.gpu, round: row.seq, timestamp: row.sampledAt, values: row.values)
        }
        let expectBusy = Self.expectsBusyGPUs(name: step.name, kind: step.kind, argv: step.argv, busySteps: busySteps)
        // One capture may cover several nodes only when ingested; rules group by the step's node.
        return HealthDmonStep(key: step.key, name: step.name, node: step.node, expectBusy: expectBusy, samples: samples,
                              kind: step.kind)
    }

    /// The run's inventoried GPUs; a GPU inventoried twice in one run keeps its latest row.
    public static func healthGPUs(_ inventoryRows: [InventoryGPURow], stepKeys: [Int64: String]) -> [HealthGPU] {
        var gpus: [String: HealthGPU] = [:]
        var order: [String] = []
        for row in inventoryRows {
            let key = "\(row.node)\u{0}\(row.index)"
            if gpus[key] == nil { order.append(key) }
            let lookup = QueryFieldLookup(row.fields)
            gpus[key] = HealthGPU(
                node: row.node, index: row.index, name: row.name, pciBusID: row.pciBusID,
                driverVersion: row.driverVersion, vbiosVersion: row.vbiosVersion, computeCap: row.computeCap,
                memoryTotalMiB: row.memoryTotalMiB, pcieGenCurrent: row.pcieGenCurrent, pcieGenMax: row.pcieGenMax,
                pcieWidthCurrent: row.pcieWidthCurrent, pcieWidthMax: row.pcieWidthMax,
                clocksMaxSMMHz: row.clocksMaxSMMHz, utilizationPercent: lookup.number("utilization.gpu"),
                stepKey: row.stepID.flatMap { stepKeys[$0] })
        }
        return order.compactMap { gpus[$0] }
    }

    /// The metrics a profiler trace left (`TorchTraceReport.metricValues`), in the order `traceDevices` reads them.
    public static let traceMetricNames = ["trace.overlap_pct", "trace.nccl_us", "trace.exposed_comm_us"]

    /// The trace metrics (`traceMetricNames`, as stored) per step and device.
    public static func traceDevices(_ metrics: [StoredMetric], detail: RunDetail) -> [HealthTraceDevice] {
        let steps = Dictionary(detail.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        struct Place: Hashable { var stepID: Int64; var node: String; var device: Int }
        var values: [Place: [String: Double]] = [:]
        var order: [Place] = []
        for stored in metrics {
            guard let stepID = stored.stepID, let step = steps[stepID],
                  let device = stored.metric.labels["device"].flatMap(Int.init) else { continue }
            let place = Place(stepID: stepID, node: stored.node ?? step.node, device: device)
            if values[place] == nil { order.append(place) }
            values[place, default: [:]][stored.metric.name] = stored.metric.value
        }
        return order.compactMap { place in
            guard let step = steps[place.stepID], let row = values[place], let overlap = row["trace.overlap_pct"] else {
                return nil
            }
            return HealthTraceDevice(stepKey: step.key, node: place.node, device: place.device,
                                     ncclMicroseconds: row["trace.nccl_us"] ?? 0, overlapPercent: overlap,
                                     exposedCommMicroseconds: row["trace.exposed_comm_us"] ?? 0)
        }
    }

}
