import CZlib
import DSBenchCore
import DSBenchParse
import Foundation

// Trace analysis speed: the real 8×H200 DDP trace (2755 kernels among ~40k events) repeated until
// the JSON is ≥ 100 MB, analysed as plain JSON and as .json.gz. Copies keep their timestamps, so
// the per-GPU unions — and therefore every number — must equal those of a single copy; the
// benchmark checks that before it reports a time.
//
//     swift run -c release dsbench-trace-bench [TRACE.json.gz] [TARGET_MB]

let arguments = CommandLine.arguments
let fixture = arguments.count > 1 ? arguments[1]
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/h200-x8/ddp_trace_rank0_steps20-24.json.gz").path
let targetMB = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100

guard let gz = FileManager.default.contents(atPath: fixture) else {
    print("cannot read \(fixture)")
    exit(2)
}
let single = TorchTraceParser.parse(Array(gz))
guard let root = try JSONSerialization.jsonObject(with: gunzipWithTool(Array(gz))) as? [String: Any],
      let events = root["traceEvents"] as? [[String: Any]] else {
    print("not a trace: \(fixture)")
    exit(2)
}
let eventTexts = try events.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
let oneCopy = eventTexts.joined(separator: ",\n")
let copies = max(1, (targetMB * 1_000_000) / max(oneCopy.utf8.count, 1) + 1)
var text = "{\"schemaVersion\": 1, \"traceEvents\": [\n"
text.reserveCapacity(copies * (oneCopy.utf8.count + 2) + 64)
for copy in 0..<copies {
    if copy > 0 { text += ",\n" }
    text += oneCopy
}
text += "\n], \"displayTimeUnit\": \"ms\"}"
let json = Array(text.utf8)
let jsonGz = gzip(json)
let reference = TorchTraceParser.parse(Array(("{\"traceEvents\": [" + oneCopy + "]}").utf8))

func measure(_ label: String, _ bytes: [UInt8], runs: Int = 5) {
    var times: [Double] = []
    var report = TorchTraceReport()
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        report = TorchTraceParser.parse(bytes)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    // Unions are the same for any number of copies; per-collective counts and summed times scale.
    let scaled = reference.devices.map { device -> TorchTraceDevice in
        var d = device
        d.collectives = device.collectives.mapValues {
            CollectiveStats(count: $0.count * copies, microseconds: $0.microseconds * Double(copies))
        }
        return d
    }
    let same = report.kernelEvents == reference.kernelEvents * copies
        && zip(report.devices, scaled).allSatisfy { got, want in
            got.device == want.device && got.ncclMicroseconds == want.ncclMicroseconds
                && got.computeMicroseconds == want.computeMicroseconds
                && got.overlapMicroseconds == want.overlapMicroseconds
                && got.collectives.keys == want.collectives.keys
                && got.collectives.allSatisfy { key, value in
                    value.count == want.collectives[key]?.count
                        && abs(value.microseconds - (want.collectives[key]?.microseconds ?? 0)) < 1e-3
                }
        }
        && report.devices.count == scaled.count
    times.sort()
    let mb = Double(json.count) / 1e6
    print(String(format: "%@: %.1f MB JSON (%d events, %d kernels), input %.1f MB: median %.3f s, min %.3f s, %.0f MB/s of JSON; results equal one copy's: %@",
                 label, mb, events.count * copies, report.kernelEvents, Double(bytes.count) / 1e6,
                 times[times.count / 2], times[0], mb / times[times.count / 2], same ? "yes" : "NO"))
    if !same { exit(1) }
}

print("fixture: \(fixture): \(events.count) events, \(single.kernelEvents) kernels, \(copies) copies")
measure("plain", json)
measure("gzip", jsonGz)

func gunzipWithTool(_ bytes: [UInt8]) -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -dc"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    DispatchQueue.global().async {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

func gzip(_ input: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard deflateInit2_(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                        Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
    var source = input
    let produced = source.withUnsafeMutableBufferPointer { src in
        output.withUnsafeMutableBufferPointer { dst -> Int in
            stream.next_in = src.baseAddress
            stream.avail_in = UInt32(src.count)
            stream.next_out = dst.baseAddress
            stream.avail_out = UInt32(dst.count)
            _ = deflate(&stream, Z_FINISH)
            return dst.count - Int(stream.avail_out)
        }
    }
    return Array(output.prefix(produced))
}
