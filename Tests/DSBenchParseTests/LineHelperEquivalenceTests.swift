import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

extension ParserEquivalenceTests {
    /// The shared helpers the parsers above (and their references) use.
    @Test func linesAndAbsentValues() throws {
        let inputs = try Self.inputs(["health/smi_q_perf.txt", "health/smi_query_health.txt", "h200-x1/nvb_all.txt"],
                                     extra: ["", "\n", "\r\n", "a\r", "\r\r\n\n", "é\n\u{301}\r\n"], seed: 39)
        for input in inputs {
            let text = String(decoding: input, as: UTF8.self)
            let new = SmiLines.split(text), old = ReferenceSmiLines.split(text)
            #expect(new.map(\.number) == old.map(\.number) && new.map(\.terminated) == old.map(\.terminated))
            #expect(new.map { Array($0.text.utf8) } == old.map { Array($0.text.utf8) })
        }
        let words = ["", "N/A", "[N/A]", "Not Found", "Not Supported", "[Not Supported]", "Unknown Error",
                     "Requested functionality has been deprecated", "n/a", "N/A ", "Not Suppor\u{301}ted", "\u{212A}",
                     "Not Foun\u{64}", "Unknown Errors", "0", "Enabled", "N\u{338}/A"]
        for word in words { #expect(GPUHealthKey.isAbsent(word[...]) == ReferenceSmiLines.isAbsent(word[...]), "\(word)") }
    }
}
