import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// The pathological-length family of the fuzz suite: every parser of `Parsers` is fed a real
/// capture with one line made 64, 128 and 256 KiB long (trailing blanks, one long word, many
/// columns of each separator its format knows), and the time must grow about linearly.
///
/// Before the fix one line of 64 KiB trailing blanks took 35 s in query-gpu (debug build), ×4 per
/// doubling. The bound here is generous on purpose (each doubling < 3× on average, the best of 3 tries,
/// 10 ms floor) so that a loaded 2-core CI box does not flake; speed figures live in `Benchmarks/`.
@Suite(.serialized) struct ParserLinearityTests {
    static let sizes = [64 << 10, 128 << 10, 256 << 10]
    static let maxRatioPerDoubling = 3.0
    /// Times below this are noise (timer, allocator): a ratio of two of them says nothing.
    static let floorSeconds = 0.010
    /// A linear parse of 256 KiB takes milliseconds; past this the parser is not linear, and
    /// waiting for the larger sizes would only make the failing test slow.
    static let hopelessSeconds = 10.0

    /// Tails appended to one line of a real capture.
    static let tails: [(name: String, unit: String)] = [
        ("spaces", " "), ("blanks", " \t"), ("word", "x"), ("comma columns", ", 1"),
        ("tab columns", "\tNV18"), ("space columns", " NV18"), ("unavailable", "[N/A], "),
        ("escapes", "\u{1B}[4m"), ("carriage returns", "\r"),
    ]

    /// Each parser with a real capture of its format.
    static let captures: [(ParserKind, String)] = [
        (.ncclTests, "h200-x8/b_all_reduce_8-8G_r1.txt"),
        (.dmon, "h200-x8/f_dmon_pucvmet_during_allreduce.txt"),
        (.queryGPU, "h200-x8/a_query-gpu_csv.txt"),
        (.topo, "h200-x8/a_topo-m.txt"),
        (.nvlink, "h200-x8/a_nvlink-s.txt"),
        (.smiSummary, "h200-x8/a_nvidia-smi.txt"),
        (.uname, "h200-x8/a_uname.txt"),
        (.osRelease, "h200-x8/a_os-release.txt"),
        (.workload, "h200-x2-workload/tiny_ddp_stdout.txt"),
        (.workloadLog, "h200-x2-workload/oom_torchrun_stderr.txt"),
        (.nvbandwidth, "h200-x1/nvb_all.txt"),
        (.smiQ, "health/smi_q_perf.txt"),
        (.smiHealth, "health/smi_query_health.txt"),
        (.kernelLog, "health/dmesg_nvrm.txt"),
        (.nvlinkErrors, "health/built_nvlink_e.txt"),
        (.ncuCSV, "h200-x1/ncu_sol_csv.txt"),
        (.nsysStats, "nsys-stats/stencil_stats.csv"),
    ]

    /// `capture` with line `at` (0-based) extended by `unit` repeated to `size` bytes.
    static func stretched(_ capture: [UInt8], line at: Int, unit: String, size: Int) -> [UInt8] {
        var lines = capture.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let index = min(at, lines.count - 1)
        let piece = Array(unit.utf8)
        lines[index] += Array(repeating: piece, count: max(1, size / piece.count)).joined()
        return Array(lines.joined(separator: [0x0A]))
    }

