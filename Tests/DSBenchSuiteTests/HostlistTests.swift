import DSBenchSuite
import Testing

@Suite struct HostlistTests {
    @Test func expandsRangesKeepingZeroPadding() throws {
        let hosts = try Hostlist.expand("gpu-[001-016,020]")
        #expect(hosts.count == 17)
        #expect(hosts.first == "gpu-001")
        #expect(hosts[9] == "gpu-010")
        #expect(hosts[15] == "gpu-016")
        #expect(hosts.last == "gpu-020")
    }

    @Test func paddingFollowsTheLowerBound() throws {
        #expect(try Hostlist.expand("n[8-11]") == ["n8", "n9", "n10", "n11"])
        #expect(try Hostlist.expand("n[08-11]") == ["n08", "n09", "n10", "n11"])
        #expect(try Hostlist.expand("n[098-101]") == ["n098", "n099", "n100", "n101"])
    }

    @Test func severalGroupsMultiplyOutLeftToRight() throws {
        #expect(try Hostlist.expand("r[1-2]n[01-02]") == ["r1n01", "r1n02", "r2n01", "r2n02"])
        #expect(try Hostlist.expand("rack[1-2]-gpu[3,5]-ib") == ["rack1-gpu3-ib", "rack1-gpu5-ib",
                                                                 "rack2-gpu3-ib", "rack2-gpu5-ib"])
    }

    @Test func topLevelCommasSeparateItems() throws {
        #expect(try Hostlist.expand("a,b[1-3]") == ["a", "b1", "b2", "b3"])
        #expect(try Hostlist.expand("login,gpu-[1-2],cpu[7]") == ["login", "gpu-1", "gpu-2", "cpu7"])
        #expect(try Hostlist.expand("local") == ["local"])
        #expect(try Hostlist.expand("node.example.com") == ["node.example.com"])
    }

    @Test(arguments: [
        ("gpu-[5-3]", "range 5-3 goes down (5 > 3)"),
        ("gpu-[1-4", "'[' is never closed"),
        ("gpu-1-4]", "']' without a matching '['"),
        ("gpu-[1-[2]]", "brackets cannot be nested"),
        ("gpu-[]", "'[]' is empty"),
        ("gpu-[a-c]", "'a-c' is not a number or a range like 1-16"),
        ("gpu-[1-2-3]", "'1-2-3' is not a number or a range like 1-16"),
        ("gpu-[1,,2]", "'' is not a number or a range like 1-16"),
        ("a,,b", "a comma-separated item is empty"),
        ("a,", "a comma-separated item is empty"),
        ("", "it is empty"),
        ("gpu 1", "it contains the character U+20"),
        ("n[0-100000]", "more than 100000 hosts"),
        ("r[1-1000]n[1-1000]", "more than 100000 hosts"),
        ("n[1-99999999999999999999]", "'1-99999999999999999999' is not a number or a range like 1-16"),
    ])
    func rejectsBadExpressions(_ expression: String, message: String) {
        #expect(throws: Hostlist.Error(expression: expression, message: message)) {
            try Hostlist.expand(expression)
        }
    }

    @Test func exactlyTheLimitIsAllowed() throws {
        #expect(try Hostlist.expand("n[1-100000]").count == 100_000)
        #expect(try Hostlist.expand("r[1-100]n[1-1000]").count == 100_000)
    }

    @Test func compressesIntoRanges() {
        #expect(Hostlist.compress(["gpu-001", "gpu-002", "gpu-003", "gpu-020"]) == "gpu-[001-003,020]")
        #expect(Hostlist.compress(["n8", "n9", "n10", "n12"]) == "n[8-10,12]")
        #expect(Hostlist.compress(["n098", "n099", "n100"]) == "n[098-100]")
        #expect(Hostlist.compress(["login", "gpu-1", "gpu-2"]) == "login,gpu-[1-2]")
        #expect(Hostlist.compress(["gpu-7"]) == "gpu-7")
        #expect(Hostlist.compress(["b3", "b1", "b2", "b1"]) == "b[1-3]")
        #expect(Hostlist.compress([]) == "")
    }

    @Test(arguments: ["gpu-[001-016,020]", "r[1-2]n[01-02]", "a,b[1-3]", "n[8-11],login", "x[0-9]y"])
    func compressThenExpandKeepsTheHosts(_ expression: String) throws {
        let hosts = try Hostlist.expand(expression)
        #expect(Set(try Hostlist.expand(Hostlist.compress(hosts))) == Set(hosts))
    }

    @Test func compressIsCanonicalForASingleRange() throws {
        #expect(Hostlist.compress(try Hostlist.expand("gpu-[001-016,020]")) == "gpu-[001-016,020]")
    }
}
