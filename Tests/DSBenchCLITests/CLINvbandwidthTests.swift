import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench parse|ingest nvbandwidth` and the PCIe rule through the verdict (issue 14's acceptance):
/// the 1×H200 inventory (gen5 x16) with its real nvbandwidth JSON (55 GB/s host→device) passes,
/// the same JSON edited to 27 GB/s fails `compare`.
@Suite struct CLINvbandwidthTests {
    static let queryGPU = Fixtures.url("h200-x1/query-gpu.txt").path
    static let json = Fixtures.url("h200-x1/nvb_json.txt").path

    /// The capture with host→device (CE and SM) at 27 GB/s, as a link at half its capacity carries.
    static func slowCopy(in cli: CLI) throws -> String {
        let text = try String(contentsOfFile: json, encoding: .utf8)
            .replacingOccurrences(of: "\"54.8156\"", with: "\"27.0\"")
            .replacingOccurrences(of: "\"51.154\"", with: "\"26.1\"")
        let path = cli.scratch.appendingPathComponent("nvb_slow.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func parsePrintsTestcasesMatrixAndSum() async throws {
        let cli = try CLI.make("nvb-parse")
        defer { cli.removeScratch() }
        for path in [Self.json, Fixtures.url("h200-x1/nvb_all.txt").path] {
            let out = try await cli.run(["parse", "nvbandwidth", path], withDB: false)
            #expect(out.status == 0, "\(out)")
            let root = try #require(try parseJSON(out.stdout) as? [String: Any])
            let testcases = try #require(root["testcases"] as? [[String: Any]])
            let first = try #require(testcases.first)
            #expect(first["name"] as? String == "host_to_device_memcpy_ce")
            #expect(first["status"] as? String == "Passed")
            let matrix = try #require(first["matrix"] as? [[Double]])
            #expect(matrix == [[path == Self.json ? 54.8156 : 55.37]])
            // Foundation's JSON reader on Linux reads 54.815607519000004 as 54.81560751899999.
            let sum = try #require(first["sum"] as? Double)
            #expect(abs(sum - (path == Self.json ? 54.815607519000004 : 55.37)) < 1e-9)
        }
    }

    @Test func pcieRuleFailsCompareOnlyOnTheSlowCopy() async throws {
        let cli = try CLI.make("nvb-pcie")
        defer { cli.removeScratch() }
        let good = try await cli.run(["ingest", "query-gpu", Self.queryGPU, "--node", "vm"])
        let goodRun = try #require(good.runID, "\(good)")
        let goodCopy = try await cli.run(["ingest", "nvbandwidth", Self.json, "--node", "vm", "--run", String(goodRun)])
        #expect(goodCopy.status == 0, "\(goodCopy)")

        let bad = try await cli.run(["ingest", "query-gpu", Self.queryGPU, "--node", "vm"])
        let badRun = try #require(bad.runID, "\(bad)")
        let badCopy = try await cli.run(["ingest", "nvbandwidth", try Self.slowCopy(in: cli), "--node", "vm",
                                         "--run", String(badRun)])
        #expect(badCopy.status == 0, "\(badCopy)")

        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT rule FROM findings WHERE run_id = ? AND rule LIKE 'pcie.%'", [goodRun]) == [])
        let messages = try db.strings("SELECT message FROM findings WHERE run_id = ? AND rule = 'pcie.bandwidth_low'", [badRun])
        #expect(messages == ["GPU 0 on vm: host→device 27 GB/s measured (host_to_device_memcpy_ce), 42.9 % of the "
            + "63.01 GB/s a gen5 x16 link carries per direction (below 80 %); the link reports gen5 x16 of gen5 x16, "
            + "full width, and still underperforms: look at the riser, the NUMA placement of the copy, and ACS/IOMMU"])
        #expect(try db.ints("SELECT count(*) FROM nvbandwidth_cells WHERE run_id = ?", [badRun]) == [5])
        #expect(try db.strings("""
            SELECT testcase || ' ' || source || '>' || destination || ' ' || CAST(value AS TEXT) || ' ' || unit
            FROM nvbandwidth_cells WHERE run_id = ? ORDER BY id LIMIT 2
            """, [goodRun]) == ["host_to_device_memcpy_ce CPU0>GPU0 54.8156 GB/s", "device_to_host_memcpy_ce GPU0>CPU0 55.3162 GB/s"])

        let fails = try await cli.run(["compare", String(badRun), "--baseline", String(goodRun)])
        #expect(fails.status == 1, "\(fails)")
        #expect(fails.stdout.contains("pcie.bandwidth_low"), "\(fails)")

        // show and the report draw the per-GPU table, the row marked by the verdict's failing check.
        let header = "  node  GPU  H→D GB/s  D→H GB/s  PCIe link             link GB/s  slower of link  checks"
        let shown = try await cli.run(["show", String(badRun)])
        #expect(shown.stdout.contains("host↔device bandwidth per GPU (nvbandwidth, best of the CE and SM copies)\n" + header + "\n"
            + "  vm    0    27.00     55.32     gen5 x16 of gen5 x16  63.01      42.9 %          FAIL pcie.bandwidth_low\n"),
            "\(shown.stdout)")
        let good2 = try await cli.run(["show", String(goodRun)])
        #expect(good2.stdout.contains("  vm    0    54.82     55.32     gen5 x16 of gen5 x16  63.01      87.0 %"), "\(good2.stdout)")
        #expect(!good2.stdout.contains("FAIL pcie"))
        let json = try #require(try parseJSON(try await cli.run(["show", String(badRun), "--json"]).stdout) as? [String: Any])
        let table = try #require((json["gpu_measurements"] as? [String: Any])?["host-device"] as? [String: Any])
        let row = try #require((table["rows"] as? [[String: Any]])?.first)
        #expect(row["failing"] as? [String] == ["pcie.bandwidth_low"])
        let reportDir = cli.scratch.appendingPathComponent("report").path
        let written = try await cli.run(["report", String(badRun), "--format", "md", "-o", reportDir])
        #expect(written.status == 0, "\(written)")
        let markdown = try String(contentsOfFile: reportDir + "/report.md", encoding: .utf8)
        #expect(markdown.contains("| vm | 0 | 27.00 | 55.32 | gen5 x16 of gen5 x16 | 63.01 | 42.9 % | FAIL pcie.bandwidth_low |"),
                "\(markdown)")
    }
}
