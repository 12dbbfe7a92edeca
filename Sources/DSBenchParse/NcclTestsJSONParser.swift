import Foundation
import DSBenchCore

/// Parses the file that nccl-tests writes with `-J file.json` (≥ 2.17.3, §1.10) into the
/// same `NcclTestsReport` as the text parser.
///
/// The file is hand-written by nccl-tests and not always valid JSON (bare `inf`, cut off
/// when the run dies); `NcclTestsJSONRepair` fixes both before decoding. Booleans are the
/// strings "true"/"false", NaN is the string "nan", the root is a padded string (`"    -1"`),
/// and 2.17.3–2.17.8 spell `average_bus_bandwidith`/`bandwidith`. The `env` array (the whole
/// environment of the run, secrets included) is never read into the report.
public enum NcclTestsJSONParser {
    public static func parse(_ bytes: [UInt8]) -> NcclTestsReport {
        var report = NcclTestsReport()
        var diagnostics = NcclTextDiagnostics()
        guard bytes.contains(where: { !NcclTextSpan.isSpace($0) && $0 != 0x0A }) else {
            report.diagnostics = [Diagnostic(.error, line: nil, "no nccl-tests JSON found")]
            return report
        }
        let repair = NcclTestsJSONRepair(bytes)
        guard let root = (try? JSONSerialization.jsonObject(with: Data(repair.bytes))) as? [String: Any] else {
            report.diagnostics = [Diagnostic(.error, line: nil, "unreadable nccl-tests JSON")]
            return report
        }
        if repair.truncated {
            diagnostics.add(.warning, line: repair.lineCount,
                            "JSON cut short: kept the values written before the end of the file")
        }
        if repair.nonFiniteWords > 0 {
            diagnostics.add(.note, line: nil, "\(repair.nonFiniteWords) bare inf/nan values read as null")
        }
        if let args = root["args"] as? [Any], let first = args.first as? String, !first.isEmpty {
            report.program = first.split(separator: "/").last.map(String.init) ?? first
        }
        if let code = NcclTestsJSONValue.int(root["nccl_version"]) {
            report.ncclLibraryCode = code
            report.ncclVersion = NcclTextNumbers.ncclVersion(code: code)
        }
        if let config = root["config"] as? [String: Any] {
            report.parameters = parameters(config)
            if report.parameters == nil { diagnostics.add(.warning, line: nil, "incomplete config object") }
            for case let device as [String: Any] in (config["devices"] as? [Any]) ?? [] {
                if let d = self.device(device) { report.devices.append(d) }
            }
            // One device per process in the JSON; each process drives nThread × nGpus ranks.
            if let p = report.parameters, !report.devices.isEmpty {
                let (perProcess, o1) = p.nThread.multipliedReportingOverflow(by: p.nGpus)
                let (ranks, o2) = report.devices.count.multipliedReportingOverflow(by: perProcess)
                if !o1 && !o2 && ranks > 0 { report.rankCount = ranks }
            }
        }
        let results = root["results"] as? [Any]
        for (index, entry) in (results ?? []).enumerated() {
            let line = index < repair.resultLines.count ? repair.resultLines[index] : 1
            guard let object = entry as? [String: Any], let row = row(object, line: line) else {
                diagnostics.add(.warning, line: line, "result \(index) dropped: no size, count or type")
                continue
            }
            report.rows.append(row)
        }
        if let oob = root["out_of_bounds"] as? [String: Any] {
            report.outOfBounds = NcclTestsJSONValue.int(oob["count"])
            report.outOfBoundsOK = NcclTestsJSONValue.bool(oob["okay"])
        }
        if let avg = (root["average_bus_bandwidth"] ?? root["average_bus_bandwidith"]) as? [String: Any] {
            report.avgBusBandwidth = NcclTestsJSONValue.double(avg["bandwidth"] ?? avg["bandwidith"])
            report.avgBusBandwidthOK = NcclTestsJSONValue.bool(avg["okay"])
        }
        for case let message as String in (root["errors"] as? [Any]) ?? [] where !message.isEmpty {
            report.errors.append(NcclTestsError(kind: "footer", host: nil, location: nil, message: message,
                                                line: repair.keyLines["errors"] ?? 1))
        }
        report.complete = results != nil && !repair.truncated
        if results == nil { diagnostics.add(.warning, line: nil, "no results in the JSON file") }
        report.diagnostics = diagnostics.final
        return report
    }