    /// The best of three tries, in seconds.
    static func seconds(_ kind: ParserKind, _ input: [UInt8]) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let started = clock.now
            let records = Parsers.parse(kind, input)
            let elapsed = clock.now - started
            _ = records.diagnostics.count
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }

    /// Failure messages for every family whose time grows faster than linearly: the growth per
    /// doubling is the geometric mean over the two doublings (64 → 256 KiB), which halves the
    /// effect of one noisy timing; a quadratic parser shows ×4.
    static func superlinear(_ kind: ParserKind, _ capture: [UInt8], families: [(name: String, make: (Int) -> [UInt8])]) -> [String] {
        var problems: [String] = []
        family: for family in families {
            var times: [Double] = []
            for size in sizes {
                let time = seconds(kind, family.make(size))
                if time > hopelessSeconds {
                    problems.append("\(kind.rawValue) \(family.name): \(size >> 10) KiB took \(time) s")
                    continue family
                }
                times.append(time)
            }
            let growth = max(times[times.count - 1], floorSeconds) / max(times[0], floorSeconds)
            let perDoubling = growth.squareRoot()
            if perDoubling >= maxRatioPerDoubling {
                let shown = zip(sizes, times).map { "\($0 >> 10) KiB \($1) s" }.joined(separator: ", ")
                problems.append("\(kind.rawValue) \(family.name): ×\(perDoubling) per doubling (\(shown))")
            }
        }
        return problems
    }

    static func lineFamilies(_ capture: [UInt8]) -> [(name: String, make: (Int) -> [UInt8])] {
        // Line 2 is past the header in every format here (a data row, a matrix row, a link line).
        [0, 1].flatMap { line in
            tails.map { tail in
                (name: "\(tail.name) on line \(line + 1)",
                 make: { size in stretched(capture, line: line, unit: tail.unit, size: size) })
            }
        }
    }

    @Test(arguments: captures.map(\.0))
    func lineParserGrowsLinearly(_ kind: ParserKind) throws {
        let path = try #require(Self.captures.first { $0.0 == kind }?.1)
        let capture = Array(try Fixtures.data(path))
        let problems = Self.superlinear(kind, capture, families: Self.lineFamilies(capture))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// JSON formats: long strings (with escapes), long runs of blanks, many values, deep nesting.
    static func jsonFamilies(_ capture: [UInt8]) -> [(name: String, make: (Int) -> [UInt8])] {
        func wrapped(_ make: @escaping (Int) -> String) -> (Int) -> [UInt8] { { Array(make($0).utf8) } }
        let text = String(decoding: capture, as: UTF8.self)
        return [
            ("capture with blanks after each comma", { size in
                Array(text.replacingOccurrences(of: ",", with: "," + String(repeating: " ", count: size / 1000)).utf8)
            }),
            ("long string", wrapped { #"{"traceEvents": [{"name": ""# + String(repeating: "x", count: $0) + #""}]}"# }),
            ("escaped string", wrapped { #"{"traceEvents": [{"name": ""# + String(repeating: #"\""#, count: $0 / 2) + #""}]}"# }),
            ("blanks", wrapped { #"{"traceEvents": ["# + String(repeating: " \n\t", count: $0 / 3) + "]}" }),
            ("many values", wrapped { #"{"traceEvents": ["# + String(repeating: "1,", count: $0 / 2) + "1]}" }),
            ("many keys", wrapped { #"{"traceEvents": [{"#
                + (0..<($0 / 8)).map { #""k\#($0)":1"# }.joined(separator: ",") + "}]}" }),
            ("deep nesting", wrapped { String(repeating: "[", count: $0 / 2) + String(repeating: "]", count: $0 / 2) }),
            ("unclosed nesting", wrapped { #"{"traceEvents": ["# + String(repeating: #"{"a":["#, count: $0 / 6) }),
        ]
    }

    /// nvbandwidth's JSON on its byte reader (NvbandwidthJSONBytes): the shapes it stays on (many
    /// testcases, a wide matrix, a long description) and the generic ones, which fall back to
    /// JSONSerialization.
    @Test func nvbandwidthJSONGrowsLinearly() throws {
        let capture = Array(try Fixtures.data("h200-x1/nvb_json.txt"))
        func document(_ testcases: String) -> [UInt8] {
            Array(#"{"nvbandwidth": {"CUDA Runtime Version": 13000, "testcases": ["#.utf8) + Array(testcases.utf8) + Array("]}}".utf8)
        }
        func testcase(description: String = "memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)", row: String = #""54.8156""#) -> String {
            #"{"bandwidth_description": "\#(description)", "bandwidth_matrix": [[\#(row)]], "name": "h2d", "status": "Passed", "sum": 54.815607519000004}"#
        }
        let one = testcase()
        let families: [(name: String, make: (Int) -> [UInt8])] = [
            ("many testcases", { size in document(Array(repeating: one, count: max(1, size / one.utf8.count)).joined(separator: ",")) }),
            ("wide matrix row", { size in document(testcase(row: Array(repeating: #""54.8156""#, count: size / 10).joined(separator: ","))) }),
            ("long description", { size in document(testcase(description: "memcpy CE " + String(repeating: "x", count: size)
                                                                + " CPU(row) -> GPU(column) bandwidth (GB/s)")) }),
        ] + Self.jsonFamilies(capture)
        let parsed = NvbandwidthParser.parse(document(one))
        #expect(parsed.testcases.first?.status == .passed && parsed.testcases.first?.values == [[54.8156]],
                "the documents built here parse: \(parsed.testcases) \(parsed.diagnostics)")
        let problems = Self.superlinear(.nvbandwidth, capture, families: families)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func torchTraceGrowsLinearly() throws {
        let capture = Gunzip.inflate(Array(try Fixtures.data("h200-x2-workload/tiny_ddp_trace_rank0_steps10-14.json.gz")), limit: 1 << 30).bytes
        let problems = Self.superlinear(.torchTrace, capture, families: Self.jsonFamilies(capture))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func ncclTestsJSONGrowsLinearly() throws {
        let capture = Array(try Fixtures.data("h200-x2-iter/j_all_reduce_I_r1.json"))
        let problems = Self.superlinear(.ncclTestsJSON, capture, families: Self.jsonFamilies(capture))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Every parser `Parsers` dispatches to is covered above.
    @Test func everyParserIsCovered() {
        let covered = Set(Self.captures.map(\.0) + [.torchTrace, .ncclTestsJSON])
        #expect(covered == Set(ParserKind.allCases))
    }
}
