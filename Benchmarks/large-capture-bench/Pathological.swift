import DSBenchCore
import DSBenchParse
import Foundation

/// `--pathological`: every parser on a real capture with one line stretched to 256 KiB … 4 MiB
/// (trailing blanks, one long word, many columns), best of 3. The strict figures behind the
/// unit test's generous bound (`ParserLinearityTests`): before the fix, 64 KiB of trailing
/// blanks took about a minute in query-gpu, topo, nvlink and os-release, ×4 per doubling.
enum Pathological {
    static let captures: [(ParserKind, String)] = [
        (.ncclTests, "b_all_reduce_8-8G_r1.txt"), (.dmon, "f_dmon_pucvmet_during_allreduce.txt"),
        (.queryGPU, "a_query-gpu_csv.txt"), (.topo, "a_topo-m.txt"), (.nvlink, "a_nvlink-s.txt"),
        (.smiSummary, "a_nvidia-smi.txt"), (.uname, "a_uname.txt"), (.osRelease, "a_os-release.txt"),
        (.workload, "h_ddp_step_torchrun.txt"), (.workloadLog, "h_ddp_step_torchrun.txt"),
    ]
    static let tails = [("blanks", " \t"), ("word", "x"), ("comma columns", ", 1"), ("tab columns", "\tNV18")]
    static let sizes = [256 << 10, 512 << 10, 1 << 20, 2 << 20, 4 << 20]

    static func run(fixtures: URL) throws {
        print("| parser | line | " + sizes.map { "\($0 >> 10) KiB" }.joined(separator: " | ") + " | worst × per doubling |")
        print("|---|---|" + String(repeating: "---:|", count: sizes.count + 1))
        for (kind, name) in captures {
            let capture = Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
            for (label, unit) in tails {
                var times: [Double] = []
                for size in sizes {
                    let input = stretched(capture, line: 1, unit: unit, size: size)
                    times.append((0..<3).map { _ in
                        let started = now()
                        _ = Parsers.parse(kind, input)
                        return now() - started
                    }.min() ?? 0)
                }
                let worst = zip(times.dropFirst(), times).map { max($0, 1e-4) / max($1, 1e-4) }.max() ?? 0
                print("| \(kind.rawValue) | \(label) | " + times.map { String(format: "%.1f ms", $0 * 1000) }
                    .joined(separator: " | ") + String(format: " | %.2f |", worst))
            }
        }
    }

    static func stretched(_ capture: [UInt8], line at: Int, unit: String, size: Int) -> [UInt8] {
        var lines = capture.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let index = min(at, lines.count - 1)
        let piece = Array(unit.utf8)
        lines[index] += Array(repeating: piece, count: max(1, size / piece.count)).joined()
        return Array(lines.joined(separator: [0x0A]))
    }
}
