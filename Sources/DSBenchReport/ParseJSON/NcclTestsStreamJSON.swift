import DSBenchCore

/// `dsbench parse nccl-tests` written as it is parsed. `json` is the text of
/// `NcclTestsParseJSON.render` byte for byte; `jsonl` is one compact line per row (the objects of
/// `rows`), then one line with the rest of the report, `rows` replaced by `row_count`.
public enum NcclTestsStreamJSON {
    public enum Format: String, Sendable, CaseIterable { case json, jsonl }

    /// One row with what the JSON shows of it and nothing else (no line, timestamp or `-I`
    /// statistics): 104 bytes, where an `NcclTestsRow` is several times that. The `json` form must
    /// hold the rows until the footer (its fields come before `rows`), so this is what it holds.
    public struct CompactRow: Sendable {
        var size: Int64
        var count: Int64
        var root: Int64
        var type: UInt32
        var redop: UInt32
        var flags: UInt8
        /// time, algbw, busbw; nil (or not finite) as NaN: both print `null`.
        var outOfPlace: (Double, Double, Double)
        var outOfPlaceWrong: Int64
        var inPlace: (Double, Double, Double)
        var inPlaceWrong: Int64

        static let hasInPlace: UInt8 = 1, outWrongKnown: UInt8 = 2, inWrongKnown: UInt8 = 4

        init(_ row: NcclTestsRow, type: UInt32, redop: UInt32) {
            let a = row.outOfPlace, b = row.inPlace
            var flags: UInt8 = 0
            if b != nil { flags |= Self.hasInPlace }
            if a.wrong != nil { flags |= Self.outWrongKnown }
            if b?.wrong != nil { flags |= Self.inWrongKnown }
            self.size = row.size; self.count = row.count; self.root = Int64(row.root)
            self.type = type; self.redop = redop; self.flags = flags
            outOfPlace = (a.timeUs ?? .nan, a.algbw ?? .nan, a.busbw ?? .nan)
            outOfPlaceWrong = a.wrong ?? 0
            inPlace = (b?.timeUs ?? .nan, b?.algbw ?? .nan, b?.busbw ?? .nan)
            inPlaceWrong = b?.wrong ?? 0
        }
    }

    /// Rows as the parser hands them over, with the type and redop names kept once each.
    public struct Rows: Sendable {
        public private(set) var rows: [CompactRow] = []
        var names: [String] = []
        private var index: [String: UInt32] = [:]
        /// Each name as a JSON string (quoted, escaped), one after another: rows copy these bytes.
        var encoded: [UInt8] = []
        var encodedRanges: [Range<Int>] = []

        /// `expectedRows`: a guess at the most rows to come (from the input's size); the space
        /// is reserved, not touched, so a guess too large costs address space, not memory.
        public init(expectedRows: Int = 0) {
            if expectedRows > 0 { rows.reserveCapacity(expectedRows) }
        }

        public var count: Int { rows.count }

        public mutating func append(_ row: NcclTestsRow) {
            rows.append(CompactRow(row, type: name(row.type), redop: name(row.redop)))
        }

        private mutating func name(_ text: String) -> UInt32 {
            // Rows of one table share their names: compare with the last two before hashing.
            if let last = recent.0, names[Int(last)] == text { return last }
            if let last = recent.1, names[Int(last)] == text { recent = (last, recent.0); return last }
            let slot = lookUp(text)
            recent = (slot, recent.0)
            return slot
        }

        private var recent: (UInt32?, UInt32?) = (nil, nil)

        private mutating func lookUp(_ text: String) -> UInt32 {
            if let known = index[text] { return known }
            let slot = UInt32(names.count)
            names.append(text)
            index[text] = slot
            var one = JSONBytes(flushAt: 1 << 12) { _ in }
            one.string(text)
            let start = encoded.count
            encoded += one.pending
            encodedRanges.append(start..<encoded.count)
            return slot
        }
    }

    /// The `json` form: the report's fields in `NcclTestsParseJSON`'s order, `rows` from `rows`.
    public static func writeJSON(_ report: NcclTestsReport, rows: Rows, to out: inout JSONBytes) {
        // The members in their order; rows and devices are written here, not made into values.
        var shell = report
        shell.rows = []
        shell.devices = []
        guard case .object(let members) = NcclTestsParseJSON.value(shell) else { return }
        out.byte(0x7B)
        for (n, member) in members.enumerated() {
            if n > 0 { out.byte(0x2C) }
            out.newline(level: 1)
            out.string(member.key)
            out.raw(": ")
            if member.key == "rows" {
                writeRows(rows, to: &out)
            } else if member.key == "devices" {
                writeDevices(report.devices, pretty: true, to: &out)
            } else {
                out.value(member.value, level: 1)
            }
        }
        out.newline(level: 0)
        out.byte(0x7D)
    }

    /// The `rows` array at level 1, names copied from their encoded bytes.
    private static func writeRows(_ table: Rows, to out: inout JSONBytes) {
        guard !table.rows.isEmpty else { return out.raw("[]") }
        out.byte(0x5B)
        table.encoded.withUnsafeBufferPointer { encoded in
            table.rows.withUnsafeBufferPointer { rows in
                for k in rows.indices {
                    if k > 0 { out.byte(0x2C) }
                    out.newline(level: 2)
                    let row = rows[k]
                    let type = table.encodedRanges[Int(row.type)], redop = table.encodedRanges[Int(row.redop)]
                    write(row, type: .encoded(UnsafeBufferPointer(rebasing: encoded[type])),
                          redop: .encoded(UnsafeBufferPointer(rebasing: encoded[redop])),
                          level: 2, pretty: true, to: &out)
                    out.maybeFlush()
                }
            }
        }
        out.newline(level: 1)
        out.byte(0x5D)
    }

