import DSBenchCore

/// Splits the samples of a run-long dmon capture among the steps that ran beside it.
///
/// A sample belongs to the step whose window holds the byte where its line starts; a sample in
/// no window (before the first step, between steps, during a step that opted out of captures)
/// is idle (no step). Windows that overlap (steps of one node run concurrently) give the sample
/// to the one that started first. Parts keep the capture's order, so the store's insertion order
/// stays time order; the capture's diagnostics go with the first part.
enum DmonAttribution {
    struct Part: Equatable {
        var stepID: Int64?
        var capture: DmonCapture
    }

    static func split(_ capture: DmonCapture, bytes: [UInt8], windows: [CaptureWindow]) -> [Part] {
        let lineStarts = lineStartOffsets(bytes)
        let ordered = windows.sorted { ($0.from, $0.stepID) < ($1.from, $1.stepID) }
        var parts: [Part] = []
        for sample in capture.samples {
            let index = sample.line - 1
            let offset = lineStarts.indices.contains(index) ? lineStarts[index] : bytes.count
            let owner = ordered.first { $0.from <= offset && offset < $0.to }?.stepID
            if let last = parts.last, last.stepID == owner {
                parts[parts.count - 1].capture.samples.append(sample)
            } else {
                parts.append(Part(stepID: owner, capture: DmonCapture(columns: capture.columns, units: capture.units,
                                                                      samples: [sample])))
            }
        }
        if parts.isEmpty {
            parts.append(Part(stepID: nil, capture: DmonCapture(columns: capture.columns, units: capture.units)))
        }
        parts[0].capture.diagnostics = capture.diagnostics
        return parts
    }

    /// Byte offset of the start of each line, 0-based by line (line 1 starts at 0).
    static func lineStartOffsets(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && offset + 1 < bytes.count {
            starts.append(offset + 1)
        }
        return starts
    }
}
