import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench parse KIND FILE` on the real captures: JSON on stdout, diagnostics on stderr, and the
/// exit codes of bad input (65) and bad usage (64).
@Suite struct CLIParseTests {
    static func capture(_ name: String) -> String { Fixtures.url("h200-x8/" + name).path }

    @Test func ncclTestsCaptureBecomesJSON() async throws {
        let cli = try CLI.make("parse-nccl")
        defer { cli.removeScratch() }
        let result = try await cli.run(["parse", "nccl-tests", Self.capture("b_all_reduce_8-8G_r1.txt")], withDB: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let json = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(json["complete"] as? Bool == true)
        #expect(json["avg_busbw"] as? Double == 121.667)
        #expect(json["out_of_bounds"] as? Int == 0)
        #expect(json["program"] as? String == "all_reduce_perf")
        #expect(json["nccl_tests_version"] as? String == "2.19.6")
        #expect((json["devices"] as? [Any])?.count == 8)
        #expect((json["errors"] as? [Any])?.isEmpty == true)
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect(parameters["n_gpus"] as? Int == 8)
        #expect(parameters["max_bytes"] as? Int == 8_589_934_592)
        #expect(parameters["iters"] as? Int == 20)

        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 31)
        #expect(rows.map { $0["size"] as? Int ?? -1 } == (0..<31).map { 8 << $0 }, "8 B doubling to 8 GiB")
        let first = try #require(rows.first)
        #expect(first["count"] as? Int == 2)
        #expect(first["type"] as? String == "float")
        #expect(first["redop"] as? String == "sum")
        #expect(first["root"] as? Int == -1)
        #expect((first["out_of_place"] as? [String: Any])?["time_us"] as? Double == 48.6)
        #expect((first["in_place"] as? [String: Any])?["time_us"] as? Double == 51.25)
        let last = try #require(rows.last)
        let outOfPlace = try #require(last["out_of_place"] as? [String: Any])
        #expect(outOfPlace["time_us"] as? Double == 40985.3)
        #expect(outOfPlace["algbw"] as? Double == 209.59)
        #expect(outOfPlace["busbw"] as? Double == 366.77)
        #expect(outOfPlace["wrong"] as? Int == 0)
        #expect((last["in_place"] as? [String: Any])?["busbw"] as? Double == 366.97)
    }

    @Test func smiCapturesBecomeJSON() async throws {
        let cli = try CLI.make("parse-smi")
        defer { cli.removeScratch() }

        let dmon = try await cli.run(["parse", "dmon", Self.capture("f_dmon_pucvmet_during_allreduce.txt")], withDB: false)
        #expect(dmon.status == 0, "\(dmon)")
        let dmonJSON = try #require(try parseJSON(dmon.stdout) as? [String: Any])
        let samples = try #require(dmonJSON["samples"] as? [[String: Any]])
        #expect(samples.count == 184, "23 complete rounds × 8 GPUs; the cut last row is dropped")
        #expect(samples.first?["gpu"] as? Int == 0)
        #expect(samples.first?["timestamp"] as? String == "2026-11-22 09:48:45")
        #expect(samples.first?["pwr"] as? Double == 126)
        #expect(samples.first?["mclk"] as? Double == 3201)
        #expect((dmonJSON["columns"] as? [String])?.count == 24)
        // The diagnostic is data: file:line on stderr, and in the JSON.
        #expect(dmon.stderr.contains("f_dmon_pucvmet_during_allreduce.txt:195: warning: row cut short"), "\(dmon)")

        let query = try await cli.run(["parse", "query-gpu", Self.capture("a_query-gpu_csv.txt")], withDB: false)
        #expect(query.status == 0, "\(query)")
        let gpus = try #require((try parseJSON(query.stdout) as? [String: Any])?["gpus"] as? [[String: Any]])
        #expect(gpus.count == 8)
        #expect(gpus.first?["uuid"] as? String == "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032")
        #expect(gpus.first?["pci.bus_id"] as? String == "00000000:00:06.0")
        #expect(Set(gpus.compactMap { $0["name"] as? String }) == ["NVIDIA H200"])

        // Without a header line the field list comes from --fields.
        let fields = "index,name,uuid,pci.bus_id,driver_version,vbios_version,memory.total,pcie.link.gen.current,"
            + "pcie.link.gen.max,pcie.link.width.current,pcie.link.width.max,compute_cap,persistence_mode,"
            + "power.limit,clocks.max.sm,clocks.max.mem"
        let bare = Self.capture("a_query-gpu_csv_nounits_noheader.txt")
        let withoutFields = try await cli.run(["parse", "query-gpu", bare], withDB: false)
        #expect(withoutFields.status == 65, "\(withoutFields)")
        #expect(withoutFields.stderr.contains("a_query-gpu_csv_nounits_noheader.txt:1: error: not nvidia-smi --query-gpu CSV"))
        #expect(withoutFields.stderr.contains("(--fields)"))
        let withFields = try await cli.run(["parse", "query-gpu", bare, "--fields", fields], withDB: false)
        #expect(withFields.status == 0, "\(withFields)")
        let bareGPUs = (try parseJSON(withFields.stdout) as? [String: Any])?["gpus"] as? [[String: Any]]
        #expect(bareGPUs?.count == 8)
        #expect(bareGPUs?.last?["uuid"] as? String == "GPU-bd05f9f8-5085-18ad-8e40-1184d7d59b6b")

        let topo = try await cli.run(["parse", "topo", Self.capture("a_topo-m.txt")], withDB: false)
        #expect(topo.status == 0, "\(topo)")
        let topoJSON = try #require(try parseJSON(topo.stdout) as? [String: Any])
        #expect(topoJSON["devices"] as? [String] == (0..<8).map { "GPU\($0)" })
        let gpu0 = (topoJSON["rows"] as? [[String: Any]])?.first
        #expect((gpu0?["links"] as? [String: String])?["GPU7"] == "NV18")

        let nvlink = try await cli.run(["parse", "nvlink", Self.capture("a_nvlink-s.txt")], withDB: false)
        #expect(nvlink.status == 0, "\(nvlink)")
        let nvGPUs = try #require((try parseJSON(nvlink.stdout) as? [String: Any])?["gpus"] as? [[String: Any]])
        #expect(nvGPUs.count == 8)
        let links = nvGPUs.first?["links"] as? [[String: Any]]
        #expect(links?.count == 18)
        #expect(links?.first?["gb_per_s"] as? Double == 26.562)
    }

    @Test func dashReadsStandardInput() async throws {
        let cli = try CLI.make("parse-stdin")
        defer { cli.removeScratch() }
        let bytes = [UInt8](try Fixtures.data("h200-x8/b_all_reduce_8-8G_r2.txt"))
        let result = try await cli.run(["parse", "nccl-tests", "-"], withDB: false, stdin: bytes)
        #expect(result.status == 0, "\(result)")
        let json = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(json["avg_busbw"] as? Double == 118.728)
        #expect((json["rows"] as? [Any])?.count == 31)
        let nothing = try await cli.run(["parse", "nccl-tests", "-"], withDB: false)
        #expect(nothing.status == 65, "\(nothing)")
    }

    @Test func unparseableInputExits65() async throws {
        let cli = try CLI.make("parse-bad")
        defer { cli.removeScratch() }
        // Deterministic "random" bytes: a fixed LCG, so a failure reproduces.
        var state: UInt64 = 0x2545F4914F6CDD1D
        let noise = (0..<4096).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let random = try cli.write("noise.bin", Data(noise))
        let empty = try cli.write("empty.txt", "")
        // The dmon capture is not nccl-tests output either.
        for file in [random.path, empty.path, Self.capture("f_dmon_pucvmet_during_allreduce.txt")] {
            let result = try await cli.run(["parse", "nccl-tests", file], withDB: false)
            #expect(result.status == 65, "\(file)\n\(result)")
            #expect(result.stderr.contains("dsbench: \(file): no nccl-tests records found"), "\(result)")
            // Still JSON on stdout: scripts see the (empty) shape and the diagnostic.
            let json = try #require(try parseJSON(result.stdout) as? [String: Any])
            #expect((json["rows"] as? [Any])?.isEmpty == true)
        }
        let dmon = try await cli.run(["parse", "dmon", empty.path], withDB: false)
        #expect(dmon.status == 65, "\(dmon)")
    }

    @Test func usageErrorsExit64() async throws {
        let cli = try CLI.make("parse-usage")
        defer { cli.removeScratch() }
        let capture = Self.capture("b_all_reduce_8-8G_r1.txt")

        let unknownKind = try await cli.run(["parse", "nccl", capture], withDB: false)
        #expect(unknownKind.status == 64, "\(unknownKind)")
        #expect(unknownKind.stdout.isEmpty)
        #expect(unknownKind.stderr.contains("'nccl' is invalid for '<kind>'"), "\(unknownKind)")
        #expect(unknownKind.stderr.contains("nccl-tests"), "the valid kinds are listed")

        let missing = cli.scratch.appendingPathComponent("no-such-capture.txt").path
        let missingFile = try await cli.run(["parse", "nccl-tests", missing], withDB: false)
        #expect(missingFile.status == 64, "\(missingFile)")
        #expect(missingFile.stdout.isEmpty)
        #expect(missingFile.stderr.contains("dsbench: \(missing): cannot read"), "\(missingFile)")

        let directory = try await cli.run(["parse", "nccl-tests", cli.scratch.path], withDB: false)
        #expect(directory.status == 64, "\(directory)")

        let noFile = try await cli.run(["parse", "nccl-tests"], withDB: false)
        #expect(noFile.status == 64, "\(noFile)")
    }
}

/// `--format jsonl`: the rows of the JSON, one a line as they are parsed, then the rest.
@Suite struct CLIParseFormatTests {
    @Test func jsonlHoldsTheRecordsOfTheJSON() async throws {
        let cli = try CLI.make("parse-jsonl")
        defer { cli.removeScratch() }
        let capture = CLIParseTests.capture("b_all_reduce_8-8G_r1.txt")
        let json = try await cli.run(["parse", "nccl-tests", capture], withDB: false)
        let jsonl = try await cli.run(["parse", "nccl-tests", "--format", "jsonl", capture], withDB: false)
        #expect(json.status == 0 && jsonl.status == 0, "\(json)\n\(jsonl)")
        #expect(jsonl.stderr == json.stderr)
        let whole = try #require(try parseJSON(json.stdout) as? [String: Any])
        let rows = try #require(whole["rows"] as? [[String: Any]])
        let lines = jsonl.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 31 && lines.count == rows.count + 1, "\(lines.count) lines, \(rows.count) rows")
        for (line, row) in zip(lines, rows) {
            #expect(try canonical(try parseJSON(line)) == canonical(row), "\(line)")
        }
        var rest = whole
        rest["rows"] = nil
        rest["row_count"] = rows.count
        #expect(try canonical(try parseJSON(lines.last ?? "")) == canonical(rest))

        // The same from stdin (read whole, not mapped).
        let piped = try await cli.run(["parse", "nccl-tests", "--format", "jsonl", "-"], withDB: false,
                                      stdin: [UInt8](try Data(contentsOf: URL(fileURLWithPath: capture))))
        #expect(piped.stdout == jsonl.stdout)
    }

    @Test func jsonlIsForNcclTestsOnly() async throws {
        let cli = try CLI.make("parse-jsonl-dmon")
        defer { cli.removeScratch() }
        let result = try await cli.run(["parse", "dmon", "--format", "jsonl",
                                        CLIParseTests.capture("f_dmon_pucvmet_during_allreduce.txt")], withDB: false)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("--format jsonl is for nccl-tests"), "\(result)")
    }
}

/// JSON values compared as their sorted-key serialisation (NSDictionary equality of bridged
/// nested arrays is unreliable on Linux).
func canonical(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
}
