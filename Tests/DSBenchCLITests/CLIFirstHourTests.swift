import DSBenchTestSupport
import Foundation
import Testing

/// What a new user and a one-GPU node hit in their first hour (issue 13), through the binary.
@Suite struct CLIFirstHourTests {
    /// A one-GPU node inventoried before and after (the second time with its link at x8), with the
    /// real one-rank all_reduce between: `show` and the report count one GPU, say that nothing
    /// between GPUs was measured, and name what changed between the inventories.
    @Test func oneGPUNodeWithTwoInventories() async throws {
        let cli = try CLI.make("one-gpu")
        defer { cli.removeScratch() }
        let before = try Fixtures.text("h200-x1/query-gpu.txt")
        let after = try cli.write("inventory_after.txt", before.replacingOccurrences(of: ", 5, 5, 16, 16,", with: ", 5, 5, 8, 16,"))
        let first = try await cli.run(["ingest", "query-gpu", Fixtures.url("h200-x1/query-gpu.txt").path, "--node", "vm"])
        let run = try #require(first.runID, "\(first)")
        _ = try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x1/nccl_all_reduce_1gpu.txt").path, "--node", "vm",
                               "--run", String(run)])
        _ = try await cli.run(["ingest", "query-gpu", after.path, "--node", "vm", "--run", String(run)])

        let show = try await cli.run(["show", String(run)])
        #expect(show.status == 0, "\(show)")
        let nodeLine = try #require(show.stdoutLines.first { $0.hasPrefix("  vm, ") }, "\(show)")
        #expect(nodeLine.contains("vm, 1 × NVIDIA H200,"), "two inventories, one GPU\n\(show)")
        #expect(show.stdout.contains("  NOTE vm has one GPU: collectives between GPUs were not exercised there. "
                                     + "Its nccl-tests step ran on one rank: busbw is 0 by definition"), "\(show)")
        #expect(show.stdout.contains("Still meaningful: the inventory."), "\(show)")
        #expect(show.stdout.contains("  NOTE vm: the inventories differ: GPU 0 (00000000:00:06.0): PCIe width x16 → x8 "
                                     + "from query-gpu.txt#0@vm to inventory_after.txt#0@vm"), "\(show)")
        #expect(show.stdout.contains("FAIL inventory.changed [degraded] vm · GPU 0 · inventory_after.txt#0@vm"), "\(show)")

        let json = try #require(try parseJSON(try await cli.run(["show", String(run), "--json"]).stdout) as? [String: Any])
        let node = try #require((json["nodes"] as? [[String: Any]])?.first)
        #expect(node["gpu_count"] as? Int == 1)
        #expect((node["inventory_changes"] as? [[String: Any]])?.first?["field"] as? String == "PCIe width")

        let out = cli.scratch.appendingPathComponent("report").path
        let report = try await cli.run(["report", String(run), "-o", out])
        #expect(report.status == 0, "\(report)")
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(markdown.contains("- NOTE vm has one GPU: collectives between GPUs were not exercised there."), "\(markdown)")
        #expect(markdown.contains("- NOTE vm: the inventories differ: GPU 0 (00000000:00:06.0): PCIe width x16 → x8"))
        let reportJSON = try #require(try parseJSON(try String(contentsOfFile: out + "/report.json", encoding: .utf8)) as? [String: Any])
        let nodes = (reportJSON["inventory"] as? [String: Any])?["nodes"] as? [[String: Any]]
        #expect(nodes?.first?["gpu_count"] as? Int == 1)
        #expect((reportJSON["inventory_notes"] as? [String])?.count == 2)
    }

    @Test func doctorWithoutArgumentsChecksThisNode() async throws {
        let cli = try CLI.make("doctor-local")
        defer { cli.removeScratch() }
        let doctor = try await cli.run(["doctor", "--no-nccl-probe"], withDB: false)
        // PATH=/usr/bin:/bin: no nvidia-smi, so the local node is checked and found not ready.
        #expect(doctor.status == 2, "\(doctor)")
        #expect(doctor.stdoutLines.contains { $0.hasPrefix("local ") && $0.contains("nvidia-smi not found") }, "\(doctor)")
        #expect(doctor.stdout.contains("0 of 1 nodes ready"), "\(doctor)")
        let help = try await cli.run(["doctor", "--help"], withDB: false)
        #expect(help.stdout.contains("With neither a suite nor --nodes it checks this node"), "\(help)")
    }

    @Test func runHelpKeepsItsParagraphsApart() async throws {
        let cli = try CLI.make("run-help")
        defer { cli.removeScratch() }
        let help = try await cli.run(["run", "--help"], withDB: false)
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("Prints the run id as the last line of stdout.\n"), "\(help)")
        #expect(help.stdoutLines.contains("EXIT CODES"), "\(help)")
        #expect(!help.stdout.contains("stdout. EXIT CODES"))
    }

    /// `report --baseline` takes what `compare --baseline` takes: a name, run ids, `auto`.
    @Test func reportBaselineTakesNamesIdsAndAuto() async throws {
        let cli = try CLI.make("report-baseline")
        defer { cli.removeScratch() }
        let good = try #require(try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path]).runID)
        let named = try await cli.run(["baseline", "set", String(good), "--name", "good"])
        #expect(named.status == 0, "\(named)")
        let run = try #require(try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r2.txt").path]).runID)
        for reference in ["good", String(good), "auto"] {
            let out = cli.scratch.appendingPathComponent("r-\(reference)").path
            let report = try await cli.run(["report", String(run), "--baseline", reference, "--format", "json", "-o", out])
            #expect(report.status == 0, "\(reference): \(report)")
            let json = try parseJSON(try String(contentsOfFile: out + "/report.json", encoding: .utf8)) as? [String: Any]
            #expect((json?["baseline"] as? [String: Any])?["run_ids"] as? [Int] == [Int(good)], "\(reference)")
        }
        let unknown = try await cli.run(["report", String(run), "--baseline", "nosuch", "-o", cli.scratch.path + "/x"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no baseline named nosuch (known: good)"), "\(unknown)")
        let compare = try await cli.run(["compare", String(run), "--baseline", "nosuch"])
        #expect(compare.status == 64 && compare.stderr.contains("no baseline named nosuch"), "the same words as compare\n\(compare)")
    }
}
