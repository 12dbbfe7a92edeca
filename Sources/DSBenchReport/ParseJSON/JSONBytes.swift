import DSBenchCore

/// JSON written as UTF-8 bytes into a buffer that is handed to `flush` whenever it passes
/// `flushAt`: the output of a large parse goes out as it is made, never held whole. Its text is
/// byte for byte what `JSONWriter` and then `TerminalText` made of the same value (the parse
/// command printed that before), at a fraction of the cost: no `String` per piece, no tree.
public struct JSONBytes {
    /// A class so that writes need no uniqueness check (an `[UInt8]` append costs more than the
    /// byte); the buffer is only ever written through one `JSONBytes`.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0
        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }
        deinit { base.deallocate() }
    }

    private let storage: Storage
    private let flushAt: Int
    private let flush: (UnsafeBufferPointer<UInt8>) -> Void

    public init(flushAt: Int = 1 << 20, flush: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.flushAt = flushAt
        self.flush = flush
        storage = Storage(capacity: flushAt &+ min(flushAt, 64 << 10))
    }

    /// What is buffered and not yet handed to `flush`.
    public var pending: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

    /// Hands over what is buffered once it is large enough; call between records.
    @inline(__always) public mutating func maybeFlush() {
        if storage.count >= flushAt { flushNow() }
    }

    public mutating func flushNow() {
        guard storage.count > 0 else { return }
        flush(UnsafeBufferPointer(start: storage.base, count: storage.count))
        storage.count = 0
    }

    /// Room for `n` more bytes; returns where they go. The caller advances `count`.
    @inline(__always) private func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        let s = storage
        if s.count + n > s.capacity { grow(n) }
        return s.base + s.count
    }

    private func grow(_ n: Int) {
        let s = storage
        let capacity = max(s.capacity * 2, s.count + n)
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        base.update(from: s.base, count: s.count)
        s.base.deallocate()
        s.base = base
        s.capacity = capacity
    }

    @inline(__always) private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let p = reserve(bytes.count)
        if bytes.count <= 16 {
            for i in 0..<bytes.count { p[i] = bytes[i] }
        } else {
            p.update(from: bytes.baseAddress!, count: bytes.count)
        }
        storage.count += bytes.count
    }

    /// Bytes written as they are (already JSON).
    @inline(__always) public mutating func bytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(bytes) }

    @inline(__always) public mutating func raw(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) public mutating func byte(_ b: UInt8) {
        let p = reserve(1)
        p.pointee = b
        storage.count += 1
    }

    /// A line break and `level` × 2 spaces (the pretty form's indent).
    @inline(__always) public mutating func newline(level: Int) {
        let n = 1 + level * 2
        let p = reserve(n)
        p[0] = 0x0A
        for i in 1..<n { p[i] = 0x20 }
        storage.count += n
    }

    public mutating func null() { raw("null") }

    public mutating func int(_ value: Int64) {
        let p = reserve(21)
        var n = 0
        if value < 0 { p[0] = 0x2D; n = 1 }
        // The magnitude as UInt64: -Int64.min does not fit in Int64.
        n += Self.digits(value < 0 ? UInt64(bitPattern: 0 &- value) : UInt64(value), into: p + n)
        storage.count += n
    }

    /// Writes the decimal digits of `value` at `p`; returns how many.
    @inline(__always) static func digits(_ value: UInt64, into p: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 10 { p[0] = UInt8(truncatingIfNeeded: value) &+ 0x30; return 1 }
        var length = 0
        var v = value
        while v > 0 { length += 1; v /= 10 }
        v = value
        var i = length
        while i > 0 {
            i -= 1
            p[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
        }
        return length
    }

    /// `Double.description` (the shortest text that reads back to the same value); non-finite
    /// values, which JSON cannot hold, are `null`.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        let written = JSONDecimal.write(value, to: reserve(32))
        if written > 0 { storage.count += written; return }
        var text = value.description
        text.withUTF8 { append($0) }
    }

    public mutating func optional(_ value: Double?) {
        if let value { double(value) } else { null() }
    }

    public mutating func optional(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    /// RFC 8259 string (quote, backslash, C0 and DEL escaped, as `JSONWriter` does), then what
    /// `TerminalText` escapes in what is left: C1 controls and the bidirectional overrides, as
    /// `\uXXXX` (upper-case hex), which JSON reads back as the same character.
    public mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            byte(0x22)
            var plain = true
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b >= 0x7F { plain = false; break }
            if plain {
                append(utf8)
            } else {
                escaped(utf8)
            }
            byte(0x22)
        }
    }

    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            switch b {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0x00..<0x20, 0x7F: hexEscape(UInt32(b), upper: false)
            // U+0080–U+009F: C2 80–C2 9F.
            case 0xC2 where i + 1 < utf8.count && (0x80...0x9F).contains(utf8[i + 1]):
                hexEscape(UInt32(utf8[i + 1]), upper: true)
                i += 1
            // U+202A–U+202E: E2 80 AA–AE; U+2066–U+2069: E2 81 A6–A9.
            case 0xE2 where i + 2 < utf8.count
                && ((utf8[i + 1] == 0x80 && (0xAA...0xAE).contains(utf8[i + 2]))
                    || (utf8[i + 1] == 0x81 && (0xA6...0xA9).contains(utf8[i + 2]))):
                let scalar = 0x2000 | (UInt32(utf8[i + 1] & 0x3F) << 6) | UInt32(utf8[i + 2] & 0x3F)
                hexEscape(scalar, upper: true)
                i += 2
            default: byte(b)
            }
            i += 1
        }
    }

    private mutating func hexEscape(_ scalar: UInt32, upper: Bool) {
        let digits: StaticString = upper ? "0123456789ABCDEF" : "0123456789abcdef"
        raw("\\u")
        digits.withUTF8Buffer { hex in
            for shift in stride(from: 12, through: 0, by: -4) {
                byte(hex[Int((scalar >> UInt32(shift)) & 0xF)])
            }
        }
    }

    /// A `JSONWriter.Value` in the pretty form of `JSONWriter.render` (two spaces per level,
    /// empty arrays and objects on one line), or compact on one line (`pretty` false: no spaces,
    /// no line breaks).
    public mutating func value(_ value: JSONWriter.Value, level: Int, pretty: Bool = true) {
        switch value {
        case .null: null()
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .int(let i): int(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            elements(count: items.count, level: level, pretty: pretty) { me, n in
                me.value(items[n], level: level + 1, pretty: pretty)
                me.maybeFlush()
            }
        case .lazyArray(let count, let element):
            elements(count: count, level: level, pretty: pretty) { me, n in
                me.value(element(n), level: level + 1, pretty: pretty)
                me.maybeFlush()
            }
        case .object(let members):
            guard !members.isEmpty else { return raw("{}") }
            byte(0x7B)
            for (n, member) in members.enumerated() {
                if n > 0 { byte(0x2C) }
                if pretty { newline(level: level + 1) }
                string(member.key)
                if pretty { raw(": ") } else { byte(0x3A) }
                self.value(member.value, level: level + 1, pretty: pretty)
            }
            if pretty { newline(level: level) }
            byte(0x7D)
        }
    }

    /// `[`, each element on its own line one level in, `]`; `[]` when there are none.
    public mutating func elements(count: Int, level: Int, pretty: Bool = true,
                                  _ element: (inout JSONBytes, Int) -> Void) {
        guard count > 0 else { return raw("[]") }
        byte(0x5B)
        for n in 0..<count {
            if n > 0 { byte(0x2C) }
            if pretty { newline(level: level + 1) }
            element(&self, n)
        }
        if pretty { newline(level: level) }
        byte(0x5D)
    }
}
