import DSBenchCore
import DSBenchTestSupport
import Testing
@testable import DSBenchSuite

/// `inventory: {health: …, kernel_log_window: …}` in a suite, and the argv it plans.
@Suite struct InventoryHealthSuiteTests {
    static func plan(_ inventory: String) throws -> PlannedStep {
        let loaded = try SuiteLoader.load(text: "suite: h\nsteps:\n  - name: inventory\n    inventory: \(inventory)\n", file: "h.yaml")
        return try #require(try Planner.plan(loaded.suite).steps.first)
    }

    @Test func offByDefault() throws {
        #expect(try Self.plan("{}").commands.map(\.label) == ["query-gpu", "topo", "nvlink", "smi", "uname", "os-release"])
        #expect(try Self.plan("{health: off}").commands.count == 6)
        #expect(try Self.plan("{health: false}").commands.count == 6)
    }

    @Test func fullHealthArgvAreArrays() throws {
        let commands = try Self.plan("{health: full, kernel_log_window: 2h}").commands.suffix(5)
        #expect(commands.map(\.label) == ["smi-health", "smi-q", "nvlink-errors", "kernel-log", "kernel-log-dmesg"])
        #expect(commands.map(\.parser) == [.smiHealth, .smiQ, .nvlinkErrors, .kernelLog, .kernelLog])
        #expect(commands.allSatisfy { $0.optional })
        let argv = Dictionary(uniqueKeysWithValues: commands.map { ($0.label, $0.argv) })
        #expect(argv["smi-q"] == ["nvidia-smi", "-q", "-d", "PERFORMANCE,CLOCK,POWER,TEMPERATURE,ECC,PAGE_RETIREMENT,ROW_REMAPPER"])
        #expect(argv["kernel-log"] == ["journalctl", "-k", "--no-pager", "-o", "short-iso", "--since=-7200s"])
        #expect(argv["kernel-log-dmesg"] == ["dmesg", "--time-format=iso"])
        #expect(argv["smi-health"]?.first == "nvidia-smi" && argv["smi-health"]?.last == "--format=csv")
        #expect(try Self.plan("{health: true}").commands.count == 11)
        #expect(try Self.plan("{health: quick}").commands.map(\.label).suffix(3) == ["smi-health", "kernel-log", "kernel-log-dmesg"])
    }

    @Test func badValuesAreSuiteErrors() {
        for (text, expected) in [("{health: yes please}", "health capture: off, quick, full"),
                                 ("{kernel_log_window: soon}", "a duration"),
                                 ("{healht: full}", "unknown key 'healht'")] {
            do {
                _ = try Self.plan(text)
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".contains(expected), "\(text): \(error)")
            }
        }
    }

    @Test func shippedSuitesCaptureHealth() throws {
        for (file, before, after) in [("nightly.yaml", true, false), ("quarterly.yaml", true, true)] {
            let plan = try Planner.plan(SuiteLoader.load(path: shippedSuitePath(file)).suite)
            let inventories = plan.steps.filter { $0.kind == .inventory }
            #expect(inventories.first?.commands.contains { $0.label == "smi-q" } == before, "\(file)")
            if after { #expect(inventories.last?.commands.contains { $0.label == "smi-q" } == true && inventories.count == 2, "\(file)") }
        }
    }
}
