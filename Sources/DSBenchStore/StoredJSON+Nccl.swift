import DSBenchCore

/// An nccl step's devices and NCCL_DEBUG summary in the shape Codable gave them (keys sorted,
/// a nil field left out, `rankHosts` keyed by the rank as text), so rows of either writer read
/// alike. `NcclCodecTests` holds both to `JSONEncoder` / `JSONDecoder` on every capture.
extension StoredJSON {
    static func devices(_ devices: [NcclTestsDevice]) -> String {
        var w = JSONTextWriter(reservingCapacity: devices.count * 120)
        w.beginArray()
        for d in devices {
            w.beginObject()
            w.member("busId", d.busId); w.member("cudaDevice", d.cudaDevice); w.member("group", d.group)
            w.member("host", d.host); w.member("name", d.name); w.member("pid", d.pid); w.member("rank", d.rank)
            w.endObject()
        }
        w.endArray()
        return w.text
    }

    static func devices(_ text: String) -> [NcclTestsDevice]? {
        var out: [NcclTestsDevice] = []
        let read = eachItem(text) { item in
            guard let rank = item["rank"]?.int, let host = item["host"]?.string, let cuda = item["cudaDevice"]?.int,
                  let busId = item["busId"]?.string, let name = item["name"]?.string,
                  let group = optional(item["group"], \.int), let pid = optional(item["pid"], \.int) else { return false }
            out.append(NcclTestsDevice(rank: rank, group: group, pid: pid, host: host, cudaDevice: cuda, busId: busId, name: name))
            return true
        }
        return read ? out : nil
    }

