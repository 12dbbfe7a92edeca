import DSBenchCore
import Foundation
import Testing

/// The expected-performance catalogue (`Catalog/expected-busbw.json`): embedded at build time,
/// parsed once, suite entries in front of it.
@Suite struct ExpectedBusbwCatalogueTests {
    static let repoFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Catalog/expected-busbw.json")

    @Test func theBinaryCarriesTheRepositoryFileByteForByte() throws {
        let onDisk = try String(contentsOf: Self.repoFile, encoding: .utf8)
        #expect(ExpectedBusbwCatalogue.shippedText == onDisk)
        #expect(ExpectedBusbwCatalogue.shippedFile == "Catalog/expected-busbw.json")
    }

    /// The hand reader against Foundation's: every entry of the shipped file, field by field.
    @Test func theShippedCatalogueReadsAsJSONSerializationReadsIt() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ExpectedBusbwCatalogue.shippedText.utf8)) as? [String: Any])
        let busbw = try #require(object["expected_busbw"] as? [[String: Any]])
        let metrics = try #require(object["expected_metrics"] as? [[String: Any]])
        let shipped = ExpectedBusbwCatalogue.shipped
        #expect(shipped.entries.count == busbw.count && shipped.metrics.count == metrics.count)
        for (entry, raw) in zip(shipped.entries, busbw) {
            #expect(entry.gpuModel == raw["gpu"] as? String && entry.gpuCount == raw["gpus"] as? Int)
            #expect(entry.interconnect == raw["interconnect"] as? String && entry.collective == raw["collective"] as? String)
            #expect(entry.busbw == (raw["busbw"] as? NSNumber)?.doubleValue && entry.nvls == raw["nvls"] as? Bool)
            #expect(entry.source.hasPrefix(((raw["source"] as? [String: Any])?["kind"] as? String ?? "?") + ": "))
        }
        for (metric, raw) in zip(shipped.metrics, metrics) {
            #expect(metric.gpuModel == raw["gpu"] as? String && metric.metric == raw["metric"] as? String)
            #expect(metric.value == (raw["value"] as? NSNumber)?.doubleValue && metric.unit == raw["unit"] as? String)
            #expect(metric.labels == (raw["labels"] as? [String: String] ?? [:]))
        }
    }

    @Test(arguments: [
        (#"[1]"#, "c.json: found a wrong value at the top level (not an object)"),
        (#"{"format": "1", "expected_busbw": []}"#, "c.json: found a wrong value at format"),
        (#"{"format": 1, "expected_busbw": {}}"#, "c.json: found a wrong value at expected_busbw (not an array)"),
        (#"{"format": 1, "expected_busbw": [3]}"#, "c.json: expected_busbw[0]: found a wrong value (not an object)"),
        (#"{"format": 1, "expected_busbw": [{"gpu": "G", "gpus": 8, "interconnect": "NV18", "collective": "all_reduce", "nvls": null, "busbw": 1, "source": 7}]}"#,
         "c.json: expected_busbw[0].source: found another kind of value"),
        (#"{"format": 1, "expected_busbw": [{"gpu": "G", "gpus": "8", "interconnect": "NV18", "collective": "all_reduce", "nvls": null, "busbw": 1, "source": 7}]}"#,
         "c.json: expected_busbw[0].gpus: found another kind of value, expected the GPU count"),
    ])
    func aWrongKindOfValueSaysWhere(_ text: String, _ problem: String) {
        let parsed = ExpectedBusbwCatalogue.parse(text, file: "c.json")
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems.first?.hasPrefix(problem) == true, "\(parsed.problems)")
    }

    @Test func theShippedCatalogueParsesWithoutProblems() throws {
        let shipped = ExpectedBusbwCatalogue.shipped
        #expect(shipped.problems == [])
        #expect(shipped.entries == ExpectedBusbw.catalogue)
        let eight = shipped.entries.filter { $0.gpuModel == "NVIDIA H200" && $0.gpuCount == 8 && $0.interconnect == "NV18" }
        #expect(Dictionary(uniqueKeysWithValues: eight.map { ($0.collective, $0.busbw) }) == [
            "all_reduce": 366.8, "all_gather": 339.81, "reduce_scatter": 340.06, "alltoall": 317.91, "broadcast": 353.30,
        ])
        let two = try #require(shipped.entries.first { $0.gpuCount == 2 })
        #expect(two.collective == "all_reduce" && two.busbw == 348.9 && two.interconnect == "NV18")
        #expect(shipped.entries.allSatisfy { $0.nvls == false }, "every seeded figure was measured with NVLS off")
    }

    @Test func everyEntryNamesAMeasuredRunWithItsDateAndMachineOrAVendorDocument() {
        for entry in ExpectedBusbw.catalogue {
            #expect(entry.source.hasPrefix("measured: 2026-11-22, ") || entry.source.hasPrefix("vendor: "), "\(entry.source)")
        }
        let allReduce = ExpectedBusbw.catalogue.first { $0.collective == "all_reduce" && $0.gpuCount == 8 }
        #expect(allReduce?.source == "measured: 2026-11-22, host vm: 8x NVIDIA H200 141GB SXM, NV18 all-to-all, "
            + "driver 580.159.04, NCCL 2.28.9, nccl-tests 2.19.6, NVLS off; all_reduce_perf -b 8 -e 8G -f 2 -g 8; "
            + "busbw at 8 GiB 366.5-367.0 over four runs (fixtures h200-x8/b_all_reduce_8-8G_r1, _r2, _c1_n50, "
            + "f_all_reduce_under_dmon)")
    }

    static func entry(_ fields: String, source: String = #"{"kind": "measured", "date": "2026-01-02", "machine": "lab"}"#) -> String {
        #"{"gpu": "NVIDIA H100", "gpus": 8, "interconnect": "NV18", "collective": "all_reduce", "nvls": null, "busbw": 360, "#
            + fields + #""source": "# + source + "}"
    }

    @Test func aBadEntryIsNamedAndTheOthersStillLoad() {
        let entries = [
            Self.entry(""),
            Self.entry(#""colour": "red", "#),
            #"{"gpu": "NVIDIA H100", "gpus": 0, "interconnect": "NV18", "collective": "all_gather", "nvls": false, "busbw": 1, "source": {"kind": "vendor", "document": "sheet"}}"#,
            #"{"gpu": "NVIDIA H100", "gpus": 8, "interconnect": "NV18", "collective": "all_gather", "busbw": 1, "source": {"kind": "vendor", "document": "sheet"}}"#,
            #"{"gpu": "NVIDIA H100", "gpus": 8, "interconnect": "NV18", "collective": "alltoall", "nvls": false, "busbw": -1, "source": {"kind": "vendor", "document": "sheet"}}"#,
            #"{"gpu": "NVIDIA H100", "gpus": 8, "interconnect": "NV18", "collective": "broadcast", "nvls": false, "busbw": 300, "source": {"kind": "measured", "date": "22 Nov", "machine": "lab"}}"#,
            #"{"gpu": "NVIDIA H100", "gpus": 8, "interconnect": "NV18", "collective": "reduce", "nvls": false, "busbw": 300, "source": {"kind": "guess"}}"#,
            #"{"gpu": "nvidia h100", "gpus": 8, "interconnect": "NV18", "collective": "all_reduce", "nvls": null, "busbw": 1, "source": {"kind": "vendor", "document": "sheet", "date": "2024"}}"#,
            #"{"gpu": "NVIDIA H100", "gpus": 8, "interconnect": "NV18", "collective": "sendrecv", "nvls": true, "busbw": 400, "source": {"kind": "vendor", "document": "H100 datasheet", "reading": "table 3"}}"#,
        ]
        let parsed = ExpectedBusbwCatalogue.parse(#"{"format": 1, "expected_busbw": ["# + entries.joined(separator: ",") + "]}",
                                                  file: "c.json")
        #expect(parsed.problems == [
            "c.json: expected_busbw[1].colour: found an unknown key, expected one of gpu, gpus, interconnect, collective, nvls, busbw, source",
            "c.json: expected_busbw[2].gpus: found 0, expected the GPU count, ≥ 1",
            "c.json: expected_busbw[3].nvls: found no 'nvls' key, expected every one of gpu, gpus, interconnect, collective, nvls, busbw, source",
            "c.json: expected_busbw[4].busbw: found -1.0, expected GB/s, a number > 0",
            "c.json: expected_busbw[5].source.date: found '22 Nov', expected the day of the run, YYYY-MM-DD",
            "c.json: expected_busbw[6].source.kind: found 'guess', expected measured or vendor",
            "c.json: expected_busbw[7]: found the hardware of expected_busbw[0] again (all_reduce on 8 × nvidia h100 over NV18), "
                + "expected one entry per GPU model, count, interconnect, collective and NVLS",
        ])
        #expect(parsed.entries == [
            ExpectedBusbw(gpuModel: "NVIDIA H100", gpuCount: 8, interconnect: "NV18", collective: "all_reduce", nvls: nil,
                          busbw: 360, source: "measured: 2026-01-02, lab"),
            ExpectedBusbw(gpuModel: "NVIDIA H100", gpuCount: 8, interconnect: "NV18", collective: "sendrecv", nvls: true,
                          busbw: 400, source: "vendor: H100 datasheet; table 3"),
        ])
    }

    @Test(arguments: [
        ("not json", "c.json: found invalid JSON"),
        (#"{"format": 2, "expected_busbw": []}"#, "c.json: format: found 2, expected 1 (the catalogue format this dsbench reads)"),
        (#"{"format": 1}"#, "c.json: found no 'expected_busbw' key at the top level"),
    ])
    func aFileThatIsNotACatalogueIsOneProblem(_ text: String, _ problem: String) {
        let parsed = ExpectedBusbwCatalogue.parse(text, file: "c.json")
        #expect(parsed.entries == [])
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems.first?.hasPrefix(problem) == true, "\(parsed.problems)")
    }

    @Test func anUnknownTopLevelKeyIsAProblemButTheEntriesLoad() {
        let parsed = ExpectedBusbwCatalogue.parse(#"{"format": 1, "notes": "x", "expected_busbw": ["# + Self.entry("") + "]}", file: "c.json")
        #expect(parsed.problems == ["c.json: notes: found an unknown key, expected format, about, expected_busbw, expected_metrics"])
        #expect(parsed.entries.count == 1)
    }

    @Test func aSuiteEntryReplacesTheCatalogueEntryForTheSameHardware() {
        let catalogue = [
            ExpectedBusbw(gpuModel: "NVIDIA H200", gpuCount: 8, interconnect: "NV18", busbw: 366.8, source: "catalogue"),
            ExpectedBusbw(gpuModel: "NVIDIA H200", gpuCount: 8, interconnect: "NV18", collective: "alltoall", busbw: 317.91, source: "catalogue"),
        ]
        let suite = ExpectedBusbw(gpuModel: "nvidia h200", gpuCount: 8, interconnect: "NV18", busbw: 300, source: "our lab")
        let settings = HealthSettings(expectedBusbw: [suite], catalogue: catalogue)
        #expect(settings.expectedBusbwInForce == [suite, catalogue[1]])
        #expect(settings.overriddenCatalogueEntries == [catalogue[0]])
        // Another interconnect is other hardware: both stay, the suite's is tried first.
        let any = ExpectedBusbw(gpuModel: "NVIDIA H200", gpuCount: 8, interconnect: "*", busbw: 300, source: "our lab")
        #expect(HealthSettings(expectedBusbw: [any], catalogue: catalogue).expectedBusbwInForce == [any] + catalogue)
        #expect(HealthSettings().catalogue == ExpectedBusbw.catalogue)
    }
}
