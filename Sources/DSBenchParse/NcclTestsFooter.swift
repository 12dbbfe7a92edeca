/// Footer lines (§1.9). Each function takes the text after the leading `#`.
enum NcclTestsFooter {
    /// ` Out of bounds values : 0 OK` → (0, true). The OK/FAILED word may be missing.
    static func outOfBounds(_ text: NcclTextSpan) -> (count: Int?, ok: Bool?)? {
        guard let value = valueAfterColon(text, label: "Out of bounds values") else { return nil }
        let tokens = value.tokens()
        let count = tokens.first.flatMap(NcclTextNumbers.int)
        var ok: Bool?
        if tokens.count > 1 {
            if tokens[1].equals("OK") { ok = true } else if tokens[1].equals("FAILED") { ok = false }
        }
        return (count, ok)
    }

    /// ` Avg bus bandwidth    : 121.667 ` (optionally ` OK`/` FAILED` when NCCL_TESTS_MIN_BW
    /// is set). The value is nil when it is `-nan`/`inf` (no rows) or unreadable.
    static func avgBusBandwidth(_ text: NcclTextSpan) -> (value: Double?, ok: Bool?)? {
        guard let value = valueAfterColon(text, label: "Avg bus bandwidth") else { return nil }
        let tokens = value.tokens()
        var number: Double?
        if let first = tokens.first, case .number(let v) = NcclTextNumbers.cell(first) { number = v }
        var ok: Bool?
        if tokens.count > 1 {
            if tokens[1].equals("OK") { ok = true } else if tokens[1].equals("FAILED") { ok = false }
        }
        return (number, ok)
    }

    /// ` GPU memory usage     : Initialization ... | Total  4.73 GB`
    static func isMemoryUsage(_ text: NcclTextSpan) -> Bool {
        valueAfterColon(text, label: "GPU memory usage") != nil
    }

    /// ` error: <ncclGetLastError text>` (≥ 2.17.3)
    static func lastError(_ text: NcclTextSpan) -> String? {
        let t = text.trimmedLeading()
        guard let rest = t.after(prefix: "error:") else { return nil }
        return rest.trimmed().string
    }

    /// The text after `label` padded with spaces and a colon (`# %-20s : ...`).
    private static func valueAfterColon(_ text: NcclTextSpan, label: StaticString) -> NcclTextSpan? {
        let t = text.trimmedLeading()
        guard let rest = t.after(prefix: label) else { return nil }
        let afterLabel = rest.trimmedLeading()
        guard let colon = afterLabel.after(prefix: ":") else { return nil }
        return colon
    }
}
