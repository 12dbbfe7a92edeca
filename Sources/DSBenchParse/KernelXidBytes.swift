import DSBenchCore

/// An all-ASCII Xid line read on its bytes, step for step as `KernelXidText` reads it on
/// `Character`s (on ASCII each byte is one). The `Substring` reading, its index checks and
/// grapheme breaks, held the worst-case kernel-log parse (every line an Xid) to 26 MB/s.
struct KernelXidBytes {
    private let buffer: UnsafeBufferPointer<UInt8>
    private let line: Range<Int>
    private let number: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, line number: Int) {
        self.buffer = buffer; self.line = line; self.number = number
    }

    /// `marker`: where `Xid (` starts.
    func event(marker: Int) -> (event: KernelXidEvent?, isSXid: Bool) {
        let isSXid = marker > line.lowerBound && buffer[marker - 1] == UInt8(ascii: "S")
        let prefix = line.lowerBound..<(isSXid ? marker - 1 : marker)
        return (event(after: marker + 5, kind: isSXid ? .sxid : .xid, prefix: prefix), isSXid)
    }

    /// `PCI:0000:00:06): 79, pid=0, name=python, GPU has fallen off the bus.` from `start`.
    private func event(after start: Int, kind: KernelXidEvent.Kind, prefix: Range<Int>) -> KernelXidEvent? {
        guard let close = ByteText.find("):", in: buffer, start..<line.upperBound) else { return nil }
        var address = trim(start..<close)
        if ByteText.hasPrefix("PCI:", buffer, address) { address = (address.lowerBound + 4)..<address.upperBound }
        var tail = trim((close + 2)..<line.upperBound)
        var digitsEnd = tail.lowerBound
        while digitsEnd < tail.upperBound, isDigit(buffer[digitsEnd]) { digitsEnd += 1 }
        let digits = tail.lowerBound..<digitsEnd
        guard !digits.isEmpty, digits.count < 9 else { return nil }
        let code = digits.reduce(0) { $0 * 10 + Int(buffer[$1] - 0x30) }
        tail = digitsEnd..<tail.upperBound
        if tail.first.map({ buffer[$0] }) == UInt8(ascii: ",") { tail = trim((tail.lowerBound + 1)..<tail.upperBound) }
        var pid: Int?
        var name: String?
        if ByteText.hasPrefix("pid=", buffer, tail) {
            pid = Int(ByteText.string(buffer, trimmingQuotes(field(&tail, after: 4))))
        }
        if ByteText.hasPrefix("name=", buffer, tail) {
            let value = field(&tail, after: 5)
            let text = ByteText.string(buffer, value)
            name = value.isEmpty || text == "<unknown>" ? nil : text
        }
        return KernelXidEvent(kind: kind, code: code, pciAddress: address.isEmpty ? nil : ByteText.string(buffer, address),
                              pid: pid, processName: name, detail: ByteText.string(buffer, trim(tail)),
                              timestamp: timestamp(prefix), line: number)
    }

    /// The value of `key=value, …` at the start of `tail` (`keyLength` bytes of key); `tail`
    /// moves past it and its comma.
    private func field(_ tail: inout Range<Int>, after keyLength: Int) -> Range<Int> {
        let body = (tail.lowerBound + keyLength)..<tail.upperBound
        let end = ByteSearch.first(UInt8(ascii: ","), in: buffer, from: body.lowerBound, to: body.upperBound) ?? body.upperBound
        let value = trim(body.lowerBound..<end)
        tail = end < body.upperBound ? trim((end + 1)..<body.upperBound) : end..<end
        return value
    }

    /// As `KernelXidText.timestamp`: the journal's time, else dmesg's bracket, else the text
    /// before the driver's tag.
    private func timestamp(_ prefix: Range<Int>) -> String? {
        var head = prefix
        if let tag = ByteText.find("NVRM:", in: buffer, head) ?? ByteText.find("nvidia", in: buffer, head) {
            head = head.lowerBound..<tag
        }
        if let kernel = ByteText.find(" kernel:", in: buffer, head) {
            var words: [Range<Int>] = []
            var i = head.lowerBound
            while i < kernel {
                while i < kernel, buffer[i] == 0x20 { i += 1 }
                let wordStart = i
                while i < kernel, buffer[i] != 0x20 { i += 1 }
                if i > wordStart { words.append(wordStart..<i) }
            }
            if words.count >= 2 {
                return words.dropLast().map { ByteText.string(buffer, $0) }.joined(separator: " ")
            }
        }
        if let open = ByteSearch.first(UInt8(ascii: "["), in: buffer, from: head.lowerBound, to: head.upperBound),
           let close = ByteSearch.first(UInt8(ascii: "]"), in: buffer, from: open, to: head.upperBound) {
            let inside = trim((open + 1)..<close)
            return inside.isEmpty ? nil : ByteText.string(buffer, inside)
        }
        let trimmed = trim(head)
        return trimmed.isEmpty ? nil : ByteText.string(buffer, trimmed)
    }

    private func trim(_ range: Range<Int>) -> Range<Int> { ByteText.trim(buffer, range) }

    private func trimmingQuotes(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isQuote(buffer[lower]) { lower += 1 }
        while upper > lower, isQuote(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private func isQuote(_ byte: UInt8) -> Bool { byte == 0x27 || byte == 0x22 }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
