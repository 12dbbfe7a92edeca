import Testing
import DSBenchCore
@testable import DSBenchSuite

/// `profile:` on workload and command steps: the wrapped argv (arrays, the report named at run
/// time), the export, keep and cleanup commands, and the errors.
@Suite struct ProfileStepTests {
    static func plan(_ step: String) throws -> Plan {
        try Planner.plan(SuiteLoader.load(text: "suite: t\nsteps:\n  - " + step + "\n", file: "t.yaml").suite)
    }

    @Test func ncuWrapsTheJobAndExportsTheRawPage() throws {
        let step = try #require(try Self.plan("""
            {name: g, workload: [python3, gemm.py, --size, 8192], profile: {tool: ncu, sections: [SpeedOfLight],
             metrics: [dram__bytes_read.sum], kernels: 'gemm|xmma', launch_skip: 3, launch_count: 5}}
            """).steps.first)
        let token = ProfileReportPlaceholder.token
        #expect(step.commands.map(\.label) == ["main", "profile-export", "profile-report", "profile-cleanup"])
        #expect(step.commands[0].argv == ["ncu", "--export", token, "--force-overwrite", "--target-processes", "all",
                                          "--section", "SpeedOfLight", "--metrics", "dram__bytes_read.sum",
                                          "--kernel-name", "regex:gemm|xmma", "--launch-skip", "3", "--launch-count", "5",
                                          "python3", "gemm.py", "--size", "8192"])
        #expect(step.commands[0].parser == .workload, "the job's own metrics are still read")
        #expect(step.commands[1].argv == ["ncu", "--import", token + ".ncu-rep", "--csv", "--page", "raw"])
        #expect(step.commands[1].parser == .ncuCSV)
        #expect(step.commands[2].argv == ["cat", token + ".ncu-rep"] && step.commands[2].parser == nil)
        #expect(step.commands[3].optional && step.commands[3].argv == ["rm", "-f", token + ".ncu-rep"])
        let resolved = step.commands[1].resolvingProfileReport("/tmp/r")
        #expect(resolved.argv[2] == "/tmp/r.ncu-rep" && !resolved.needsProfileReport && step.commands[1].needsProfileReport)
    }

    @Test func ncuDefaultsAndNsysReports() throws {
        let ncu = try #require(try Self.plan("{name: c, command: [./app], profile: {tool: ncu}}").steps.first)
        #expect(ncu.commands[0].argv.filter { $0 == "--section" }.count == ProfileSpec.defaultSections.count)
        let nsys = try #require(try Self.plan("""
            {name: n, command: [./app, '--flag=a b'], profile: {tool: nsys, trace: [cuda, nvtx], reports: [cuda_gpu_kern_sum]}}
            """).steps.first)
        let token = ProfileReportPlaceholder.token
        #expect(nsys.commands[0].argv == ["nsys", "profile", "--trace", "cuda,nvtx", "--output", token,
                                          "--force-overwrite", "true", "./app", "--flag=a b"])
        #expect(nsys.commands[1].argv == ["nsys", "stats", "--format", "csv", "--report", "cuda_gpu_kern_sum",
                                          token + ".nsys-rep"])
        #expect(nsys.commands[1].parser == .nsysStats)
        #expect(nsys.commands[3].argv == ["rm", "-f", token + ".nsys-rep", token + ".sqlite"])
    }

    @Test func badProfilesSayWhatAndWhere() {
        let cases: [(String, String)] = [
            ("{name: a, nccl: all_reduce, profile: {tool: ncu}}", "'profile' only in workload and command steps"),
            ("{name: a, command: [x], profile: {tool: nvprof}}", "nvprof"),
            ("{name: a, command: [x], profile: {sections: [SpeedOfLight]}}", "tool"),
            ("{name: a, command: [x], profile: {tool: ncu, trace: [cuda]}}", "'trace' only with tool: nsys"),
            ("{name: a, command: [x], profile: {tool: nsys, kernels: gemm}}", "'kernels' only with tool: ncu"),
            ("{name: a, command: [x], profile: {tool: ncu, kernels: '(unclosed'}}", "a regular expression that compiles"),
            ("{name: a, command: [x], profile: {tool: ncu, launch_count: 0}}", "launch count from 1"),
            ("{name: a, command: [x], profile: {tool: ncu, sections: ['Speed Of Light']}}", "one name per element"),
            ("{name: a, command: [x], profile: {tool: ncu, bogus: 1}}", "bogus"),
        ]
        for (step, expected) in cases {
            let errors = loadErrors("suite: t\nsteps:\n  - " + step + "\n")
            #expect(errors.contains { $0.contains(expected) }, "\(step): \(errors)")
            #expect(errors.allSatisfy { $0.contains("bad.yaml:3:") }, "\(errors)")
        }
    }
}
