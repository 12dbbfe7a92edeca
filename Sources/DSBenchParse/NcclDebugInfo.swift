import DSBenchCore

/// NCCL_DEBUG=INFO lines → transport summary (docs/formats.md §2): network chosen, IB and
/// socket devices, per channel the transport between ranks, ranks/nodes, channel counts, NVLS,
/// `NCCL_* set by environment`, WARN lines. Channel lines can come late (runtime connect), so the
/// whole log is aggregated. Pure: no environment, never throws.
public enum NcclDebugInfo {
    /// From the lines the nccl-tests parser found (anywhere in its output).
    public static func summarize(_ lines: [NcclDebugLine]) -> NcclTransportSummary {
        var builder = Builder()
        for line in lines { builder.add(line) }
        return builder.summary
    }

    /// A standalone NCCL_DEBUG log (a training job's output, `NCCL_DEBUG_FILE`): the NCCL lines
    /// are found the same way as inside nccl-tests output, glued or prefixed or not.
    public static func parseLog(_ bytes: [UInt8]) -> NcclTransportSummary {
        NcclTestsParser.parse(bytes).transport ?? NcclTransportSummary()
    }

    struct Builder {
        var summary = NcclTransportSummary()
        private var seenConnections: Set<ConnectionKey> = []
        private var seenHosts: Set<String> = []
        /// Ranks seen on two different hosts: not placed at all.
        private var ambiguousRanks: Set<Int> = []

        private struct ConnectionKey: Hashable {
            var channel: Int, conn: Int?, from: Int, to: Int, direction: String?, path: String
        }

        mutating func add(_ line: NcclDebugLine) {
            summary.lineCount += 1
            if let host = line.host, seenHosts.insert(host).inserted { summary.hosts.append(host) }
            let message = Substring(line.message)
            if line.level == "WARN" {
                summary.warnings.append(NcclLogLine(host: line.host, line: line.line, text: line.message))
                return
            }
            if let version = Self.version(in: message), summary.ncclVersion == nil {
                summary.ncclVersion = version
                return
            }
            if message.hasASCIIPrefix("Channel ") || message.hasASCIIPrefix("Ring ") {
                if let connection = NcclConnectionLine.parse(message, host: line.host, line: line.line) {
                    let key = ConnectionKey(channel: connection.channel, conn: connection.connIndex,
                                            from: connection.fromRank, to: connection.toRank,
                                            direction: connection.direction, path: connection.path)
                    if seenConnections.insert(key).inserted { summary.connections.append(connection) }
                    if connection.transport.isNet, let host = line.host {
                        switch connection.direction {
                        case "send": place(rank: connection.fromRank, on: host)
                        case "receive": place(rank: connection.toRank, on: host)
                        default: break
                        }
                    }
                }
                return
            }
            if message.hasASCIIPrefix("Using network ") {
                let name = String(message.dropFirst(14)).trimmingTrailingSpaces()
                if !name.isEmpty, !summary.networks.contains(name) { summary.networks.append(name) }
            } else if message.hasASCIIPrefix("NET/IB") {
                addIB(message)
            } else if message.hasASCIIPrefix("NET/Socket") {
                addSocket(message)
            } else if message.hasASCIIPrefix("NCCL_"), let range = message.firstASCII(" set by environment to ") {
                let name = String(message[..<range.lowerBound])
                var value = message[range.upperBound...]
                if value.hasASCIISuffix(".") { value = value.dropLast() }
                if summary.environment[name] == nil {
                    summary.environment[name] = String(value)
                    summary.environmentLines[name] = line.message
                }
            } else if message.hasASCIIPrefix("NVLS multicast support is ") {
                let rest = message.dropFirst(26)
                let available = rest.hasASCIIPrefix("available")
                // Available on one device but not another counts as not available.
                summary.nvlsAvailable = (summary.nvlsAvailable ?? true) && available
            } else if message.containsASCII(" channels, ") || message.hasASCIISuffix(" p2p channels per peer") {
                addChannelCounts(message)
            } else if message.containsASCII(" nRanks ") || message.containsASCII(" nranks ") {
                addRanks(message, host: line.host)
            }
        }

