import DSBenchCore
import Foundation

/// `nvbandwidth -j` output read on its bytes: `JSONSerialization` made an `NSDictionary`,
/// `NSString` or `NSNumber` of every value and the parser cast each back, 25–41 MB/s.
///
/// It reads the JSON nvbandwidth writes, a strict subset: ASCII, strings without escapes, numbers
/// without an exponent, no `true`/`false`, nesting to 64. Any other document is nil here and goes
/// to `JSONSerialization`, so a document read here is one `JSONSerialization` accepts too, and its
/// values are the ones it gives (a repeated key: the last; numbers: `double(_:_:)`).
enum NvbandwidthJSONBytes {
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> NvbandwidthReport? {
        var document = Document(buffer)
        return try? document.report()
    }

    private struct Unread: Error {}

    private enum Value {
        case string(Range<Int>), number(Range<Int>), array([Value]), object([Member]), null
    }

    private typealias Member = (key: Range<Int>, value: Value)

    private struct Document {
        let buffer: UnsafeBufferPointer<UInt8>
        /// A capture repeats a dozen descriptions over its 35 testcases.
        var descriptions = ByteKeyCache<(text: String, parts: NvbandwidthDescription)>()

        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        mutating func report() throws -> NvbandwidthReport {
            var reader = Reader(buffer: buffer)
            guard case .object(let top) = try reader.document(),
                  case .object(let root)? = last("nvbandwidth", in: top) else { throw Unread() }
            var testcases: [NvbandwidthJSONParser.Testcase] = []
            if case .array(let items)? = last("testcases", in: root) {
                testcases.reserveCapacity(items.count)
                for case .object(let item) in items { testcases.append(try testcase(item)) }
            }
            var devices: [String] = []
            if case .array(let list)? = last("GPU Device list", in: root) { devices = list.compactMap { string($0) } }
            return NvbandwidthJSONParser.report(
                version: last("version", in: root).flatMap { string($0) },
                driverVersion: last("Driver Version", in: root).flatMap { string($0) },
                cudaRuntimeVersion: try last("CUDA Runtime Version", in: root).flatMap { try integer($0) },
                devices: devices, error: last("error", in: root).flatMap { string($0) }, testcases: testcases)
        }

        /// One pass over the members, each known key's last value kept.
        private mutating func testcase(_ members: [Member]) throws -> NvbandwidthJSONParser.Testcase {
            var item = NvbandwidthJSONParser.Testcase(values: [])
            for (key, value) in members {
                if same(key, "name") {
                    item.name = string(value)
                } else if same(key, "status") {
                    item.status = string(value)
                } else if same(key, "error") {
                    item.error = string(value)
                } else if same(key, "bandwidth_description") {
                    item.description = description(value)
                } else if same(key, "bandwidth_matrix") {
                    item.values = []
                    guard case .array(let rows) = value else { continue }
                    item.values = try rows.map { row in
                        guard case .array(let cells) = row else { return [] }
                        return try cells.map { try cell($0) }
                    }
                } else if same(key, "sum") {
                    item.sum = try number(value)
                }
            }
            return item
        }

        /// `(value as? String)`.
        private func string(_ value: Value) -> String? {
            guard case .string(let range) = value else { return nil }
            return ByteText.string(buffer, range)
        }

        private mutating func description(_ value: Value) -> (text: String, parts: NvbandwidthDescription)? {
            guard case .string(let range) = value else { return nil }
            if let known = descriptions.value(buffer, range) { return known }
            let text = ByteText.string(buffer, range)
            let description = (text, NvbandwidthDescription(Substring(text)))
            descriptions.insert(description, for: buffer, range)
            return description
        }

        /// A matrix cell: a string, `N/A` or read by `Double(text)` (exact decimal reading where it
        /// applies), or a number.
        private func cell(_ value: Value) throws -> Double? {
            guard case .string(let range) = value else { return try number(value) }
            if range.count == 3, ByteText.hasPrefix("N/A", buffer, range) { return nil }
            return ByteText.double(buffer, range).flatMap { $0.isFinite ? $0 : nil }
        }

        /// `(value as? NSNumber)?.doubleValue` of the `NSNumber` `JSONSerialization` makes
        /// (`NSNumber.fromJSONNumber`, swift-corelibs-foundation): an integer of up to 18 digits
        /// exactly; a decimal of more than 17 characters by `Decimal(string:)`, which does not
        /// round as `Double(String)` does (one in twenty of the 17-digit sums differ in the last
        /// place), else by `Double(String)`. Longer integers: not read here.
        private func number(_ value: Value) throws -> Double? {
            guard case .number(let range) = value else { return nil }
            if let integer = try integerValue(range) { return Double(integer) }
            let text = ByteText.string(buffer, range)
            if range.count > 17 {
                guard let decimal = Decimal(string: text), decimal.isFinite else { throw Unread() }
                return NSDecimalNumber(decimal: decimal).doubleValue
            }
            guard let double = Double(text), double.isFinite else { throw Unread() }
            return double
        }

