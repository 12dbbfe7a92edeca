import DSBenchCore

/// `Channel 00/0 : 5[5] -> 6[6] via P2P/direct pointer` and the other connection lines of
/// docs/formats.md §2.5 (`Ring 00 : …` in NCCL ≤ 2.6; `[send]`/`[receive]` on NET lines).
enum NcclConnectionLine {
    static func parse(_ message: Substring, host: String?, line: Int) -> NcclConnection? {
        let head: Substring
        if message.hasASCIIPrefix("Channel ") { head = message.dropFirst(8) }
        else if message.hasASCIIPrefix("Ring ") { head = message.dropFirst(5) }
        else { return nil }
        guard let colon = head.firstASCII(" : "), let via = head.firstASCII(" via ") else { return nil }
        // Channel number, then an optional `/connIndex`.
        let channelText = head[..<colon.lowerBound]
        let channelParts = channelText.split(separator: "/", omittingEmptySubsequences: false)
        guard let channel = channelParts.first.flatMap({ Int($0) }) else { return nil }
        let connIndex = channelParts.count > 1 ? Int(channelParts[1]) : nil

        guard colon.upperBound <= via.lowerBound else { return nil }
        var middle = head[colon.upperBound..<via.lowerBound]
        var direction: String?
        if middle.hasASCIISuffix(" [send]") {
            direction = "send"; middle = middle.dropLast(7)
        } else if middle.hasASCIISuffix(" [receive]") {
            direction = "receive"; middle = middle.dropLast(10)
        }
        guard let arrow = middle.firstASCII(" -> ") else { return nil }
        guard let from = rank(middle[..<arrow.lowerBound]), let to = rank(middle[arrow.upperBound...]) else {
            return nil
        }
        let path = String(head[via.upperBound...]).trimmingTrailingSpaces()
        let (transport, gdr) = classify(path)
        return NcclConnection(channel: channel, connIndex: connIndex, fromRank: from.rank, toRank: to.rank,
                              fromDevice: from.device, toDevice: to.device, direction: direction,
                              transport: transport, path: path, gdrdma: gdr, host: host, line: line,
                              text: String(message))
    }

    /// `5[5]`, `8[18000]`, or a bare `5`.
    private static func rank(_ text: Substring) -> (rank: Int, device: String?)? {
        let trimmed = text.drop(while: { $0 == " " })
        if let open = trimmed.firstIndex(of: "["), trimmed.hasASCIISuffix("]") {
            guard let rank = Int(trimmed[..<open]) else { return nil }
            let device = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            return (rank, String(device))
        }
        guard let rank = Int(trimmed) else { return nil }
        return (rank, nil)
    }

    /// The transport class of a `via` path, and whether GPUDirect RDMA is on.
    static func classify(_ path: String) -> (NcclTransportKind, Bool) {
        if path.hasPrefix("P2P/") {
            if path.hasPrefix("P2P/direct pointer") { return (.p2pDirect, false) }
            if path.hasPrefix("P2P/NVLS") { return (.nvls, false) }
            return (.p2pIPC, false)
        }
        if path.hasPrefix("SHM/") || path.hasPrefix("direct shared memory") { return (.shm, false) }
        if path.hasPrefix("NVLS") { return (.nvls, false) }
        if path.hasPrefix("NET/") {
            let gdr = path.contains("/GDRDMA")
            let name = path.dropFirst(4).prefix { $0 != "/" }
            switch name {
            case "IB": return (.netIB, gdr)
            case "Socket": return (.netSocket, gdr)
            default: return (.netOther, gdr)
            }
        }
        if path.hasPrefix("COLLNET/") { return (.collnet, false) }
        return (.other, false)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while let last = text.last, last == " " || last == "\r" || last == "\t" { text.removeLast() }
        return text
    }
}
