/// Slurm-style hostlists: `gpu-[001-016,020]`, `r[1-2]n[01-02]`, `a,b[1-3]`.
///
/// Zero padding follows the lower bound's width (`[001-016]` → `001`…`016`, `[8-10]` → `8 9 10`).
/// Several bracket groups multiply out left to right (the first group varies slowest).
public enum Hostlist {
    /// Expansion is refused beyond this many hosts: a typo like `[1-99999999]` must not eat memory.
    public static let maxHosts = 100_000

    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var expression: String
        public var message: String

        public init(expression: String, message: String) {
            self.expression = expression; self.message = message
        }

        public var description: String { "bad hostlist '\(expression)': \(message)" }
    }

    public static func expand(_ expression: String) throws(Error) -> [String] {
        func fail(_ message: String) -> Error { Error(expression: expression, message: message) }
        guard !expression.isEmpty else { throw fail("it is empty") }
        if let bad = expression.unicodeScalars.first(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
            throw fail("it contains the character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
        var hosts: [String] = []
        for item in splitTopLevel(expression) {
            guard !item.isEmpty else { throw fail("a comma-separated item is empty") }
            let pieces = try pieces(of: item, fail: fail)
            var count = 1
            // Checked group by group: each group is ≤ maxHosts, so the product never overflows.
            for case .choices(let choices) in pieces {
                count *= choices.count
                if count > maxHosts { throw fail("more than \(maxHosts) hosts") }
            }
            guard hosts.count + count <= maxHosts else { throw fail("more than \(maxHosts) hosts") }
            var expanded = [""]
            for piece in pieces {
                switch piece {
                case .literal(let text): expanded = expanded.map { $0 + text }
                case .choices(let choices): expanded = expanded.flatMap { prefix in choices.map { prefix + $0 } }
                }
            }
            hosts += expanded
        }
        return hosts
    }

    /// The inverse: groups hosts that share a prefix and a digit width into bracket ranges.
    /// Groups keep the order in which their first host appears; numbers inside a group are sorted
    /// and deduplicated, so `expand(compress(h))` has the same set of hosts as `h`.
    public static func compress(_ hosts: [String]) -> String {
        struct Key: Hashable { var prefix: String; var width: Int }
        var order: [Key] = []
        var numbers: [Key: Set<Int>] = [:]
        var literals: Set<String> = []
        let split = hosts.map(splitTrailingNumber)
        // Widths in use by zero-padded numbers, so `gpu-099` and `gpu-100` can share `gpu-[099-100]`.
        var paddedWidths: [String: Set<Int>] = [:]
        for case (let prefix, let digits?) in split where digits.count > 1 && digits.first == "0" {
            paddedWidths[prefix, default: []].insert(digits.count)
        }
        for (host, (prefix, digits)) in zip(hosts, split) {
            guard let digits, let value = Int(digits) else {
                if literals.insert(host).inserted { order.append(Key(prefix: host, width: -1)) }
                continue
            }
            let padded = digits.count > 1 && digits.first == "0"
            let width = padded || paddedWidths[prefix]?.contains(digits.count) == true ? digits.count : 0
            let key = Key(prefix: prefix, width: width)
            if numbers[key] == nil { order.append(key) }
            numbers[key, default: []].insert(value)
        }
        return order.map { key -> String in
            guard key.width >= 0, let values = numbers[key] else { return key.prefix }
            let ranges = contiguousRanges(values.sorted())
            let pad = { (n: Int) in padded(n, width: key.width) }
            if ranges.count == 1, ranges[0].lowerBound == ranges[0].upperBound {
                return key.prefix + pad(ranges[0].lowerBound)
            }
            let body = ranges.map { r in
                r.lowerBound == r.upperBound ? pad(r.lowerBound) : "\(pad(r.lowerBound))-\(pad(r.upperBound))"
            }.joined(separator: ",")
            return "\(key.prefix)[\(body)]"
        }.joined(separator: ",")
    }

    // MARK: - Expansion internals

    private enum Piece {
        case literal(String)
        case choices([String])
    }

    /// Splits on commas outside brackets; bracket balance is checked later, per item.
    private static func splitTopLevel(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "[": depth += 1
            case "]": depth -= 1
            default: break
            }
            if character == ",", depth == 0 {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items
    }

    private static func pieces(of item: String, fail: (String) -> Error) throws(Error) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        // Appended to in place: building a new string per character was quadratic in the
        // bracket's length (a 600 KB list of 100 000 hosts took 5 s to read).
        var group = ""
        var inGroup = false
        for character in item {
            switch (character, inGroup) {
            case ("[", false):
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                inGroup = true
            case ("[", true):
                throw fail("brackets cannot be nested")
            case ("]", false):
                throw fail("']' without a matching '['")
            case ("]", true):
                pieces.append(.choices(try choices(group, fail: fail)))
                group = ""
                inGroup = false
            case (_, true):
                group.append(character)
            case (_, false):
                literal.append(character)
            }
        }
        if inGroup { throw fail("'[' is never closed") }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    /// `001-016,020` → the padded numbers.
    private static func choices(_ body: String, fail: (String) -> Error) throws(Error) -> [String] {
        guard !body.isEmpty else { throw fail("'[]' is empty") }
        var result: [String] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count),
                  bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                  let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]) else {
                throw fail("'\(part)' is not a number or a range like 1-16")
            }
            guard low <= high else { throw fail("range \(part) goes down (\(low) > \(high))") }
            guard high - low < maxHosts, result.count + (high - low) < maxHosts else {
                throw fail("more than \(maxHosts) hosts")
            }
            let width = bounds[0].count
            for n in low...high { result.append(padded(n, width: width)) }
        }
        return result
    }

    private static func padded(_ n: Int, width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func splitTrailingNumber(_ host: String) -> (String, String?) {
        let digits = host.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 18 else { return (host, nil) }
        return (String(host.dropLast(digits.count)), String(digits.reversed()))
    }

    private static func contiguousRanges(_ sorted: [Int]) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for n in sorted {
            if let last = ranges.last, last.upperBound + 1 == n {
                ranges[ranges.count - 1] = last.lowerBound...n
            } else {
                ranges.append(n...n)
            }
        }
        return ranges
    }
}
