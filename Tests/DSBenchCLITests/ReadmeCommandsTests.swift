import DSBenchCore
import DSBenchTestSupport
import Foundation
import Testing

/// README.md's quick start as a new user follows it, checked as far as CI can: the demo runs as
/// written, the binary lands where the README says, the package lists are the ones CI installs,
/// the test command is CI's, the tolerances are the ones in force, and every link resolves.
/// (The release build itself takes ~10 minutes on 2 cores; the debug binary the other CLI tests
/// use is the same product at `.build/debug/dsbench`.)
@Suite struct ReadmeCommandsTests {
    static let readme = (try? String(contentsOf: CLI.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    static let ci = (try? String(contentsOf: CLI.repoRoot.appendingPathComponent(".ci/run"), encoding: .utf8)) ?? ""

    /// The code blocks of the section that starts with `heading`, each as its lines.
    static func blocks(under heading: String) -> [[String]] {
        guard let start = readme.range(of: "\n" + heading + "\n") else { return [] }
        let section = readme[start.upperBound...].components(separatedBy: "\n## ")[0]
        return section.components(separatedBy: "```\n").enumerated().filter { $0.offset % 2 == 1 }.map { block in
            block.element.split(separator: "\n").map(String.init)
        }
    }

    static var quickStart: [String] { blocks(under: "## Quick start (fresh clone)").flatMap { $0 } }

    @Test func theDemoRunsAsWritten() async throws {
        let command = try #require(Self.quickStart.first { $0.hasPrefix("swift run") })
        #expect(command == "swift run -c release dsbench demo")
        let arguments = command.components(separatedBy: " dsbench ")[1].split(separator: " ").map(String.init)
        var cli = try CLI.make("readme-demo")
        defer { cli.removeScratch() }
        cli.extraEnvironment["DSBENCH_DB"] = cli.db.path   // the default ./dsbench.db, kept out of the checkout
        let demo = try await cli.run(arguments, withDB: false, cwd: CLI.repoRoot)
        #expect(demo.status == 0, "\(demo)")
        #expect(demo.stdoutLines.first?.hasPrefix("run 1 · suite demo-h200-x8 · completed") == true, "\(demo)")
        // What the README promises about it: the captures degraded on purpose, the verdict, the next step.
        for name in ["e_p2p_disable", "e_p2p_disable_INFO"] {
            #expect(Self.readme.contains("`\(name)`"))
        }
        #expect(demo.stderr.contains("degraded on purpose: e_p2p_disable and e_p2p_disable_INFO ran with NCCL_P2P_DISABLE=1"),
                "\(demo)")
        #expect(demo.stderr.contains("The verdict's 3 failing checks all come from them."), "\(demo)")
        #expect(demo.stderr.contains("\nverdict: FAIL: 3 checks failed"), "\(demo)")
        #expect(demo.stderr.contains("next: `dsbench report 1` writes reports/demo-h200-x8-1/index.html"), "\(demo)")
    }

    @Test func theBinaryIsWhereTheReadmeSaysAndPathPointsThere() throws {
        #expect(Self.readme.contains("The binary is then `.build/release/dsbench`"))
        let export = try #require(Self.quickStart.first { $0.hasPrefix("export PATH=") })
        #expect(export == "export PATH=\"$PWD/.build/release:$PATH\"")
        let package = try String(contentsOf: CLI.repoRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(package.contains(".executable(name: \"dsbench\", targets: [\"dsbench\"])"))
        // SwiftPM puts a product at .build/<configuration>/<name>: the debug binary under test is there.
        let debug = CLI.repoRoot.appendingPathComponent(".build/debug/dsbench")
        #expect(debug.resolvingSymlinksInPath().path == (try CLI.binary()).resolvingSymlinksInPath().path)
    }

    @Test func theTestCommandAndPackagesAreTheOnesCIUses() throws {
        #expect(Self.quickStart.contains("swift test --no-parallel"))
        #expect(Self.ci.contains("\nswift test --no-parallel 2>&1"))
        let installs = Self.quickStart.filter { $0.hasPrefix("apt-get install") }
        #expect(installs.count == 2, "\(installs)")
        for line in installs { #expect(line.hasPrefix("apt-get install -y --no-install-recommends "), "\(line)") }
        #expect(Self.ci.contains("apt-get install -y -qq --no-install-recommends"))
        let readmePackages = Set(installs.flatMap { $0.split(separator: " ").dropFirst(4).map(String.init) })
        let loop = try #require(Self.ci.components(separatedBy: "for pkg in ").dropFirst().first?.components(separatedBy: "; do")[0])
        let ciPackages = Set(loop.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init))
        #expect(readmePackages == ciPackages)
    }

    /// The tolerances the README states are `BandTolerances.defaults` at the `SizeBand` edges.
    @Test func toleranceNumbersAreTheDefaults() throws {
        let sentence = try #require(Self.readme.components(separatedBy: "\n").joined(separator: " ")
            .components(separatedBy: "within ±").dropFirst().first?.components(separatedBy: "(the defaults")[0])
        let d = BandTolerances.defaults
        func percent(_ value: Double) -> Int { Int((value * 100).rounded()) }
        let mib = { (bytes: Int64) in bytes >> 20 }
        #expect(sentence.trimmingCharacters(in: .whitespaces)
                == "\(percent(d.latency)) % up to \(mib(SizeBand.latencyMaxBytes)) MiB, ±\(percent(d.mid)) % below "
                + "\(mib(SizeBand.bandwidthMinBytes)) MiB and ±\(percent(d.bandwidth)) % from \(mib(SizeBand.bandwidthMinBytes)) MiB",
                "\(sentence)")
        let regressions = try String(contentsOf: CLI.repoRoot.appendingPathComponent("docs/regressions.md"), encoding: .utf8)
        for value in [d.latency, d.mid, d.bandwidth] { #expect(regressions.contains("| **\(percent(value)) %** |")) }
    }

    /// The design is in the repository, and every link and `docs/…` path the README names exists.
    @Test func linksResolveInsideTheRepository() throws {
        #expect(!Self.readme.contains("../shared"))
        #expect(Self.readme.contains("[docs/architecture.md](docs/architecture.md)"))
        let links = Self.readme.components(separatedBy: "](").dropFirst().map { $0.components(separatedBy: ")")[0] }
        let paths = Self.readme.components(separatedBy: "docs/").dropFirst().map { "docs/" + $0.prefix { $0.isLetter || $0 == "-" || $0 == "." } }
        let targets = (links + paths).map { $0.components(separatedBy: "#")[0] }.filter { !$0.hasPrefix("http") && !$0.isEmpty }
        #expect(targets.count > 10)
        for target in Set(targets) {
            let trimmed = target.hasSuffix(".") ? String(target.dropLast()) : target
            #expect(FileManager.default.fileExists(atPath: CLI.repoRoot.appendingPathComponent(trimmed).path), "\(trimmed)")
        }
    }
}
