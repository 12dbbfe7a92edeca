import DSBenchCore

/// Collects diagnostics with a cap, so that a multi-gigabyte garbage file yields a bounded
/// report instead of one diagnostic per line.
struct NcclTextDiagnostics {
    static let limit = 200
    private(set) var items: [Diagnostic] = []
    private var suppressed = 0

    mutating func add(_ severity: Diagnostic.Severity, line: Int?, _ message: String) {
        if items.count < Self.limit { items.append(Diagnostic(severity, line: line, message)) } else { suppressed += 1 }
    }

    /// The diagnostics, with a last note saying how many were left out.
    var final: [Diagnostic] {
        guard suppressed > 0 else { return items }
        return items + [Diagnostic(.note, line: nil, "\(suppressed) more diagnostics not shown")]
    }
}