    /// `NcclTestsParseJSON`'s device object, at level 2.
    private static func device(_ d: NcclTestsDevice, pretty p: Bool, to out: inout JSONBytes) {
        out.byte(0x7B)
        key("rank", first: true, 3, p, &out); out.int(Int64(d.rank))
        key("group", first: false, 3, p, &out); out.optional(d.group.map(Int64.init))
        key("pid", first: false, 3, p, &out); out.optional(d.pid.map(Int64.init))
        key("host", first: false, 3, p, &out); out.string(d.host)
        key("cuda_device", first: false, 3, p, &out); out.int(Int64(d.cudaDevice))
        key("bus_id", first: false, 3, p, &out); out.string(d.busId)
        key("name", first: false, 3, p, &out); out.string(d.name)
        if p { out.newline(level: 2) }
        out.byte(0x7D)
    }

    /// A name as text, or already written as a JSON string.
    private enum Name {
        case text(String)
        case encoded(UnsafeBufferPointer<UInt8>)

        func write(to out: inout JSONBytes) {
            switch self {
            case .text(let s): out.string(s)
            case .encoded(let bytes): out.bytes(bytes)
            }
        }
    }

    /// One `jsonl` row line.
    public static func writeLine(_ row: NcclTestsRow, to out: inout JSONBytes) {
        write(CompactRow(row, type: 0, redop: 0), type: .text(row.type), redop: .text(row.redop), level: 0,
              pretty: false, to: &out)
        out.byte(0x0A)
    }

    /// The last `jsonl` line: the report without its rows, with their count.
    public static func writeSummaryLine(_ report: NcclTestsReport, rowCount: Int, to out: inout JSONBytes) {
        var shell = report
        shell.rows = []
        shell.devices = []
        guard case .object(let members) = NcclTestsParseJSON.value(shell) else { return }
        out.byte(0x7B)
        for (n, member) in members.enumerated() {
            if n > 0 { out.byte(0x2C) }
            out.string(member.key == "rows" ? "row_count" : member.key)
            out.byte(0x3A)
            switch member.key {
            case "rows": out.int(Int64(rowCount))
            case "devices": writeDevices(report.devices, pretty: false, to: &out)
            default: out.value(member.value, level: 0, pretty: false)
            }
        }
        out.byte(0x7D)
        out.byte(0x0A)
    }

    /// The `devices` array (one per rank and run: a long log has tens of thousands), written from
    /// the devices, not made into values first; pretty at level 1, or compact.
    private static func writeDevices(_ devices: [NcclTestsDevice], pretty: Bool, to out: inout JSONBytes) {
        out.elements(count: devices.count, level: 1, pretty: pretty) { out, k in
            device(devices[k], pretty: pretty, to: &out)
            out.maybeFlush()
        }
    }

    private static func write(_ row: CompactRow, type: Name, redop: Name, level: Int, pretty: Bool,
                              to out: inout JSONBytes) {
        out.byte(0x7B)
        key("size", first: true, level + 1, pretty, &out); out.int(row.size)
        key("count", first: false, level + 1, pretty, &out); out.int(row.count)
        key("type", first: false, level + 1, pretty, &out); type.write(to: &out)
        key("redop", first: false, level + 1, pretty, &out); redop.write(to: &out)
        key("root", first: false, level + 1, pretty, &out); out.int(row.root)
        key("out_of_place", first: false, level + 1, pretty, &out)
        measurement(row.outOfPlace, wrong: row.flags & CompactRow.outWrongKnown != 0 ? row.outOfPlaceWrong : nil,
                    level: level + 1, pretty: pretty, &out)
        key("in_place", first: false, level + 1, pretty, &out)
        if row.flags & CompactRow.hasInPlace != 0 {
            measurement(row.inPlace, wrong: row.flags & CompactRow.inWrongKnown != 0 ? row.inPlaceWrong : nil,
                        level: level + 1, pretty: pretty, &out)
        } else {
            out.null()
        }
        if pretty { out.newline(level: level) }
        out.byte(0x7D)
    }

    private static func measurement(_ m: (Double, Double, Double), wrong: Int64?, level: Int, pretty: Bool,
                                    _ out: inout JSONBytes) {
        out.byte(0x7B)
        key("time_us", first: true, level + 1, pretty, &out); out.double(m.0)
        key("algbw", first: false, level + 1, pretty, &out); out.double(m.1)
        key("busbw", first: false, level + 1, pretty, &out); out.double(m.2)
        key("wrong", first: false, level + 1, pretty, &out); out.optional(wrong)
        if pretty { out.newline(level: level) }
        out.byte(0x7D)
    }

    /// `,` (unless first), the line break and indent when pretty, `"name": ` (`"name":` compact).
    @inline(__always)
    private static func key(_ name: StaticString, first: Bool, _ level: Int, _ pretty: Bool, _ out: inout JSONBytes) {
        if !first { out.byte(0x2C) }
        if pretty { out.newline(level: level) }
        out.byte(0x22)
        out.raw(name)
        if pretty { out.raw("\": ") } else { out.raw("\":") }
    }
}