        /// `(value as? NSNumber)?.intValue`, for an integer only.
        private func integer(_ value: Value) throws -> Int? {
            guard case .number(let range) = value else { return nil }
            guard let integer = try integerValue(range) else { throw Unread() }
            return Int(integer)
        }

        /// The integer a number without a fraction is; nil for a decimal.
        private func integerValue(_ range: Range<Int>) throws -> Int64? {
            guard !ByteText.contains(buffer, range, 0x2E) else { return nil }
            let negative = buffer[range.lowerBound] == 0x2D
            guard range.count - (negative ? 1 : 0) <= 18 else { throw Unread() }
            var magnitude: Int64 = 0
            for i in (negative ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound {
                magnitude = magnitude * 10 + Int64(buffer[i] - 0x30)
            }
            return negative ? -magnitude : magnitude
        }

        private func last(_ key: StaticString, in members: [Member]) -> Value? {
            members.last { same($0.key, key) }?.value
        }

        private func same(_ range: Range<Int>, _ key: StaticString) -> Bool {
            ByteText.equals(key, buffer, range)
        }
    }

    /// The strict subset's grammar; `Unread` for anything outside it.
    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var at = 0
        var depth = 0

        mutating func document() throws -> Value {
            space()
            let value = try value()
            space()
            guard at == buffer.count else { throw Unread() }
            return value
        }

        private mutating func value() throws -> Value {
            guard at < buffer.count else { throw Unread() }
            switch buffer[at] {
            case 0x7B: return .object(try container(close: 0x7D) { reader in
                guard reader.at < reader.buffer.count, reader.buffer[reader.at] == 0x22 else { throw Unread() }
                let key = try reader.string()
                reader.space()
                try reader.expect(0x3A)
                reader.space()
                return (key, try reader.value())
            })
            case 0x5B: return .array(try container(close: 0x5D) { try $0.value() })
            case 0x22: return .string(try string())
            case 0x2D, 0x30...0x39: return .number(try number())
            case 0x6E:
                guard at + 4 <= buffer.count, ByteText.hasPrefix("null", buffer, at..<(at + 4)) else { throw Unread() }
                at += 4
                return .null
            default: throw Unread()
            }
        }

        /// An object's members or an array's elements, `element` reading each.
        private mutating func container<Element>(close: UInt8, _ element: (inout Reader) throws -> Element) throws -> [Element] {
            depth += 1
            guard depth <= 64 else { throw Unread() }
            defer { depth -= 1 }
            at += 1
            space()
            var elements: [Element] = []
            if at < buffer.count, buffer[at] == close {
                at += 1
                return elements
            }
            while true {
                elements.append(try element(&self))
                space()
                guard at < buffer.count else { throw Unread() }
                let byte = buffer[at]
                at += 1
                if byte == close { return elements }
                guard byte == 0x2C else { throw Unread() }
                space()
            }
        }

        private mutating func string() throws -> Range<Int> {
            let start = at + 1
            guard let end = ByteSearch.first(0x22, in: buffer, from: start, to: buffer.count) else { throw Unread() }
            // Control characters (invalid JSON), escapes and non-ASCII: left to `JSONSerialization`.
            for i in start..<end where buffer[i] < 0x20 || buffer[i] == 0x5C || buffer[i] >= 0x80 { throw Unread() }
            at = end + 1
            return start..<end
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`; an exponent is left to `JSONSerialization`.
        private mutating func number() throws -> Range<Int> {
            let start = at
            if buffer[at] == 0x2D { at += 1 }
            guard at < buffer.count, NcclTextNumbers.isDigit(buffer[at]) else { throw Unread() }
            if buffer[at] == 0x30 { at += 1 } else { digits() }
            if at < buffer.count, buffer[at] == 0x2E {
                at += 1
                let fraction = at
                digits()
                guard at > fraction else { throw Unread() }
            }
            if at < buffer.count, buffer[at] | 0x20 == 0x65 { throw Unread() }
            return start..<at
        }

        private mutating func digits() {
            while at < buffer.count, NcclTextNumbers.isDigit(buffer[at]) { at += 1 }
        }

        private mutating func expect(_ byte: UInt8) throws {
            guard at < buffer.count, buffer[at] == byte else { throw Unread() }
            at += 1
        }

        mutating func space() {
            while at < buffer.count, buffer[at] == 0x20 || buffer[at] == 0x0A || buffer[at] == 0x09 || buffer[at] == 0x0D { at += 1 }
        }
    }
}
