import Foundation

/// The part of a run-long capture's stdout that one step owns: bytes `from..<to`, the capture's
/// stdout length when the step's first command started and after its last one ended.
///
/// One `nvidia-smi dmon` runs per node for the whole run: started and stopped around every step
/// it cost 0.87 s a step on an H200 node (issue 13), most of it NVML start-up and the wait for
/// the first sample. Windows in bytes, not clock times, because dmon's `-o DT` stamps are the
/// node's local time at one-second resolution, and a step can be shorter than that.
public struct CaptureWindow: Sendable, Codable, Equatable {
    public var stepID: Int64
    public var from: Int
    public var to: Int

    public init(stepID: Int64, from: Int, to: Int) {
        self.stepID = stepID; self.from = from; self.to = to
    }

    enum CodingKeys: String, CodingKey { case stepID = "step_id", from, to }
}

/// The windows of one capture on one node, stored as the artifact `<capture>.windows.json` beside
/// its `<capture>.stdout` (both with no step): `reparse` splits the samples again from these two.
public struct CaptureWindows: Sendable, Codable, Equatable {
    public var version = 1
    public var windows: [CaptureWindow]

    public init(windows: [CaptureWindow]) { self.windows = windows }

    public static func artifactName(capture: String) -> String { "\(capture).windows.json" }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain integers cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{\"version\":1,\"windows\":[]}".utf8))
    }

    /// nil for bytes that are not such a file (an artifact edited by hand, say): the samples are then idle.
    public static func decode(_ bytes: [UInt8]) -> CaptureWindows? {
        try? JSONDecoder().decode(CaptureWindows.self, from: Data(bytes))
    }
}
