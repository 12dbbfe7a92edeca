/// Reads back what a server serves in the Prometheus text format: every sample line as its name,
/// labels and value (the test's own reader, to compare a scrape with what dsbench wrote).
struct Exposition {
    struct Sample: Hashable, CustomStringConvertible {
        var name: String
        var labels: [String: String]
        var value: Double
        var description: String {
            name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "} \(value)"
        }
        /// Name and labels: what makes a series.
        var series: String { name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}" }
    }

    var samples: [Sample]
    /// `# TYPE` per family name.
    var types: [String: String]

    init(_ text: String) throws {
        samples = []
        types = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count >= 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.sample(Array(line.unicodeScalars)))
        }
    }

    struct Malformed: Error, CustomStringConvertible { let description: String }

    static func sample(_ s: [Unicode.Scalar]) throws -> Sample {
        var i = 0
        var name = ""
        while i < s.count, s[i] != "{", s[i] != " " { name.unicodeScalars.append(s[i]); i += 1 }
        var labels: [String: String] = [:]
        if i < s.count, s[i] == "{" {
            i += 1
            while i < s.count, s[i] != "}" {
                var key = ""
                while i < s.count, s[i] != "=" { key.unicodeScalars.append(s[i]); i += 1 }
                i += 2  // ="
                var value = ""
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count {
                        i += 1
                        value.unicodeScalars.append(s[i] == "n" ? "\n" : s[i])
                    } else {
                        value.unicodeScalars.append(s[i])
                    }
                    i += 1
                }
                i += 1  // closing quote
                if i < s.count, s[i] == "," { i += 1 }
                labels[key.trimmingCharacters(in: .whitespaces)] = value
            }
            i += 1
        }
        let rest = String(String.UnicodeScalarView(s[i...])).trimmingCharacters(in: .whitespaces)
        let valueText = rest.split(separator: " ").first.map(String.init) ?? ""
        let value: Double? = switch valueText {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        default: Double(valueText)
        }
        guard let value else { throw Malformed(description: "no value in '\(String(String.UnicodeScalarView(s)))'") }
        return Sample(name: name, labels: labels, value: value)
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }
}

import Foundation
