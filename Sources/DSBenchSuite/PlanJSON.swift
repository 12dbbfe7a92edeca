import DSBenchCore
import Foundation

/// Plans as JSON (`dsbench plan --format json`): Codable with sorted keys, so output is stable.
public enum PlanJSON {
    /// Secret values are printed as their placeholder (`EnvVar.redacted`).
    public static func encode(_ plan: Plan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(plan.redacted), as: UTF8.self) + "\n"
    }

    public static func decode(_ text: String) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: Data(text.utf8))
    }
}
