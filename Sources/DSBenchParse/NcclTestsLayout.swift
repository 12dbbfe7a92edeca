/// Which columns a data row has. The column-names header line fixes it (§1.6): nccl-tests
/// 2.0–2.11 printed a per-collective header (no redop and/or no root, an `error` column
/// holding maxDelta), 2.13+ a unified one, 2.19.2+ can add `-I` per-iteration columns and
/// 2.17.6+ a `-S` timestamp. Without a header the modern layout is assumed and refined from
/// the number of fields in each row.
struct NcclTestsLayout: Equatable {
    var hasRedop = true
    var hasRoot = true
    /// `-I 1`: i_min, i_max, i_p99, i_cv% after each half.
    var perIteration = false
    /// `-S 1`: `YYYY-MM-DD HH:MM:SS` at the end of each row.
    var timestamp = false
    /// v2.0–v2.11: the 4th field of a half is maxDelta (`%5.0le`), not a wrong count.
    var errorIsMaxDelta = false
    /// `-C 1`: the time columns hold CPU time.
    var cpuTime = false
    /// True once a header line set the layout.
    var fromHeader = false

    var preambleCount: Int { 3 + (hasRedop ? 1 : 0) + (hasRoot ? 1 : 0) }
    var halfCount: Int { perIteration ? 8 : 4 }
    var bodyCount: Int { 2 * halfCount + (timestamp ? 2 : 0) }

    /// Reads the column-names line (`#  size  count  type  redop  root  time ...`).
    /// Returns nil when the line is not one.
    static func fromHeader(_ tokens: [NcclTextSpan]) -> NcclTestsLayout? {
        var hasSize = false, hasCount = false
        var layout = NcclTestsLayout(hasRedop: false, hasRoot: false)
        var sawTime = false
        for token in tokens {
            if token.equals("size") { hasSize = true }
            else if token.equals("count") { hasCount = true }
            else if token.equals("redop") { layout.hasRedop = true }
            else if token.equals("root") { layout.hasRoot = true }
            else if token.equals("i_min") { layout.perIteration = true }
            else if token.equals("timestamp") { layout.timestamp = true }
            else if token.equals("error") { layout.errorIsMaxDelta = true }
            else if token.equals("cputime") { layout.cpuTime = true; sawTime = true }
            else if token.equals("time") { sawTime = true }
        }
        guard hasSize, hasCount, sawTime else { return nil }
        layout.fromHeader = true
        return layout
    }

    /// For a headerless table: the layout that explains `bodyTokens` fields after the
    /// preamble, or self when none does better.
    func inferred(bodyTokens: Int, lastTwo: (NcclTextSpan, NcclTextSpan)?) -> NcclTestsLayout {
        guard !fromHeader, bodyTokens != bodyCount else { return self }
        var guess = self
        let stamped = lastTwo.map { NcclTestsTimestamp.isDate($0.0) && NcclTestsTimestamp.isTime($0.1) } ?? false
        switch (bodyTokens, stamped) {
        case (10, true): guess.perIteration = false; guess.timestamp = true
        case (16, _): guess.perIteration = true; guess.timestamp = false
        case (18, true): guess.perIteration = true; guess.timestamp = true
        case (8, _): guess.perIteration = false; guess.timestamp = false
        default: return self
        }
        return guess
    }

    /// printf widths of each field and the separator before it (`%12li  %12li  %8s ...`),
    /// used to cut a row field from an NCCL line glued right after it.
    func fieldWidth(at index: Int) -> (width: Int, separator: Int) {
        let preamble = [12, 12, 8] + (hasRedop ? [6] : []) + (hasRoot ? [6] : [])
        if index < preamble.count { return (preamble[index], index == 0 ? 0 : 2) }
        let inHalf = (index - preamble.count) % max(halfCount, 1)
        let halfWidths = [7, 6, 6, 6, 7, 7, 7, 7]
        return (halfWidths[min(inHalf, halfWidths.count - 1)], 2)
    }
}

/// The `-S 1` timestamp tokens.
enum NcclTestsTimestamp {
    /// `YYYY-MM-DD`
    static func isDate(_ t: NcclTextSpan) -> Bool { shaped(t, "dddd-dd-dd") }
    /// `HH:MM:SS`
    static func isTime(_ t: NcclTextSpan) -> Bool { shaped(t, "dd:dd:dd") }

    private static func shaped(_ t: NcclTextSpan, _ pattern: StaticString) -> Bool {
        guard t.count == pattern.utf8CodeUnitCount else { return false }
        let p = pattern.utf8Start
        for k in 0..<t.count {
            guard let b = t.byte(at: t.lower + k) else { return false }
            if p[k] == 0x64 { if !NcclTextNumbers.isDigit(b) { return false } }
            else if b != p[k] { return false }
        }
        return true
    }
}