        private mutating func place(rank: Int, on host: String) {
            guard !ambiguousRanks.contains(rank) else { return }
            if let known = summary.rankHosts[rank], known != host {
                summary.rankHosts[rank] = nil
                ambiguousRanks.insert(rank)
            } else {
                summary.rankHosts[rank] = host
            }
        }

        /// `NCCL version 2.28.9+cuda13.0` → `2.28.9`.
        private static func version(in message: Substring) -> String? {
            guard message.hasASCIIPrefix("NCCL version ") else { return nil }
            let rest = message.dropFirst(13)
            let number = rest.prefix { $0.isNumber || $0 == "." }
            return number.isEmpty ? nil : String(number)
        }

        /// `NET/IB : Using [0]mlx5_0:1/IB [1]mlx5_1:1/RoCE [RO]; OOB ib0:10.0.0.1<0>`, the merged form
        /// `[0]={[0] mlx5_0:1/IB, [1] mlx5_1:1/IB}`, or `NET/IB : No device found.`
        private mutating func addIB(_ message: Substring) {
            if message.containsASCII("No device found") { summary.ibNoDevice = true; return }
            guard let using = message.firstASCII("Using") else { return }
            let end = message.firstASCII("; OOB")?.lowerBound ?? message.endIndex
            guard using.upperBound <= end else { return }
            for token in message[using.upperBound..<end].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "{" || $0 == "}" || $0 == "=" }) {
                var device = token
                while device.hasASCIIPrefix("["), let close = device.firstIndex(of: "]") {
                    device = device[device.index(after: close)...]
                }
                guard device.containsASCII("/IB") || device.containsASCII("/RoCE") || device.containsASCII("/UNSPECIFIED") else { continue }
                let name = String(device)
                if !summary.ibDevices.contains(name) { summary.ibDevices.append(name) }
            }
        }

        /// `NET/Socket : Using [0]eth0:10.0.0.1<0> [1]ib0:10.1.1.1<0>`
        private mutating func addSocket(_ message: Substring) {
            guard let using = message.firstASCII("Using") else { return }
            for token in message[using.upperBound...].split(separator: " ") {
                guard token.hasASCIIPrefix("["), let close = token.firstIndex(of: "]") else { continue }
                var device = token[token.index(after: close)...]
                if let open = device.lastIndex(of: "<") { device = device[..<open] }
                let name = String(device)
                if !name.isEmpty, !summary.socketDevices.contains(name) { summary.socketDevices.append(name) }
            }
        }

        /// `24 coll channels, 24 collnet channels, 0 nvls channels, 32 p2p channels, 32 p2p channels per peer`
        private mutating func addChannelCounts(_ message: Substring) {
            for part in message.split(separator: ",") {
                let words = part.split(separator: " ")
                guard words.count >= 3, let count = Int(words[0]), words.last == "channels" else { continue }
                switch words[1] {
                case "coll": summary.collChannels = max(summary.collChannels ?? 0, count)
                case "nvls": summary.nvlsChannels = max(summary.nvlsChannels ?? 0, count)
                case "p2p": summary.p2pChannels = max(summary.p2pChannels ?? 0, count)
                default: break
                }
            }
        }

        /// `comm 0x… rank 3 nRanks 8 nNodes 1 localRanks 8 localRank 3 MNNVL 0` and the
        /// `… rank 5 nranks 8 cudaDev …` init lines; the line's host is where that rank runs.
        private mutating func addRanks(_ message: Substring, host: String?) {
            let words = message.split(separator: " ")
            for (index, word) in words.enumerated() where index + 1 < words.count {
                guard let value = Int(words[index + 1]), value >= 0 else { continue }
                switch word {
                case "rank": if let host { place(rank: value, on: host) }
                case "nRanks", "nranks": summary.ranks = max(summary.ranks ?? 0, value)
                case "nNodes": summary.nodes = max(summary.nodes ?? 0, value)
                case "localRanks": summary.localRanks = max(summary.localRanks ?? 0, value)
                default: break
                }
            }
        }
    }
}
