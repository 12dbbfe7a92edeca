import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// Driver/CUDA from plain `nvidia-smi`, kernel from `uname -a`, OS from `/etc/os-release`.
@Suite struct SystemFactsParserTests {
    @Test func realNvidiaSmiSummary() throws {
        let parsed = SystemFactsParser.smiSummary(try Fixtures.h200("a_nvidia-smi.txt"))
        #expect(parsed.facts == ["driver_version": "580.159.04", "cuda_version": "13.0"])
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func realUnameIsUnameDashA() throws {
        let text = try Fixtures.h200("a_uname.txt")
        #expect(text.hasPrefix("Linux vm "))
        let parsed = SystemFactsParser.uname(text)
        #expect(parsed.facts == ["kernel": "6.18.44-fc-v657-gpu"])
        #expect(parsed.diagnostics.isEmpty)
        #expect(SystemFactsParser.uname("6.18.44-fc-v657-gpu\n").facts["kernel"] == "6.18.44-fc-v657-gpu")
        #expect(SystemFactsParser.uname("Linux 6.8.0-49-generic\r\n").facts["kernel"] == "6.8.0-49-generic")
    }

    @Test func realOsRelease() throws {
        let parsed = SystemFactsParser.osRelease(try Fixtures.h200("a_os-release.txt"))
        #expect(parsed.facts == ["os": "Ubuntu 24.04.3 LTS"])
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func osReleaseWithoutPrettyName() throws {
        let text = try Fixtures.h200("a_os-release.txt").components(separatedBy: "\n")
            .filter { !$0.hasPrefix("PRETTY_NAME=") }.joined(separator: "\n")
        let parsed = SystemFactsParser.osRelease(text)
        #expect(parsed.facts == ["os": "Ubuntu 24.04"])
        #expect(parsed.diagnostics.map(\.severity) == [.note])
        #expect(SystemFactsParser.osRelease("PRETTY_NAME='Debian \"x\"'\n").facts["os"] == "Debian \"x\"")
        #expect(SystemFactsParser.osRelease("PRETTY_NAME=\"A \\\"b\\\" c\"\n").facts["os"] == "A \"b\" c")
    }

    @Test func failuresAreDiagnostics() {
        let smi = SystemFactsParser.smiSummary(
            "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n")
        #expect(smi.facts.isEmpty)
        #expect(smi.diagnostics.first?.severity == .error && smi.diagnostics.first?.line == 1)
        #expect(smi.diagnostics.first?.message.contains("NVIDIA-SMI has failed") == true)
        #expect(SystemFactsParser.uname("").facts.isEmpty)
        #expect(SystemFactsParser.uname("sh: uname: not found\n").diagnostics.count == 1)
        #expect(SystemFactsParser.osRelease("").diagnostics.map(\.severity) == [.error])
    }

    @Test func mergedIntoSystemFacts() throws {
        var facts: [String: String] = [:]
        facts.merge(SystemFactsParser.smiSummary(try Fixtures.h200("a_nvidia-smi.txt")).facts) { $1 }
        facts.merge(SystemFactsParser.uname(try Fixtures.h200("a_uname.txt")).facts) { $1 }
        facts.merge(SystemFactsParser.osRelease(try Fixtures.h200("a_os-release.txt")).facts) { $1 }
        #expect(SystemFactsParser.systemFacts(facts) == SystemFacts(
            driverVersion: "580.159.04", cudaVersion: "13.0", kernel: "6.18.44-fc-v657-gpu", osName: "Ubuntu 24.04.3 LTS"))
    }

    @Test func randomInput() {
        var random = SmiSplitMix64(seed: 0x5F)
        for _ in 0..<50 {
            let bytes = random.bytes(count: random.below(2000))
            #expect(SystemFactsParser.smiSummary(bytes).facts.count <= 2)
            #expect(SystemFactsParser.uname(bytes).facts.count <= 1)
            #expect(SystemFactsParser.osRelease(bytes).facts.count <= 1)
        }
    }
}
