import DSBenchCore

/// A small JSON writer for machine-readable output whose key order must be stable (the
/// order given, not sorted, not hashed) and whose missing values must be explicit `null`s.
public enum JSONWriter {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case int(Int64)
        /// Written in the shortest form that reads back to the same Double; non-finite
        /// values have no JSON form and become `null`.
        case double(Double)
        case string(String)
        case array([Value])
        /// An array whose elements are made one at a time as they are written: the records of a
        /// 200 MB capture are never all held as `Value`s at once.
        case lazyArray(count: Int, element: @Sendable (Int) -> Value)
        case object([(key: String, value: Value)])

        public static func int(_ v: Int) -> Value { .int(Int64(v)) }
        public static func optional(_ v: Double?) -> Value { v.map { .double($0) } ?? .null }
        public static func optional(_ v: Int64?) -> Value { v.map { .int($0) } ?? .null }
        public static func optional(_ v: Int?) -> Value { v.map { .int(Int64($0)) } ?? .null }
        public static func optional(_ v: String?) -> Value { v.map { .string($0) } ?? .null }
        public static func optional(_ v: Bool?) -> Value { v.map { .bool($0) } ?? .null }
    }

    /// Pretty-printed with `indent` spaces per level; empty arrays and objects stay on one line.
    public static func render(_ value: Value, indent: Int = 2) -> String {
        var out = ""
        write(value, into: &out, level: 0, indent: max(indent, 0), flushAt: .max, flush: { _ in })
        return out
    }

    /// The same text handed to `sink` in pieces of about 1 MiB, so that output of any size is
    /// written with bounded memory.
    public static func write(_ value: Value, indent: Int = 2, to sink: (String) -> Void) {
        var out = ""
        write(value, into: &out, level: 0, indent: max(indent, 0), flushAt: 1 << 20, flush: sink)
        if !out.isEmpty { sink(out) }
    }

    private static func write(_ value: Value, into out: inout String, level: Int, indent: Int,
                              flushAt: Int, flush: (String) -> Void) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? d.description : "null"
        case .string(let s): escape(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (n, item) in items.enumerated() {
                out += n == 0 ? "\n" : ",\n"
                pad(level + 1, indent, &out)
                write(item, into: &out, level: level + 1, indent: indent, flushAt: flushAt, flush: flush)
            }
            out += "\n"; pad(level, indent, &out); out += "]"
        case .lazyArray(let count, let element):
            guard count > 0 else { out += "[]"; return }
            out += "["
            for n in 0..<count {
                out += n == 0 ? "\n" : ",\n"
                pad(level + 1, indent, &out)
                write(element(n), into: &out, level: level + 1, indent: indent, flushAt: flushAt, flush: flush)
                if out.utf8.count >= flushAt { flush(out); out = "" }
            }
            out += "\n"; pad(level, indent, &out); out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (n, member) in members.enumerated() {
                out += n == 0 ? "\n" : ",\n"
                pad(level + 1, indent, &out)
                escape(member.key, into: &out)
                out += ": "
                write(member.value, into: &out, level: level + 1, indent: indent, flushAt: flushAt, flush: flush)
            }
            out += "\n"; pad(level, indent, &out); out += "}"
        }
    }

    private static func pad(_ level: Int, _ indent: Int, _ out: inout String) {
        out += String(repeating: " ", count: level * indent)
    }

    /// RFC 8259 string: quote, backslash and control characters escaped; the rest as UTF-8.
    private static func escape(_ s: String, into out: inout String) { JSONString.append(s, to: &out) }
}
