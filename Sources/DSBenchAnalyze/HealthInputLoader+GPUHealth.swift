import DSBenchCore

extension HealthInputLoader {
    /// The `gpu_health` readings grouped back into one state per capture and GPU, and the stored
    /// kernel events, each with the key of the step that captured it: what `show` and the report
    /// put in their node health section, and what the rules read.
    public static func gpuHealth(_ rows: [GPUHealthRow], kernelEvents: [KernelEventRow], detail: RunDetail)
        -> (states: [HealthGPUState], events: [HealthKernelEvent]) {
        let stepKeys = stepKeys(detail)
        struct Place: Hashable { var artifact: Int64; var node: String; var gpu: Int; var source: String }
        var order: [Place] = []
        var states: [Place: HealthGPUState] = [:]
        for row in rows {
            let place = Place(artifact: row.artifactID ?? 0, node: row.node, gpu: row.gpuIndex, source: row.source)
            if states[place] == nil {
                order.append(place)
                states[place] = HealthGPUState(node: row.node, index: row.gpuIndex, pciBusID: row.pciBusID,
                                               stepKey: row.stepID.flatMap { stepKeys[$0] }, capture: place.artifact,
                                               source: row.source, values: [:])
            }
            states[place]?.values[row.key] = GPUHealthValue(key: row.key, text: row.value, number: row.number)
        }
        let events = kernelEvents.map { row in
            HealthKernelEvent(node: row.node, stepKey: row.stepID.flatMap { stepKeys[$0] }, capture: row.artifactID ?? 0,
                              event: row.event)
        }
        return (order.compactMap { states[$0] }, events)
    }
}
