import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport

/// Health inputs built from the real 8×H200 captures (node `vm`), and edited variants of them.
enum HealthFixtures {
    static let node = "vm"

    static func report(_ name: String) throws -> NcclTestsReport {
        NcclTestsParser.parse(Array(try Fixtures.h200(name).utf8))
    }

    static func step(_ name: String, node: String = node) throws -> HealthNcclStep {
        HealthNcclStep(key: "\(name)#0@\(node)", name: name, node: node, report: try report(name))
    }

    static func gpus(node: String = node) throws -> [HealthGPU] {
        HealthGPU.from(GPUQueryParser.parse(Array(try Fixtures.h200("a_query-gpu_csv.txt").utf8)), node: node)
    }

    static func topology() throws -> TopologyMatrix {
        TopologyParser.parse(Array(try Fixtures.h200("a_topo-m.txt").utf8))
    }

    /// Inventory and topology of the capture machine plus the given steps.
    static func input(nccl: [HealthNcclStep] = [], dmon: [HealthDmonStep] = [],
                      settings: HealthSettings = HealthSettings()) throws -> HealthInput {
        HealthInput(gpus: try gpus(), topologies: [node: try topology()], ncclSteps: nccl, dmonSteps: dmon,
                    settings: settings)
    }

    static let dmonCapture = "f_dmon_pucvmet_during_allreduce.txt"

    static func dmon(_ text: String, expectBusy: Bool, key: String = "f_all_reduce#0@vm") -> HealthDmonStep {
        HealthDmonStep(key: key, name: "f_all_reduce", node: node, expectBusy: expectBusy,
                       capture: DmonParser.parse(Array(text.utf8)))
    }

    static func realDmon(expectBusy: Bool = false) throws -> HealthDmonStep {
        dmon(try Fixtures.h200(dmonCapture), expectBusy: expectBusy)
    }

    /// The capture with some cells rewritten: `edit` gets the header names and a data line's
    /// tokens and returns the new values by column name (an empty result keeps the line).
    static func editedDmon(_ edit: (_ tokens: [String: String]) -> [String: String]) throws -> String {
        var columns: [String] = []
        return try Fixtures.h200(dmonCapture).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("#") {
                if !line.hasPrefix("#YYYY") { columns = line.dropFirst().split(separator: " ").map { $0.lowercased() } }
                return String(line)
            }
            var tokens = line.split(separator: " ").map(String.init)
            guard tokens.count == columns.count else { return String(line) }
            let changes = edit(Dictionary(uniqueKeysWithValues: zip(columns, tokens)))
            for (column, value) in changes { if let index = columns.firstIndex(of: column) { tokens[index] = value } }
            return " " + tokens.map { String(repeating: " ", count: max(0, 6 - $0.count)) + $0 }.joined(separator: " ") + " "
        }.joined(separator: "\n")
    }

    static func findings(_ input: HealthInput, rule: String) -> [Finding] {
        HealthCheck.run(input).filter { $0.rule == rule }
    }
}
