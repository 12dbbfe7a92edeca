import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation

/// A store on a real SQLite file in a fresh scratch directory, removed by `cleanUp()`.
final class ScratchStore {
    let directory: URL
    let path: String
    private(set) var store: Store

    init(_ label: String = "dsbench-store") throws {
        directory = try makeScratchDirectory(label)
        path = directory.appendingPathComponent("dsbench.db").path
        store = try Store.open(path: path)
    }

    /// Closes and opens the file again, as a new dsbench process would.
    func reopen() throws {
        try store.close()
        store = try Store.open(path: path)
    }

    func cleanUp() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Rows of a table (optionally filtered) counted with SQL, independently of the typed API.
    func count(_ table: String, where condition: String = "1") throws -> Int {
        Int(try store.queryRaw("SELECT COUNT(*) FROM \(table) WHERE \(condition)").first.flatMap { $0 } ?? "") ?? -1
    }
}

enum Sample {
    static let start = Date(timeIntervalSince1970: 1_795_340_750.319)   // 2026-11-22T09:45:50.319Z

    static func newRun(suite: String = "nightly", host: String? = "head-01", pid: Int32? = nil) -> NewRun {
        NewRun(suiteName: suite, suiteHash: String(repeating: "ab", count: 32), suiteText: "name: \(suite)\n",
               startedAt: start, dsbenchVersion: "0.1.0", user: "ops", host: host, pid: pid,
               labels: ["ticket": "HW-42", "rack": "r7"])
    }

    /// An nccl step with a main command (env set by the suite) and a dmon capture.
    static func ncclStep(seq: Int, node: String = "gpu-001", repeatIndex: Int = 0) -> PlannedStep {
        PlannedStep(
            seq: seq, name: "allreduce", kind: .nccl, node: node, variant: "NCCL_ALGO=Ring",
            variantEnv: [EnvVar("NCCL_ALGO", "Ring")], repeatIndex: repeatIndex,
            commands: [
                PlannedCommand(label: "prepare", argv: ["true"], timeoutSeconds: 5),
                PlannedCommand(label: "main", argv: ["all_reduce_perf", "-b", "8", "-e", "8G", "-f", "2", "-g", "8"],
                               env: [EnvVar("NCCL_ALGO", "Ring"), EnvVar("NCCL_DEBUG", "WARN")],
                               timeoutSeconds: 600, parser: .ncclTests),
            ],
            captures: [PlannedCapture(name: "dmon", argv: ["nvidia-smi", "dmon", "-s", "pucm"], parser: .dmon)])
    }

    static func inventoryStep(seq: Int, node: String = "gpu-001") -> PlannedStep {
        PlannedStep(seq: seq, name: "inventory", kind: .inventory, node: node,
                    commands: [PlannedCommand(label: "query-gpu", argv: ["nvidia-smi", "--query-gpu=index,name"],
                                              timeoutSeconds: 30, parser: .queryGPU)])
    }

