import DSBenchCore
import Foundation

/// Plans as JSON (`dsbench plan --json`): one document, keys sorted within each object, one step a
/// line, written as it is made (`write`), so a plan of 523,776 pair jobs streams instead of being
/// built whole first (docs/performance.md). Secret values are printed as their placeholder
/// (`EnvVar.redacted`).
public enum PlanJSON {
    public static func encode(_ plan: Plan) throws -> String {
        var text = ""
        try write(plan) { text += $0 }
        return text
    }

    /// The header (limits, nodes, suite name), then the steps in pieces of `stepsPerPiece`, then the end.
    public static func write(_ plan: Plan, stepsPerPiece: Int = 1024, to emit: (String) -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        emit("{\"limits\":\(try json(plan.limits)),\"nodes\":\(try json(plan.nodes)),"
             + "\"suiteName\":\(try json(plan.suiteName)),\"steps\":[\n")
        var start = 0
        while start < plan.steps.count {
            let end = min(start + max(stepsPerPiece, 1), plan.steps.count)
            var piece = ""
            for index in start..<end {
                piece += try json(plan.steps[index].redacted)
                piece += index == plan.steps.count - 1 ? "\n" : ",\n"
            }
            emit(piece)
            start = end
        }
        emit("]}\n")
    }

    public static func decode(_ text: String) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: Data(text.utf8))
    }
}
