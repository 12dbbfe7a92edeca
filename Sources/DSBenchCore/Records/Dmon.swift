/// `nvidia-smi dmon` output (text or `--format csv`), columns taken from the header by name.
public struct DmonCapture: Sendable, Codable, Equatable {
    /// Column names of the last header seen, lower-cased, without `#` (`date`, `time`, `gpu`, `pwr` …).
    public var columns: [String]
    /// Units line, aligned with `columns` (`YYYYMMDD`, `HH:MM:SS`, `Idx`, `W`, …).
    public var units: [String]
    public var samples: [DmonSample]
    public var diagnostics: [Diagnostic]

    public init(columns: [String] = [], units: [String] = [], samples: [DmonSample] = [],
                diagnostics: [Diagnostic] = []) {
        self.columns = columns; self.units = units; self.samples = samples; self.diagnostics = diagnostics
    }
}

public struct DmonSample: Sendable, Codable, Equatable {
    /// nvidia-smi index of the GPU (not the CUDA ordinal).
    public var gpu: Int
    /// Sampling round: increases each time a GPU index repeats or the date/time changes.
    public var round: Int
    /// `YYYY-MM-DD HH:MM:SS` built from `-o DT` columns (node-local time), or `HH:MM:SS` with `-o T`.
    public var timestamp: String?
    /// Every numeric column but gpu/date/time, by lower-cased header name; nil for `-`.
    public var values: [String: Double?]
    public var line: Int

    public init(gpu: Int, round: Int, timestamp: String?, values: [String: Double?], line: Int) {
        self.gpu = gpu; self.round = round; self.timestamp = timestamp; self.values = values; self.line = line
    }
}
