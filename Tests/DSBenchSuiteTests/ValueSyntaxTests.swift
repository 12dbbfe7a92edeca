import DSBenchSuite
import Testing

@Suite struct ValueSyntaxTests {
    @Test func byteSizesUseBinarySuffixesLikeNcclTests() {
        #expect(ByteSize.parse("8") == 8)
        #expect(ByteSize.parse("64K") == 65_536)
        #expect(ByteSize.parse("128M") == 134_217_728)
        #expect(ByteSize.parse("8G") == 8_589_934_592)
        #expect(ByteSize.parse("8g") == 8_589_934_592)
        #expect(ByteSize.parse("0") == 0)
        for bad in ["", "G", "-8", "8T", "8GB", "1.5M", " 8", "0x10", "8 G", "99999999999G", "9223372036854775808"] {
            #expect(ByteSize.parse(bad) == nil, "\(bad)")
        }
        let largest: Int64 = 8_589_934_591 * 1_073_741_824
        #expect(ByteSize.parse("8589934591G") == largest)
    }

    @Test func byteSizesFormatToTheShortestExactSpelling() {
        #expect(ByteSize.format(8_589_934_592) == "8G")
        #expect(ByteSize.format(1536) == "1536")
        #expect(ByteSize.format(3 << 20) == "3M")
        #expect(ByteSize.describe(8) == "8 bytes")
        #expect(ByteSize.describe(65_536) == "64K (65536 bytes)")
    }

    @Test func durations() {
        #expect(DurationSyntax.parseSeconds("30s") == 30)
        #expect(DurationSyntax.parseSeconds("10m") == 600)
        #expect(DurationSyntax.parseSeconds("1h") == 3600)
        #expect(DurationSyntax.parseSeconds("1h30m") == 5400)
        #expect(DurationSyntax.parseSeconds("1.5h") == 5400)
        #expect(DurationSyntax.parseSeconds("90") == 90)
        #expect(DurationSyntax.parseSeconds("2.5") == 2.5)
        for bad in ["", "0", "0s", "-5", "-5m", "10 minutes", "5d", "1h30", "m", "nan", "inf", "5ms"] {
            #expect(DurationSyntax.parseSeconds(bad) == nil, "\(bad)")
        }
    }

    @Test func didYouMean() {
        #expect(DidYouMean.suggest("szes", from: ["sizes", "gpus", "name"]) == "sizes")
        #expect(DidYouMean.suggest("all_redcue", from: NcclTest.allCases.map(\.rawValue)) == "all_reduce")
        #expect(DidYouMean.suggest("allreduce", from: NcclTest.allCases.map(\.rawValue)) == "all_reduce")
        #expect(DidYouMean.suggest("TIMEOUT", from: ["timeout", "env"]) == "timeout")
        #expect(DidYouMean.suggest("banana", from: ["sizes", "gpus", "name"]) == nil)
        #expect(DidYouMean.suggest("x", from: ["op"]) == nil)
        #expect(DidYouMean.levenshtein("kitten", "sitting") == 3)
        #expect(DidYouMean.levenshtein("", "abc") == 3)
    }
}
