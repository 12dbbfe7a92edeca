import DSBenchCore
@testable import DSBenchEngine
import DSBenchReport
@testable import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import DSBenchVerdict
import Foundation
import Testing

/// A `profile: {tool: ncu}` workload step through the real local executor, with a stand-in `ncu`
/// that runs the job and replays the real `ncu --import … --csv --page raw` of a bf16 GEMM on an
/// H200 (Tests/Fixtures/h200-x1-s5/ncu_import_raw.txt); the real ncu run is in docs/validation.md.
@Suite struct ProfileRunTests {
    static let raw = Fixtures.url("h200-x1-s5").appendingPathComponent("ncu_import_raw.txt")

    static func suite(_ s: StandIns) -> String {
        """
        suite: profiled
        nodes: [local]
        steps:
          - name: gemm-ncu
            workload: [sh, -c, 'echo iter 0 ms 1.5 tflops 733.0']
            metrics: [{name: tflops, regex: 'tflops (?<tflops>[0-9.]+)', direction: higher}]
            profile: {tool: ncu, sections: [SpeedOfLight], kernels: 'gemm|nvjet', launch_skip: 1, launch_count: 2}
        """
    }

    /// The stand-in: `ncu --import …` prints the capture named in `ncu.raw`; a profile run runs the
    /// job and writes the report where `--export` says.
    static func writeStandIn(_ standIns: StandIns, dir: URL) throws {
        try standIns.write("ncu", """
            #!/bin/sh
            printf '%s\\n' ncu "$@" -- >> '\(standIns.argvLog.path)'
            if [ "$1" = "--import" ]; then cat "$(cat '\(dir.path)/ncu.raw')"; exit 0; fi
            out=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --export) out="$2"; shift 2 ;;
                --section|--metrics|--kernel-name|--launch-skip|--launch-count|--target-processes) shift 2 ;;
                --force-overwrite) shift ;;
                *) break ;;
              esac
            done
            echo "==PROF== Connected to process $$"
            "$@"; rc=$?
            if [ -e '\(dir.path)/ncu.refuse' ]; then
              echo "==ERROR== ERR_NVGPUCTRPERM - The user does not have permission to access NVIDIA GPU Performance Counters on the target device 0."
              echo "==WARNING== No kernels were profiled."
              exit 0
            fi
            printf 'NCU-REPORT' > "$out.ncu-rep"
            echo "==PROF== Report: $out.ncu-rep"
            exit $rc
            """)
    }

