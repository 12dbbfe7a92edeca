import DSBenchCore

/// The lines every testcase prints (`Running`, its description, the column labels, the matrix
/// rows, `SUM` or `Waived:`) read on the capture's bytes, with names and labels interned: a
/// `Substring` per line and token and a `String` per label held the parse at 54 MB/s. The other
/// lines (the header, CUDA errors, anything not ASCII) are rare and read by `read(_:number:)`,
/// on the line decoded alone: UTF-8 resynchronises at the LF, so that is the text the decoded
/// capture holds there.
extension NvbandwidthTextParser.State {
    mutating func read(_ buffer: UnsafeBufferPointer<UInt8>, _ line: ByteLine) {
        guard ByteText.isASCII(buffer, line.range) else {
            return read(Substring(ByteText.string(buffer, line.range)), number: line.number)
        }
        // `trimmedSpaces`: spaces and tabs.
        let range = ByteText.trim(buffer, line.range)
        if range.isEmpty {
            if place == .matrix { place = .outside }
            return
        }
        let last = buffer[range.upperBound - 1]
        if last == 0x2E, ByteText.hasPrefix("Running ", buffer, range) {
            let name = name(buffer, (range.lowerBound + 8)..<(range.upperBound - 1))
            report.testcases.append(NvbandwidthTestcase(name: name, status: .incomplete))
            current = report.testcases.count - 1
            place = .running
            return
        }
        if let status = Self.status(buffer, range) {
            let message = ByteText.trim(buffer, status.rest)
            outcome(status.status, message: message.isEmpty ? "" : Substring(ByteText.string(buffer, message)))
            return
        }
        if ByteText.hasPrefix("SUM ", buffer, range) {
            split(buffer, (range.lowerBound + 4)..<range.upperBound)
            guard tokens.count == 2, let value = ByteText.double(buffer, tokens[1]) else {
                log.add(.warning, line: line.number, kind: "bad sum", "unreadable SUM line")
                return
            }
            return sum(name: name(buffer, tokens[0]), value)
        }
        switch place {
        case .running where last == 0x29 && ByteText.contains(buffer, range, 0x28):
            guard let known = descriptions.value(buffer, range) else {
                return read(Substring(ByteText.string(buffer, line.range)), number: line.number)
            }
            describe(known)
            place = .header
        case .header:
            if let index = current { report.testcases[index].columnLabels = labels(buffer, range) }
            place = .matrix
        case .matrix:
            row(buffer, range, number: line.number)
        case .running, .outside:
            read(Substring(ByteText.string(buffer, line.range)), number: line.number)
        }
    }

    /// `row(_:number:)` on bytes.
    private mutating func row(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, number: Int) {
        guard let index = current else { return }
        split(buffer, range)
        guard let label = tokens.first else { return }
        var values: [Double?] = []
        values.reserveCapacity(tokens.count - 1)
        for token in tokens.dropFirst() {
            if token.count == 3, buffer[token.lowerBound] == 0x4E, buffer[token.lowerBound + 1] == 0x2F,
               buffer[token.lowerBound + 2] == 0x41 {
                values.append(nil)
                continue
            }
            guard let value = ByteText.double(buffer, token), value.isFinite else {
                // ASCII: 40 bytes are 40 `Character`s.
                let shown = ByteText.string(buffer, token.lowerBound..<min(token.upperBound, token.lowerBound + 40))
                log.add(.warning, line: number, kind: "bad value", "unreadable matrix value '\(shown)'")
                values.append(nil)
                continue
            }
            values.append(value)
        }
        row(label: name(buffer, label), values, of: index, number: number)
    }

    /// `byteTokens` on bytes, into `tokens`: fields between runs of spaces (not tabs).
    private mutating func split(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        tokens.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound, buffer[i] == 0x20 { i += 1 }
            guard i < range.upperBound else { break }
            let start = i
            while i < range.upperBound, buffer[i] != 0x20 { i += 1 }
            tokens.append(start..<i)
        }
    }

    /// A testcase name or row label, one `String` per distinct text.
    private mutating func name(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        if let known = names.value(buffer, range) { return known }
        let name = ByteText.string(buffer, range)
        names.insert(name, for: buffer, range)
        return name
    }

    /// A column-label line's labels, one array per distinct line (a capture repeats a few).
    private mutating func labels(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [String] {
        if let known = columnLabels.value(buffer, range) { return known }
        split(buffer, range)
        let labels = tokens.map { ByteText.string(buffer, $0) }
        columnLabels.insert(labels, for: buffer, range)
        return labels
    }

    /// `statusLine`'s prefix on bytes; the message is trimmed by the caller.
    private static func status(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> (status: NvbandwidthStatus, rest: Range<Int>)? {
        for (status, prefix) in statusPrefixes where ByteText.hasPrefix(prefix, buffer, range) {
            return (status, (range.lowerBound + prefix.utf8CodeUnitCount)..<range.upperBound)
        }
        return nil
    }
}
