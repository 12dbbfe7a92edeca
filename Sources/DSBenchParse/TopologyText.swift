/// Text cleanup for `nvidia-smi topo -m`: terminal escapes and the two cell layouts.
enum TopologyText {
    /// Attribute columns after the device cells; they contain single spaces.
    static let attributeNames = ["CPU Affinity", "NUMA Affinity", "GPU NUMA ID"]

    /// Removes ANSI escape sequences: `ESC [ params final` (CSI, e.g. the `ESC[4m` underline
    /// around the header) and two-byte `ESC x` sequences.
    static func stripANSI(_ text: Substring) -> Substring {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else { out.append(scalar); continue }
            guard let next = scalars.next() else { break }
            guard next == "[" else { continue }
            while let param = scalars.next(), !(0x40...0x7E).contains(param.value) {}
        }
        return Substring(String(out))
    }

    /// Tab-separated cells as printed by nvidia-smi, or whitespace-separated tokens for copies
    /// from a terminal (tabs expanded), with the multi-word attribute names joined back.
    static func cells(_ line: Substring, tabs: Bool) -> [Substring] {
        if tabs {
            return line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
        }
        return joinAttributeNames(line.split(whereSeparator: { $0 == " " || $0 == "\t" }))
    }

    private static func joinAttributeNames(_ tokens: [Substring]) -> [Substring] {
        let phrases = attributeNames.map { $0.split(separator: " ").map(String.init) }
        var out: [Substring] = []
        var i = 0
        outer: while i < tokens.count {
            for words in phrases where i + words.count <= tokens.count {
                if zip(tokens[i..<(i + words.count)], words).allSatisfy({ $0.0 == $0.1 }) {
                    out.append(Substring(words.joined(separator: " ")))
                    i += words.count
                    continue outer
                }
            }
            out.append(tokens[i])
            i += 1
        }
        return out
    }

    /// `GPU0` … `GPU4095`.
    static func isGPULabel(_ cell: Substring) -> Bool {
        cell.hasPrefix("GPU") && (4...7).contains(cell.count) && cell.dropFirst(3).allSatisfy(\.isASCIIDigitLike)
    }

    /// `GPU3`, `NIC0`, or a NIC device name as old drivers print it (`mlx5_0`, `mlx4_1`).
    static func isDeviceLabel(_ cell: Substring) -> Bool {
        if isGPULabel(cell) { return true }
        if cell.hasPrefix("NIC"), cell.count > 3, cell.count <= 7, cell.dropFirst(3).allSatisfy(\.isASCIIDigitLike) {
            return true
        }
        guard let underscore = cell.lastIndex(of: "_"), underscore != cell.startIndex, cell.count <= 32 else { return false }
        let name = cell[..<underscore], number = cell[cell.index(after: underscore)...]
        return !number.isEmpty && number.allSatisfy(\.isASCIIDigitLike)
            && name.first?.isLetter == true && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Link codes that can sit in a device cell (plus `NV#`): used to tell a header from a row
    /// when a copy lost the header's leading tab.
    static func isLinkCode(_ cell: Substring) -> Bool {
        if ["X", "SYS", "NODE", "PHB", "PXB", "PIX", "SOC"].contains(cell) { return true }
        return cell.hasPrefix("NV") && cell.count > 2 && cell.dropFirst(2).allSatisfy(\.isASCIIDigitLike)
    }
}

extension Character {
    var isASCIIDigitLike: Bool { ("0"..."9").contains(self) }
}