    /// The 31 rows of the real 8×H200 all_reduce capture (8 B … 8 GiB), transcribed by splitting
    /// its data lines on blanks (not the product parser), with some fields blanked on purpose:
    /// row 0 out-of-place #wrong N/A, row 5 out-of-place busbw missing, row 10 in-place time
    /// missing, row 30 cut before its in-place half.
    static func ncclReport() throws -> NcclTestsReport {
        let lines = try Fixtures.h200("b_all_reduce_8-8G_r1.txt").split(separator: "\n", omittingEmptySubsequences: false)
        var rows: [NcclTestsRow] = []
        for (offset, line) in lines.enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let t = line.split(separator: " ").map(String.init)
            guard t.count == 13 else { continue }
            let oop = NcclTestsMeasurement(timeUs: Double(t[5]), algbw: Double(t[6]), busbw: Double(t[7]), wrong: Int64(t[8]))
            let ip = NcclTestsMeasurement(timeUs: Double(t[9]), algbw: Double(t[10]), busbw: Double(t[11]), wrong: Int64(t[12]))
            rows.append(NcclTestsRow(size: Int64(t[0])!, count: Int64(t[1])!, type: t[2], redop: t[3], root: Int(t[4])!,
                                     outOfPlace: oop, inPlace: ip, line: offset + 1))
        }
        rows[0].outOfPlace.wrong = nil
        rows[5].outOfPlace.busbw = nil
        rows[10].inPlace?.timeUs = nil
        rows[30].inPlace = nil
        rows[2].outOfPlace.iterMinUs = 46.1
        rows[2].outOfPlace.iterCVPercent = 3.5
        rows[2].timestamp = "2026-11-22 09:45:50"
        let devices = (0..<8).map { i in
            NcclTestsDevice(rank: i, group: 0, pid: 3721, host: "vm", cudaDevice: i,
                            busId: String(format: "0000:00:%02x", 6 + i), name: "NVIDIA H200")
        }
        return NcclTestsReport(
            program: "all_reduce_perf", testsVersion: "2.19.6", ncclHeadersCode: 22809, ncclLibraryCode: 22809,
            ncclVersion: "2.28.9",
            parameters: NcclTestsParameters(nThread: 1, nGpus: 8, minBytes: 8, maxBytes: 8_589_934_592, step: 2,
                                            stepKind: "factor", warmupIters: 1, iters: 20, aggIters: 1, validation: 1,
                                            graph: 0, unalign: 0),
            devices: devices, rows: rows, outOfBounds: 0, outOfBoundsOK: true, avgBusBandwidth: 121.667,
            bannerCount: 1,
            ncclDebugLines: [NcclDebugLine(level: "WARN", host: "vm", pid: 3721, device: 0,
                                           message: "NET/Socket : fallback", line: 3)],
            complete: true,
            diagnostics: [Diagnostic(.warning, line: 48, "row cut before its in-place half")])
    }

    /// 3 rounds × 8 GPUs; `mtemp` is `-` on GPU 7, `gract` (GPM) has no column of its own and
    /// is `-` in round 0.
    static func dmonCapture() -> DmonCapture {
        var samples: [DmonSample] = []
        var line = 3
        for round in 0..<3 {
            for gpu in 0..<8 {
                let values: [String: Double?] = [
                    "pwr": Double(77 + gpu), "gtemp": 35, "mtemp": gpu == 7 ? nil : Double(36 + round),
                    "sm": Double(round * 40), "mem": 0, "mclk": 3201, "pclk": 345,
                    "gract": round == 0 ? nil : Double(gpu) / 10,
                ]
                samples.append(DmonSample(gpu: gpu, round: round, timestamp: "2026-11-22 09:46:0\(round)",
                                          values: values, line: line))
                line += 1
            }
        }
        return DmonCapture(columns: ["date", "time", "gpu", "pwr", "gtemp", "mtemp", "sm", "mem", "mclk", "pclk", "gract"],
                           units: [], samples: samples,
                           diagnostics: [Diagnostic(.warning, line: 27, "last line cut mid-way")])
    }

    /// Two GPUs as the real capture prints them (header names keep their unit).
    static func queryGPU() -> GPUQueryTable {
        let names = ["index", "name", "uuid", "pci.bus_id", "driver_version", "vbios_version", "memory.total [MiB]",
                     "pcie.link.gen.current", "pcie.link.gen.max", "pcie.link.width.current", "pcie.link.width.max",
                     "compute_cap", "persistence_mode", "power.limit [W]", "clocks.max.sm [MHz]", "clocks.max.memory [MHz]"]
        func record(_ index: Int, uuid: String, bus: String, line: Int) -> GPUQueryRecord {
            let values: [String?] = ["\(index)", "NVIDIA H200", uuid, bus, "580.159.04", "96.00.A5.00.1A", "143771 MiB",
                                     "5", "5", "16", "16", "9.0", "Enabled", "700.00 W", "1980 MHz",
                                     index == 1 ? nil : "3201 MHz"]
            return GPUQueryRecord(fields: Dictionary(uniqueKeysWithValues: zip(names, values)),
                                  unavailable: index == 1 ? ["clocks.max.memory [MHz]": "N/A"] : [:], line: line)
        }
        return GPUQueryTable(fieldNames: names, records: [
            record(0, uuid: "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032", bus: "00000000:00:06.0", line: 2),
            record(1, uuid: "GPU-886dfc56-d6a4-1cd4-1e44-e94461cc483e", bus: "00000000:00:07.0", line: 3),
        ])
    }

    static func topology() -> TopologyMatrix {
        let devices = ["GPU0", "GPU1"]
        return TopologyMatrix(devices: devices, rows: [
            TopologyRow(device: "GPU0", cells: ["X", "NV18"], cpuAffinity: "0-127", numaAffinity: "0", gpuNumaID: "N/A"),
            TopologyRow(device: "GPU1", cells: ["NV18", "X"], cpuAffinity: "0-127", numaAffinity: "0", gpuNumaID: "N/A"),
        ], diagnostics: [Diagnostic(.note, line: 1, "ANSI escape removed from header")])
    }

    static func nvlink() -> NvlinkStatus {
        NvlinkStatus(gpus: [NvlinkGPU(index: 0, name: "NVIDIA H200", uuid: "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032",
                                      links: [NvlinkLink(link: 0, gbPerSecond: 26.562, inactive: false),
                                              NvlinkLink(link: 1, gbPerSecond: nil, inactive: true)])])
    }
}

/// Stored times keep milliseconds; compare at that precision.
func sameTime(_ a: Date?, _ b: Date?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a.timeIntervalSince(b)) < 0.0005
}