    private static func parameters(_ c: [String: Any]) -> NcclTestsParameters? {
        let factor = NcclTestsJSONValue.int64(c["step_factor"])
        guard let nThread = NcclTestsJSONValue.int(c["nthreads"]), let nGpus = NcclTestsJSONValue.int(c["ngpus"]),
              let minBytes = NcclTestsJSONValue.int64(c["minimum_bytes"]), let maxBytes = NcclTestsJSONValue.int64(c["maximum_bytes"]),
              let step = factor ?? NcclTestsJSONValue.int64(c["step_bytes"]),
              let warmup = NcclTestsJSONValue.int(c["warmup_iters"]), let iters = NcclTestsJSONValue.int(c["iterations"]),
              let validation = NcclTestsJSONValue.int(c["validation"]) else { return nil }
        return NcclTestsParameters(nThread: nThread, nGpus: nGpus, minBytes: minBytes, maxBytes: maxBytes, step: step,
                                   stepKind: factor != nil ? "factor" : "bytes", warmupIters: warmup, iters: iters,
                                   aggIters: NcclTestsJSONValue.int(c["aggregated_iterations"]), validation: validation,
                                   graph: NcclTestsJSONValue.int(c["graph"]), unalign: NcclTestsJSONValue.int(c["unalign"]))
    }

    private static func device(_ d: [String: Any]) -> NcclTestsDevice? {
        guard let rank = NcclTestsJSONValue.int(d["rank"]) else { return nil }
        return NcclTestsDevice(rank: rank, group: NcclTestsJSONValue.int(d["group"]), pid: NcclTestsJSONValue.int(d["pid"]),
                               host: d["hostname"] as? String ?? "", cudaDevice: NcclTestsJSONValue.int(d["device"]) ?? -1,
                               busId: d["device_hex"] as? String ?? "", name: d["device_info"] as? String ?? "")
    }

    private static func row(_ r: [String: Any], line: Int) -> NcclTestsRow? {
        guard let size = NcclTestsJSONValue.int64(r["size"]), let count = NcclTestsJSONValue.int64(r["count"]),
              let type = r["type"] as? String else { return nil }
        let empty = NcclTestsMeasurement(timeUs: nil, algbw: nil, busbw: nil, wrong: nil)
        return NcclTestsRow(size: size, count: count, type: type, redop: r["redop"] as? String ?? "",
                            root: NcclTestsJSONValue.int(r["root"]) ?? -1,
                            outOfPlace: measurement(r["out_of_place"], r["out_of_place_per_iter"]) ?? empty,
                            inPlace: measurement(r["in_place"], r["in_place_per_iter"]), line: line)
    }

    private static func measurement(_ value: Any?, _ perIter: Any?) -> NcclTestsMeasurement? {
        guard let m = value as? [String: Any] else { return nil }
        let wrong = NcclTestsJSONValue.double(m["nwrong"]).flatMap { $0 >= 0 && $0 < 9e18 ? Int64(exactly: $0.rounded()) : nil }
        var result = NcclTestsMeasurement(timeUs: NcclTestsJSONValue.double(m["time"] ?? m["cpu_time"]),
                                          algbw: NcclTestsJSONValue.double(m["alg_bw"]), busbw: NcclTestsJSONValue.double(m["bus_bw"]),
                                          wrong: wrong)
        if let p = perIter as? [String: Any] {
            result.iterMinUs = NcclTestsJSONValue.double(p["min_us"])
            result.iterMaxUs = NcclTestsJSONValue.double(p["max_us"])
            result.iterP99Us = NcclTestsJSONValue.double(p["p99_us"])
            result.iterCVPercent = NcclTestsJSONValue.double(p["cv_pct"])
            if let samples = NcclTestsIterationTimes.read(p) {
                result.iterTimesUs = samples.timesUs
                result.iterSkipped = samples.skipped
            }
        }
        return result
    }
}

/// Reading JSONSerialization values the way nccl-tests writes them.
enum NcclTestsJSONValue {
    static func double(_ v: Any?) -> Double? {
        let d: Double?
        switch v {
        case let x as Double: d = x
        case let i as Int: d = Double(i)
        case let n as NSNumber: d = n.doubleValue
        case let s as String: d = Double(s.trimmingCharacters(in: .whitespaces))   // "nan" -> nan -> nil
        default: d = nil
        }
        guard let d, d.isFinite else { return nil }
        return d
    }

    static func int64(_ v: Any?) -> Int64? {
        if let s = v as? String { return Int64(s.trimmingCharacters(in: .whitespaces)) }   // root "    -1"
        // Bridged numbers may answer both casts; a fractional value is not an integer.
        if let d = v as? Double, d.rounded() != d { return nil }
        if let i = v as? Int { return Int64(i) }
        guard let d = double(v), d.rounded() == d, abs(d) < 9.0e18 else { return nil }
        return Int64(d)
    }

    static func int(_ v: Any?) -> Int? { int64(v).flatMap { Int(exactly: $0) } }

    /// `"true"` / `"false"`; anything else (`"unchecked"`) is nil.
    static func bool(_ v: Any?) -> Bool? {
        switch v as? String {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}