    /// The capture with every kernel's `gpu__time_duration.sum` multiplied by `factor`.
    static func slowed(by factor: Double) throws -> String {
        let lines = try String(contentsOf: raw, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let headerIndex = lines.firstIndex(where: { $0.hasPrefix("\"ID\"") }) else { return "" }
        let header = QuotedCSV.fields(String(lines[headerIndex]))
        guard let column = header.firstIndex(of: "gpu__time_duration.sum") else { return "" }
        var out = lines.map(String.init)
        for index in (headerIndex + 2)..<lines.count where !lines[index].isEmpty {
            var fields = QuotedCSV.fields(String(lines[index]))
            guard column < fields.count, let value = Double(fields[column].replacingOccurrences(of: ",", with: "")) else { continue }
            fields[column] = String(value * factor)
            out[index] = fields.map { "\"\($0)\"" }.joined(separator: ",")
        }
        return out.joined(separator: "\n")
    }

    static func run(_ standIns: StandIns, store: Store, dir: URL) async throws -> RunOutcome {
        let loaded = try SuiteLoader.load(text: suite(standIns), file: dir.appendingPathComponent("suite.yaml").path)
        return try await Runner.overStandIns(standIns, store: store).run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
            plan: try Planner.plan(loaded.suite), requestNcclJSON: false))
    }

    @Test func theProfiledJobsKernelsLandAsMetricsAndTheReportIsKept() async throws {
        let dir = try makeScratchDirectory("dsbench-profile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        try Self.writeStandIn(standIns, dir: dir)
        try Data(Self.raw.path.utf8).write(to: dir.appendingPathComponent("ncu.raw"))
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Self.run(standIns, store: store, dir: dir)
        let steps = try #require(try store.runDetail(id: outcome.runID)).steps
        #expect(steps.map(\.status) == [.completed], "\(steps.map(\.error))")

        // ncu wrapped the job's argv as separate elements, and the export read the same report.
        let calls = try standIns.invocations().filter { $0.program == "ncu" }
        #expect(calls.count == 2)
        let profiled = try #require(calls.first).args
        let report = try #require(profiled.firstIndex(of: "--export").map { profiled[$0 + 1] })
        #expect(report.hasPrefix("/tmp/dsbench-") && report.hasSuffix("-run\(outcome.runID)-step0-profile"))
        #expect(Array(profiled.suffix(3)) == ["sh", "-c", "echo iter 0 ms 1.5 tflops 733.0"])
        #expect(profiled.contains("regex:gemm|nvjet"))
        #expect(calls.last?.args == ["--import", report + ".ncu-rep", "--csv", "--page", "raw"])
        #expect(!FileManager.default.fileExists(atPath: report + ".ncu-rep"), "the report is removed from /tmp once stored")

        let stored = try store.artifacts(runID: outcome.runID)
        #expect(stored.first { $0.name == "profile-report.stdout" }.map { String(decoding: $0.bytes, as: UTF8.self) } == "NCU-REPORT")
        let durations = try store.queryRaw("SELECT value FROM metrics WHERE name = 'ncu.kernel_duration_us' ORDER BY value")
        #expect(!durations.isEmpty)
        let workload = try store.queryRaw("SELECT count(*) FROM metrics WHERE name LIKE 'tflops%'")
        #expect(workload != ["0"], "the job's own metrics are still read from its output under ncu")

        // show: the kernels as one table under the step, not 20 kernels × 7 metric lines.
        let view = try ShowData.load(runID: outcome.runID, judgement: try RunJudgement.current(runID: outcome.runID, store: store),
                                     store: store)
        let text = RunText.render(view)
        #expect(text.contains("       profile (ncu): "), "\(text)")
        #expect(!text.contains("metric ncu."), "\(text)")
        #expect(text.contains("metric tflops"), "\(text)")
    }

    /// nsys could not run on the lent GPU machine: its stand-in replays `nsys stats` CSV built from a
    /// real public run (Tests/Fixtures/nsys-stats/README.md), and the argv is what is checked.
    @Test func nsysWrapsTheJobAndItsStatsLandAsMetrics() async throws {
        let dir = try makeScratchDirectory("dsbench-profile-nsys")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        let stats = Fixtures.url("nsys-stats").appendingPathComponent("stencil_stats.csv").path
        try standIns.write("nsys", """
            #!/bin/sh
            printf '%s\\n' nsys "$@" -- >> '\(standIns.argvLog.path)'
            if [ "$1" = "stats" ]; then cat '\(stats)'; exit 0; fi
            shift; out=""
            while [ $# -gt 0 ]; do
              case "$1" in --output) out="$2"; shift 2 ;; --trace|--force-overwrite) shift 2 ;; *) break ;; esac
            done
            "$@"; rc=$?
            printf 'NSYS-REPORT' > "$out.nsys-rep"; printf 'db' > "$out.sqlite"
            exit $rc
            """)
        let yaml = """
            suite: profiled-nsys
            nodes: [local]
            steps:
              - name: job-nsys
                command: [sh, -c, 'echo stencil done']
                profile: {tool: nsys, trace: [cuda, osrt], reports: [cuda_gpu_kern_sum, cuda_gpu_mem_time_sum]}
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("suite.yaml").path)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Runner.overStandIns(standIns, store: store).run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
            plan: try Planner.plan(loaded.suite), requestNcclJSON: false))
        let step = try #require(try store.runDetail(id: outcome.runID)?.steps.first)
        #expect(step.status == .completed, "\(String(describing: step.error))")
        let calls = try standIns.invocations().filter { $0.program == "nsys" }
        let report = try #require(calls.first?.args.firstIndex(of: "--output").map { calls[0].args[$0 + 1] })
        #expect(calls.first?.args == ["profile", "--trace", "cuda,osrt", "--output", report, "--force-overwrite", "true",
                                      "sh", "-c", "echo stencil done"])
        #expect(calls.last?.args == ["stats", "--format", "csv", "--report", "cuda_gpu_kern_sum,cuda_gpu_mem_time_sum",
                                     report + ".nsys-rep"])
        for leftover in [".nsys-rep", ".sqlite"] {
            #expect(!FileManager.default.fileExists(atPath: report + leftover), "\(leftover) removed")
        }
        #expect(try store.queryRaw("SELECT count(*) FROM metrics WHERE name = 'nsys.kernel_avg_us'") != ["0"])
        let view = try ShowData.load(runID: outcome.runID, judgement: try RunJudgement.current(runID: outcome.runID, store: store),
                                     store: store)
        #expect(RunText.render(view).contains("       profile (nsys): "), "\(RunText.render(view))")
    }

    @Test func refusedCountersFailTheStepWithTheFix() async throws {
        let dir = try makeScratchDirectory("dsbench-profile-refused")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        try Self.writeStandIn(standIns, dir: dir)
        try Data(Self.raw.path.utf8).write(to: dir.appendingPathComponent("ncu.raw"))
        try Data().write(to: dir.appendingPathComponent("ncu.refuse"))
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Self.run(standIns, store: store, dir: dir)
        let step = try #require(try store.runDetail(id: outcome.runID)?.steps.first)
        #expect(step.status == .failed)
        #expect(step.error?.hasPrefix("ncu on node local: ==ERROR== ERR_NVGPUCTRPERM") == true, "\(String(describing: step.error))")
        #expect(step.error?.contains("NVreg_RestrictProfilingToAdminUsers=0") == true)
        #expect(outcome.judgement?.verdict.status == .error)
    }

    @Test func aKernelTwentyPercentSlowerThanTheBaselineFailsTheVerdict() async throws {
        let dir = try makeScratchDirectory("dsbench-profile-regression")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        try Self.writeStandIn(standIns, dir: dir)
        let rawPointer = dir.appendingPathComponent("ncu.raw")
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        try Data(Self.raw.path.utf8).write(to: rawPointer)
        let first = try await Self.run(standIns, store: store, dir: dir)
        #expect(first.judgement?.verdict.status == .pass, "\(String(describing: first.judgement?.verdict))")

        let slow = dir.appendingPathComponent("slow.csv")
        try Data(try Self.slowed(by: 1.2).utf8).write(to: slow)
        try Data(slow.path.utf8).write(to: rawPointer)
        let second = try await Self.run(standIns, store: store, dir: dir)
        let verdict = try #require(second.judgement?.verdict)
        #expect(verdict.status == .fail)
        let regressions = verdict.checks.filter { $0.outcome == .fail && $0.rule == "regression.metric" }
        #expect(regressions.contains { $0.reason.contains("ncu.kernel_duration_us") && $0.reason.contains("+20.0") },
                "\(verdict.checks.map(\.reason))")
        // show's kernels table carries the same judgement, from the stored verdict.
        let view = try ShowData.load(runID: second.runID, judgement: try RunJudgement.current(runID: second.runID, store: store),
                                     store: store)
        let kernel = try #require(view.profiles.values.first?.kernels.first)
        #expect(kernel.regressed)
        #expect(abs((kernel.baselineChange ?? 0) - 0.2) < 1e-6)
        #expect(RunText.render(view).contains("+20.0 % FAIL"), "\(RunText.render(view))")
    }
}

/// Fields of one quoted CSV line as ncu writes it (every field quoted, commas inside quotes).
enum QuotedCSV {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted: fields.append(current); current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
