import DSBenchCore

/// An nccl step's devices and NCCL_DEBUG summary in the shape Codable gave them (keys sorted,
/// a nil field left out, `rankHosts` keyed by the rank as text), so rows of either writer read
/// alike. `NcclCodecTests` holds both to `JSONEncoder` / `JSONDecoder` on every capture.
extension StoredJSON {
    static func devices(_ devices: [NcclTestsDevice]) -> String {
        "[" + devices.map { d in
            object([
                ("busId", JSONString.quoted(d.busId)), ("cudaDevice", String(d.cudaDevice)),
                ("group", d.group.map(String.init)), ("host", JSONString.quoted(d.host)),
                ("name", JSONString.quoted(d.name)), ("pid", d.pid.map(String.init)), ("rank", String(d.rank)),
            ])
        }.joined(separator: ",") + "]"
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
        object([
            ("collChannels", t.collChannels.map(String.init)),
            ("connections", "[" + t.connections.map(connection).joined(separator: ",") + "]"),
            ("environment", stringObject(t.environment)), ("environmentLines", stringObject(t.environmentLines)),
            ("hosts", stringArray(t.hosts)), ("ibDevices", stringArray(t.ibDevices)), ("ibNoDevice", String(t.ibNoDevice)),
            ("lineCount", String(t.lineCount)), ("localRanks", t.localRanks.map(String.init)),
            ("ncclVersion", t.ncclVersion.map(JSONString.quoted)), ("networks", stringArray(t.networks)),
            ("nodes", t.nodes.map(String.init)), ("nvlsAvailable", t.nvlsAvailable.map { String($0) }),
            ("nvlsChannels", t.nvlsChannels.map(String.init)), ("p2pChannels", t.p2pChannels.map(String.init)),
            ("rankHosts", stringObject(Dictionary(uniqueKeysWithValues: t.rankHosts.map { (String($0.key), $0.value) }))),
            ("ranks", t.ranks.map(String.init)), ("socketDevices", stringArray(t.socketDevices)),
            ("warnings", "[" + t.warnings.map { w in
                object([("host", w.host.map(JSONString.quoted)), ("line", String(w.line)), ("text", JSONString.quoted(w.text))])
            }.joined(separator: ",") + "]"),
        ])
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
        object([
            ("aggIters", p.aggIters.map(String.init)), ("graph", p.graph.map(String.init)),
            ("iters", String(p.iters)), ("maxBytes", String(p.maxBytes)), ("minBytes", String(p.minBytes)),
            ("nGpus", String(p.nGpus)), ("nThread", String(p.nThread)), ("step", String(p.step)),
            ("stepKind", JSONString.quoted(p.stepKind)), ("unalign", p.unalign.map(String.init)),
            ("validation", String(p.validation)), ("warmupIters", String(p.warmupIters)),
        ])
    }

    static func errors(_ errors: [NcclTestsError]) -> String {
        "[" + errors.map { e in
            object([
                ("host", e.host.map(JSONString.quoted)), ("kind", JSONString.quoted(e.kind)), ("line", String(e.line)),
                ("location", e.location.map(JSONString.quoted)), ("message", JSONString.quoted(e.message)),
            ])
        }.joined(separator: ",") + "]"
    }

    private static func connection(_ c: NcclConnection) -> String {
        object([
            ("channel", String(c.channel)), ("connIndex", c.connIndex.map(String.init)),
            ("direction", c.direction.map(JSONString.quoted)), ("fromDevice", c.fromDevice.map(JSONString.quoted)),
            ("fromRank", String(c.fromRank)), ("gdrdma", String(c.gdrdma)), ("host", c.host.map(JSONString.quoted)),
            ("line", String(c.line)), ("path", JSONString.quoted(c.path)), ("text", JSONString.quoted(c.text)),
            ("toDevice", c.toDevice.map(JSONString.quoted)), ("toRank", String(c.toRank)),
            ("transport", JSONString.quoted(c.transport.rawValue)),
        ])
    }

    /// Members already in key order; a nil value is left out, as Codable leaves out a nil field.
    private static func object(_ members: [(String, String?)]) -> String {
        "{" + members.compactMap { key, value in value.map { "\"\(key)\":" + $0 } }.joined(separator: ",") + "}"
    }

    private static func stringArray(_ strings: [String]) -> String {
        "[" + strings.map(JSONString.quoted).joined(separator: ",") + "]"
    }

    private static func stringObject(_ map: [String: String]) -> String {
        "{" + map.sorted { $0.key < $1.key }.map { JSONString.quoted($0.key) + ":" + JSONString.quoted($0.value) }
            .joined(separator: ",") + "}"
    }

    /// A field that may be absent or null: `.some(nil)` then; nil when present with another type.
    private static func optional<T>(_ value: Value?, _ read: (Value) -> T?) -> T?? {
        guard let value, value != .null else { return .some(nil) }
        return read(value).map { .some($0) } ?? nil
    }
}
