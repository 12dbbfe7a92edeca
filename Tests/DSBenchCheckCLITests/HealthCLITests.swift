import DSBenchTestSupport
import Foundation
import Testing

/// Issue 14's acceptance: a kernel log with Xid 79 ingested gives a critical finding naming it and
/// fails `compare` through the one verdict; the real, clean captures do not.
@Suite struct HealthCLITests {
    static func health(_ name: String) -> String { Fixtures.url("health/" + name).path }

    @Test func xid79IngestedFailsCompare() throws {
        let dsbench = try Dsbench("health-xid")
        defer { dsbench.remove() }
        let log = try dsbench.write("kern.log", "[    0.599751] NVRM: loading NVIDIA UNIX Open Kernel Module for x86_64  580.159.04\n"
                                    + "[ 8123.456789] NVRM: Xid (PCI:0000:00:06): 79, pid=0, GPU has fallen off the bus.\n")
        let ingested = try dsbench.run(["ingest", "kernel-log", log, "--node", "vm"])
        #expect(ingested.status == 0, "\(ingested)")
        let run = ingested.lastLine
        #expect(Int64(run) != nil, "\(ingested)")
        #expect((ingested.stdout + ingested.stderr).contains("Xid 79"), "\(ingested)")
        // The inventory of the same node in the same run: the finding then names GPU 0.
        let inventory = try dsbench.run(["ingest", "query-gpu", Fixtures.url("h200-x1/query-gpu.txt").path, "--node", "vm", "--run", run])
        #expect(inventory.status == 0, "\(inventory)")

        let compared = try dsbench.run(["compare", run, "--json"])
        #expect(compared.status == 1, "\(compared)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "fail")
        let failed = (verdict["checks"] as? [[String: Any]] ?? []).filter { $0["outcome"] as? String == "fail" }
        let xid = try #require(failed.first { $0["rule"] as? String == "gpu.xid" }, "\(failed)")
        #expect(xid["severity"] as? String == "critical", "\(xid)")
        #expect((xid["reason"] as? String)?.contains("Xid 79 on vm GPU 0 (PCI 0000:00:06): GPU has fallen off the bus") == true, "\(xid)")
        let text = try dsbench.run(["compare", run])
        #expect(text.status == 1 && text.stdout.contains("FAIL gpu.xid [degraded]"), "\(text)")

        let show = try dsbench.run(["show", run])
        #expect(show.stdout.contains("node health"), "\(show)")
        // The reports carry the same section: first in HTML, and in the JSON with the same check.
        let out = dsbench.scratch.appendingPathComponent("report").path
        let report = try dsbench.run(["report", run, "--format", "html,json", "-o", out])
        #expect(report.status == 0, "\(report)")
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let healthAt = try #require(html.range(of: "<h2 id=\"node-health\">Node health</h2>"), "\(html.prefix(2000))")
        #expect(html.range(of: "<h2 id=\"busbw\"").map { healthAt.lowerBound < $0.lowerBound } ?? true)
        #expect(html.contains("Xid 79 on vm GPU 0"))
        let reportJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
                                      as? [String: Any])
        let health = try #require(reportJSON["node_health"] as? [String: Any])
        let checks = health["checks"] as? [[String: Any]] ?? []
        #expect(checks.contains { $0["rule"] as? String == "gpu.xid" && $0["outcome"] as? String == "fail" }, "\(health)")
        #expect((health["columns"] as? [String])?.first == "node", "\(health)")
    }

    @Test func cleanHealthCapturesPassAndAPendingRemapFails() throws {
        let dsbench = try Dsbench("health-clean")
        defer { dsbench.remove() }
        let first = try dsbench.run(["ingest", "smi-q", Self.health("smi_q_ecc.txt"), "--node", "vm"])
        #expect(first.status == 0, "\(first)")
        let run = first.lastLine
        for (kind, file) in [("smi-q", "smi_q_perf.txt"), ("smi-q", "nvidia-smi-q-x.txt"),
                             ("smi-health", "smi_query_health.txt"), ("kernel-log", "dmesg_nvrm.txt")] {
            let added = try dsbench.run(["ingest", kind, Self.health(file), "--node", "vm", "--run", run])
            #expect(added.status == 0, "\(kind) \(file): \(added)")
        }
        let compared = try dsbench.run(["compare", run])
        #expect(compared.status == 0, "\(compared)")
        #expect(!compared.stdout.contains("gpu.xid") && !compared.stdout.contains("gpu.ecc"), "\(compared)")

        let pending = try dsbench.run(["ingest", "smi-q", Self.health("edited_smi_q_ecc_remap_pending.txt"), "--node", "vm", "--run", run])
        #expect(pending.status == 0, "\(pending)")
        let failed = try dsbench.run(["compare", run])
        #expect(failed.status == 1 && failed.stdout.contains("FAIL gpu.row_remap_pending [degraded]"), "\(failed)")
    }
}
