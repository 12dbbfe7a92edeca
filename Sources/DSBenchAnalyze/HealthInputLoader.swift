import DSBenchCore
import DSBenchParse
import DSBenchStore
import Foundation

/// Reads what the health rules need for one run from the store: inventory, facts, topology,
/// nccl rows and NCCL_DEBUG lines (summarised into transports), dmon samples per step.
public enum HealthInputLoader {
    /// Whose GPUs should be busy: the suite's `busy_steps`, else workload steps and command steps
    /// that run a program. nccl sweeps are left out: most of their sizes are latency-bound.
    public static func expectsBusyGPUs(name: String, kind: String, argv: [String], busySteps: Set<String>?) -> Bool {
        if let busySteps { return busySteps.contains(name) }
        return kind == StepKind.workload.rawValue || (kind == StepKind.command.rawValue && !argv.isEmpty)
    }

    public static func load(runID: Int64, store: Store, settings: HealthSettings = HealthSettings(),
                            baselineRunID: Int64? = nil) throws -> HealthInput {
        guard let detail = try store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        var input = HealthInput(settings: settings)
        let inventoryRows = try store.inventorySnapshotGPUs(runID: runID)
        let stepKeys = Dictionary(detail.steps.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        input.inventoryChanges = InventoryHistory.nodes(inventoryRows, steps: detail.steps.map { ($0.id, $0.key) })
            .flatMap(\.changes)
        input.gpus = healthGPUs(inventoryRows, stepKeys: stepKeys)

        for fact in try store.facts(runID: runID) {
            if fact.key == "topology" {
                if let matrix = try? JSONDecoder().decode(TopologyMatrix.self, from: Data(fact.value.utf8)) {
                    input.topologies[fact.node] = matrix
                }
            } else if fact.key != "nvlink" {
                input.facts.append(HealthFact(node: fact.node, key: fact.key, value: fact.value))
            }
        }

        input.ncclSteps = try ncclSteps(runID: runID, store: store)

        let busy = settings.busySteps.map(Set.init)
        for step in detail.steps where step.dmonSampleCount > 0 {
            let samples = try store.dmonSamples(stepID: step.id).map { row in
                HealthDmonSample(gpu: row.gpu, round: row.seq, timestamp: row.sampledAt, values: row.values)
            }
            let expectBusy = Self.expectsBusyGPUs(name: step.name, kind: step.kind, argv: step.argv, busySteps: busy)
            // One capture may cover several nodes only when ingested; rules group by the step's node.
            input.dmonSteps.append(HealthDmonStep(key: step.key, name: step.name, node: step.node,
                                                  expectBusy: expectBusy, samples: samples, kind: step.kind))
        }

        input.traces = try traceDevices(detail, store: store)
        try loadGPUHealth(into: &input, detail: detail, store: store)
        input.hostCopies = try hostCopies(runID: runID, store: store, stepKeys: stepKeys)
        input.peerCopies = try peerCopies(runID: runID, store: store, stepKeys: stepKeys)
        input.metrics = try expectedMetrics(detail, store: store, catalogue: settings.metricCatalogue)

        if let baselineRunID {
            for step in try store.ncclSteps(runID: baselineRunID) {
                if let channels = transport(of: step)?.collChannels {
                    input.baselineChannels[step.stepName] = channels
                }
            }
        }
        return input
    }

    /// The run's inventoried GPUs; a GPU inventoried twice in one run keeps its latest row.
    static func inventoryGPUs(runID: Int64, store: Store, stepKeys: [Int64: String]) throws -> [HealthGPU] {
        healthGPUs(try store.inventorySnapshotGPUs(runID: runID), stepKeys: stepKeys)
    }

    static func healthGPUs(_ inventoryRows: [InventoryGPURow], stepKeys: [Int64: String]) -> [HealthGPU] {
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

    /// The trace metrics (`TorchTraceReport.metricValues`) read back per step and device.
    static func traceDevices(_ detail: RunDetail, store: Store) throws -> [HealthTraceDevice] {
        let steps = Dictionary(detail.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        struct Place: Hashable { var stepID: Int64; var node: String; var device: Int }
        var values: [Place: [String: Double]] = [:]
        var order: [Place] = []
        for name in ["trace.overlap_pct", "trace.nccl_us", "trace.exposed_comm_us"] {
            for stored in try store.metrics(runID: detail.run.id, name: name) {
                guard let stepID = stored.stepID, let step = steps[stepID],
                      let device = stored.metric.labels["device"].flatMap(Int.init) else { continue }
                let place = Place(stepID: stepID, node: stored.node ?? step.node, device: device)
                if values[place] == nil { order.append(place) }
                values[place, default: [:]][name] = stored.metric.value
            }
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

    /// The stored summary; a row stored before migration 0110 kept the lines instead.
    static func transport(of stored: StoredNcclStep) -> NcclTransportSummary? {
        stored.transport ?? (stored.legacyDebugLines.isEmpty ? nil : NcclDebugInfo.summarize(stored.legacyDebugLines))
    }

    static func ncclSteps(runID: Int64, store: Store) throws -> [HealthNcclStep] {
        let pairs = try store.pairSlots(runID: runID)
        return try store.ncclSteps(runID: runID).map { stored in
            let rows = try store.ncclResults(stepID: stored.stepID).map { row in
                NcclTestsRow(size: row.size, count: row.count, type: row.type, redop: row.redop, root: row.root,
                             outOfPlace: row.outOfPlace, inPlace: row.inPlace, timestamp: row.timestamp,
                             // The stored row keeps no text line; evidence then names the size only.
                             line: 0)
            }
            var step = HealthNcclStep(
                key: stored.stepKey, name: stored.stepName, node: stored.node, collective: stored.collective,
                devices: stored.devices, rows: rows, outOfBounds: stored.outOfBounds,
                outOfBoundsOK: stored.outOfBoundsOK,
                transport: transport(of: stored))
            step.pairing = pairs[stored.stepID]
            return step
        }
    }
}
