import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchStore

/// Reads what the health rules need for one run from the store: inventory, facts, topology, nccl
/// rows and NCCL_DEBUG summaries (transports), dmon samples per step, traces, GPU health, nvbandwidth
/// copies and the catalogue's metrics. Turning the rows into the input is DSBenchAnalyze's.
extension HealthInputLoader {
    public static func load(runID: Int64, store: Store, settings: HealthSettings = HealthSettings(),
                            baselineRunID: Int64? = nil) throws -> HealthInput {
        guard let detail = try store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        return try load(detail: detail, store: store, settings: settings, baselineRunID: baselineRunID)
    }

    /// As `load(runID:…)`, for a caller that holds the run's detail already.
    public static func load(detail: RunDetail, store: Store, settings: HealthSettings = HealthSettings(),
                            baselineRunID: Int64? = nil, heldRowLimit: Int = heldRowLimit) throws -> HealthInput {
        let runID = detail.run.id
        var input = HealthInput(settings: settings)
        addInventory(try store.inventorySnapshotGPUs(runID: runID), detail: detail, to: &input)
        addFacts(try store.facts(runID: runID), to: &input)
        input.ncclSteps = try ncclSteps(runID: runID, store: store, heldRowLimit: heldRowLimit)

        let busy = settings.busySteps.map(Set.init)
        for step in detail.steps where step.dmonSampleCount > 0 {
            input.dmonSteps.append(dmonStep(step, samples: try store.dmonSamples(stepID: step.id), busySteps: busy))
        }

        input.traces = traceDevices(try traceMetricNames.flatMap { try store.metrics(runID: runID, name: $0) },
                                    detail: detail)
        (input.gpuStates, input.kernelEvents) = try gpuHealth(detail: detail, store: store)
        let stepKeys = stepKeys(detail)
        let cells = try store.nvbandwidthCells(runID: runID)
        input.hostCopies = hostCopies(cells, stepKeys: stepKeys)
        input.peerCopies = peerCopies(cells, stepKeys: stepKeys)
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

    /// What `show` and the report put in their node health section; the rules read the same.
    public static func gpuHealth(detail: RunDetail, store: Store) throws
        -> (states: [HealthGPUState], events: [HealthKernelEvent]) {
        gpuHealth(try store.gpuHealth(runID: detail.run.id), kernelEvents: try store.kernelEvents(runID: detail.run.id),
                  detail: detail)
    }

    /// The per-GPU measurements of a run, read without the rest of the health input (no nccl rows).
    public static func gpuMeasurements(detail: RunDetail, store: Store, catalogue: [ExpectedMetric] = ExpectedMetric.catalogue)
        throws -> GPUMeasurements {
        let runID = detail.run.id
        let stepKeys = stepKeys(detail)
        let copies = hostCopies(try store.nvbandwidthCells(runID: runID), stepKeys: stepKeys)
        let metrics = try expectedMetrics(detail, store: store, catalogue: catalogue)
        // No copies and no metrics: nothing to show, and the inventory is not read.
        guard !copies.isEmpty || !metrics.isEmpty else { return GPUMeasurements() }
        return GPUMeasurements.build(gpus: healthGPUs(try store.inventorySnapshotGPUs(runID: runID), stepKeys: stepKeys),
                                     copies: copies, metrics: metrics, catalogue: catalogue)
    }

    /// The run's metrics whose name some figure in `catalogue` judges.
    static func expectedMetrics(_ detail: RunDetail, store: Store, catalogue: [ExpectedMetric]) throws -> [HealthMetric] {
        expectedMetrics(try expectedMetricNames(catalogue).flatMap { try store.metrics(runID: detail.run.id, name: $0) },
                        detail: detail)
    }

    /// The stored summary; a row stored before migration 0110 kept the lines instead, summarised here
    /// (the one place analysis input needs the parser).
    static func transport(of stored: StoredNcclStep) -> NcclTransportSummary? {
        stored.transport ?? (stored.legacyDebugLines.isEmpty ? nil : NcclDebugInfo.summarize(stored.legacyDebugLines))
    }

    /// Rows of a run held in memory for the rules, at most (about 60 MB); the steps past it are
    /// read again from the store each time a rule walks them. At 200 MiB of concatenated captures
    /// (580 k rows) the held rows were a third of the ingest's peak (docs/performance.md, session 11).
    public static let heldRowLimit = 262_144

    static func ncclSteps(runID: Int64, store: Store, heldRowLimit: Int = heldRowLimit) throws -> [HealthNcclStep] {
        let pairs = try store.pairSlots(runID: runID)
        let steps = try store.ncclSteps(runID: runID)
        let counts = try store.ncclRowCounts(stepIDs: steps.map(\.stepID))
        // Steps in order while they fit; a step that does not is streamed, the next may still fit.
        var held = 0
        let holds = counts.map { count -> Bool in
            guard held + count <= heldRowLimit else { return false }
            held += count
            return true
        }
        let heldRows = try store.ncclRows(stepIDs: zip(steps, holds).filter(\.1).map(\.0.stepID))
        var nextHeld = heldRows.makeIterator()
        return zip(steps, zip(counts, holds)).map { stored, sized in
            var step = HealthNcclStep(
                key: stored.stepKey, name: stored.stepName, node: stored.node, collective: stored.collective,
                devices: stored.devices, outOfBounds: stored.outOfBounds, outOfBoundsOK: stored.outOfBoundsOK,
                transport: transport(of: stored))
            let stepID = stored.stepID
            step.rows = sized.1 ? NcclRowSequence(nextHeld.next() ?? [])
                : NcclRowSequence(stored: stepID, count: sized.0) { after, limit in
                    try store.ncclRows(stepID: stepID, afterSeq: after, limit: limit)
                }
            step.pairing = pairs[stored.stepID]
            return step
        }
    }
}
