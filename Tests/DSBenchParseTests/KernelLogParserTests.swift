import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

@Suite struct KernelLogParserTests {
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Fixtures.data("health/" + name)) }

    @Test func realDmesgHasDriverLinesAndNoXid() throws {
        let report = KernelLogParser.parse(try Self.bytes("dmesg_nvrm.txt"))
        #expect(report.events.isEmpty)
        #expect(report.lines == 6 && report.driverLines == 5)
        #expect(report.diagnostics.isEmpty)
    }

    @Test func xid79() throws {
        let report = KernelLogParser.parse(try Self.bytes("edited_dmesg_xid79.txt"))
        let event = try #require(report.events.first)
        #expect(report.events.count == 1)
        #expect(event == KernelXidEvent(kind: .xid, code: 79, pciAddress: "0000:00:06", pid: 0,
                                        detail: "GPU has fallen off the bus.", timestamp: "8123.456789", line: 7))
    }

    @Test func everyTimestampForm() throws {
        let events = KernelLogParser.parse(try Self.bytes("built_kernel_log_forms.txt")).events
        #expect(events.map(\.code) == [79, 13, 31, 43, 94, 12028, 20034])
        #expect(events.map(\.kind) == [.xid, .xid, .xid, .xid, .xid, .sxid, .sxid])
        #expect(events.map(\.timestamp) == ["8123.456789", "Wed Dec  2 02:19:00 2026", "2026-12-02T02:19:01,123456+00:00",
                                            "Dec 02 02:19:02", "2026-12-02T02:19:03+0000", "Dec 02 02:19:04", "Dec 02 02:19:05"])
        #expect(events[1].pid == 4242 && events[1].processName == "python3")
        #expect(events[1].detail == "Graphics Exception: ESR 0x405848=0x3f000000")
        // `pid='<unknown>'` is no pid.
        #expect(events[4].pid == nil && events[4].processName == nil && events[4].pciAddress == "0000:b8:00")
        #expect(events[5].pciAddress == "0000:05:00.0" && events[5].detail.hasPrefix("Non-fatal"))
        #expect(events[6].detail.hasPrefix("Fatal"))
    }

    @Test func crlfAndCutLines() {
        let text = "[1.0] NVRM: Xid (PCI:0000:00:06): 48, pid=1, DBE\r\n[2.0] NVRM: Xid (PCI:0000:00:06): 4"
        let report = KernelLogParser.parse(Array(text.utf8))
        #expect(report.events.map(\.code) == [48, 4])
        #expect(report.events[0].detail == "DBE")
        let broken = KernelLogParser.parse(Array("[1.0] NVRM: Xid (PCI:0000:00:06): , nothing\n".utf8))
        #expect(broken.events.isEmpty && broken.diagnostics.first?.severity == .warning)
    }

    @Test func notAKernelLogIsANote() throws {
        let report = KernelLogParser.parse(Array(try Fixtures.data("h200-x1/query-gpu.txt")))
        #expect(report.events.isEmpty && report.driverLines == 0)
        #expect(report.diagnostics.map(\.severity) == [.note])
        #expect(KernelLogParser.parse([]).diagnostics.map(\.severity) == [.warning])
    }
}
