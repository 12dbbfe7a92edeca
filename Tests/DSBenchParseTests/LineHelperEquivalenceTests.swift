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

    /// `setReading` stores what `set` stores, its number read on bytes for ASCII texts.
    @Test func readingsAsSet() {
        let texts = ["0", "007", " 36 C", "0x0000000000000004", "0X1f", "0xzz", "0x", "127.27 W", "Not Active", "", "   ",
                     "-5", "+3", "-0", "1e400", "inf", "nan", "1e5 x", "5\u{301}", "é 5", "1_000", "3 ", "999999999999999",
                     "9999999999999999", "12345678901234567890", "0x1p3", ".5", "5.", "\t7", "7\t", "N/A", "1,5"]
        for text in texts {
            var old = GPUHealthSnapshot(index: 0), new = GPUHealthSnapshot(index: 0)
            old.set("a", "1"); new.setReading("a", "1")
            old.set("k", text); new.setReading("k", text)
            old.set("a", text); new.setReading("a", text)
            #expect(old == new, "\(text.debugDescription)")
            #expect(old.values.map { $0.number?.sign } == new.values.map { $0.number?.sign }, "\(text.debugDescription)")
        }
    }

    /// nvbandwidth's field split, against the `split(separator:)` it replaced.
    @Test func byteTokensAsSplit() throws {
        let lines = ["", " ", "a", " a  b ", "  0     55.37", "N/A\t1", "é  ü x", "a\u{301} b"]
            + String(decoding: try Fixtures.data("h200-x1/nvb_all.txt"), as: UTF8.self).split(separator: "\n").map(String.init)
        for line in lines {
            let old = line[...].utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
            #expect(line[...].byteTokens.map { Array($0.utf8) } == old.map { Array($0.utf8) }, "\(line.debugDescription)")
        }
    }
}