    static func transport(_ t: NcclTransportSummary) -> String {
        var w = JSONTextWriter(reservingCapacity: 1024 + t.connections.count * 200)
        w.beginObject()
        w.member("collChannels", t.collChannels)
        w.key("connections")
        w.beginArray()
        for c in t.connections { connection(c, to: &w) }
        w.endArray()
        w.member("environment", sortedStrings: t.environment)
        w.member("environmentLines", sortedStrings: t.environmentLines)
        w.member("hosts", strings: t.hosts); w.member("ibDevices", strings: t.ibDevices)
        w.member("ibNoDevice", t.ibNoDevice); w.member("lineCount", t.lineCount); w.member("localRanks", t.localRanks)
        w.member("ncclVersion", t.ncclVersion); w.member("networks", strings: t.networks); w.member("nodes", t.nodes)
        w.member("nvlsAvailable", t.nvlsAvailable); w.member("nvlsChannels", t.nvlsChannels)
        w.member("p2pChannels", t.p2pChannels)
        // Codable writes an Int-keyed dictionary as an object keyed by the number's text.
        w.member("rankHosts", sortedStrings: Dictionary(uniqueKeysWithValues: t.rankHosts.map { (String($0.key), $0.value) }))
        w.member("ranks", t.ranks); w.member("socketDevices", strings: t.socketDevices)
        w.key("warnings")
        w.beginArray()
        for warning in t.warnings {
            w.beginObject()
            w.member("host", warning.host); w.member("line", warning.line); w.member("text", warning.text)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text
    }

    static func transport(_ text: String) -> NcclTransportSummary? {
        guard let v = parse(text), v.members != nil,
              let networks = strings(v["networks"]), let ibDevices = strings(v["ibDevices"]),
              let ibNoDevice = v["ibNoDevice"]?.bool, let socketDevices = strings(v["socketDevices"]),
              let connectionItems = v["connections"]?.array, let hosts = strings(v["hosts"]),
              let rankHostText = stringMap(v["rankHosts"]), let environment = stringMap(v["environment"]),
              let environmentLines = stringMap(v["environmentLines"]), let warningItems = v["warnings"]?.array,
              let lineCount = v["lineCount"]?.int,
              let ncclVersion = optional(v["ncclVersion"], \.string), let ranks = optional(v["ranks"], \.int),
              let nodes = optional(v["nodes"], \.int), let localRanks = optional(v["localRanks"], \.int),
              let collChannels = optional(v["collChannels"], \.int), let nvlsChannels = optional(v["nvlsChannels"], \.int),
              let p2pChannels = optional(v["p2pChannels"], \.int), let nvlsAvailable = optional(v["nvlsAvailable"], \.bool)
        else { return nil }
        var rankHosts: [Int: String] = [:]
        for (key, host) in rankHostText {
            guard let rank = Int(key) else { return nil }
            rankHosts[rank] = host
        }
        var connections: [NcclConnection] = []
        connections.reserveCapacity(connectionItems.count)
        for c in connectionItems {
            guard let channel = c["channel"]?.int, let fromRank = c["fromRank"]?.int, let toRank = c["toRank"]?.int,
                  let kind = c["transport"]?.string.flatMap(NcclTransportKind.init(rawValue:)),
                  let path = c["path"]?.string, let gdrdma = c["gdrdma"]?.bool, let line = c["line"]?.int,
                  let text = c["text"]?.string, let connIndex = optional(c["connIndex"], \.int),
                  let fromDevice = optional(c["fromDevice"], \.string), let toDevice = optional(c["toDevice"], \.string),
                  let direction = optional(c["direction"], \.string), let host = optional(c["host"], \.string)
            else { return nil }
            connections.append(NcclConnection(channel: channel, connIndex: connIndex, fromRank: fromRank, toRank: toRank,
                                              fromDevice: fromDevice, toDevice: toDevice, direction: direction,
                                              transport: kind, path: path, gdrdma: gdrdma, host: host, line: line, text: text))
        }
        var warnings: [NcclLogLine] = []
        for w in warningItems {
            guard let line = w["line"]?.int, let text = w["text"]?.string, let host = optional(w["host"], \.string) else { return nil }
            warnings.append(NcclLogLine(host: host, line: line, text: text))
        }
        return NcclTransportSummary(
            ncclVersion: ncclVersion, networks: networks, ibDevices: ibDevices, ibNoDevice: ibNoDevice,
            socketDevices: socketDevices, connections: connections, ranks: ranks, nodes: nodes, localRanks: localRanks,
            hosts: hosts, rankHosts: rankHosts, collChannels: collChannels, nvlsChannels: nvlsChannels,
            p2pChannels: p2pChannels, nvlsAvailable: nvlsAvailable, environment: environment,
            environmentLines: environmentLines, warnings: warnings, lineCount: lineCount)
    }

    /// Written, never read back (the raw artifact is the record); the Codable shape all the same.
    static func parameters(_ p: NcclTestsParameters) -> String {
        var w = JSONTextWriter(reservingCapacity: 256)
        w.beginObject()
        w.member("aggIters", p.aggIters); w.member("graph", p.graph); w.member("iters", p.iters)
        w.member("maxBytes", p.maxBytes); w.member("minBytes", p.minBytes); w.member("nGpus", p.nGpus)
        w.member("nThread", p.nThread); w.member("step", p.step); w.member("stepKind", p.stepKind)
        w.member("unalign", p.unalign); w.member("validation", p.validation); w.member("warmupIters", p.warmupIters)
        w.endObject()
        return w.text
    }

    static func errors(_ errors: [NcclTestsError]) -> String {
        var w = JSONTextWriter()
        w.beginArray()
        for e in errors {
            w.beginObject()
            w.member("host", e.host); w.member("kind", e.kind); w.member("line", e.line)
            w.member("location", e.location); w.member("message", e.message)
            w.endObject()
        }
        w.endArray()
        return w.text
    }

    private static func connection(_ c: NcclConnection, to w: inout JSONTextWriter) {
        w.beginObject()
        w.member("channel", c.channel); w.member("connIndex", c.connIndex); w.member("direction", c.direction)
        w.member("fromDevice", c.fromDevice); w.member("fromRank", c.fromRank); w.member("gdrdma", c.gdrdma)
        w.member("host", c.host); w.member("line", c.line); w.member("path", c.path); w.member("text", c.text)
        w.member("toDevice", c.toDevice); w.member("toRank", c.toRank); w.member("transport", c.transport.rawValue)
        w.endObject()
    }

    /// A field that may be absent or null: `.some(nil)` then; nil when present with another type.
    private static func optional<T>(_ value: Value?, _ read: (Value) -> T?) -> T?? {
        guard let value, value != .null else { return .some(nil) }
        return read(value).map { .some($0) } ?? nil
    }
}
