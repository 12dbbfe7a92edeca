import DSBenchTestSupport
import Foundation
import Testing

/// What every command pays before `main`: the shared libraries the loader maps and relocates.
/// libssh (with libcrypto and the Kerberos family) and libcurl (with 25 more) are opened only by
/// the commands that reach a node or push (CLibSSH, CCurlPush); linked directly they cost each
/// `show` and `--version` about 2.4 ms and 6 ms (docs/performance.md, start-up).
@Suite struct StartupLibrariesTests {
    @Test func theBinaryLoadsNeitherLibsshNorLibcurlAtStart() throws {
        let binary = try BuiltProduct.url()
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [binary.path]
        let pipe = Pipe()
        ldd.standardOutput = pipe
        try ldd.run()
        let listed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(ldd.terminationStatus == 0, "\(listed)")
        let libraries = listed.split(separator: "\n").compactMap { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) }
        #expect(libraries.contains { $0.hasPrefix("libsqlite3") }, "the listing names the libraries: \(listed)")
        let unwanted = libraries.filter { name in
            ["libssh", "libcurl", "libcrypto", "libgssapi", "libkrb5"].contains { name.hasPrefix($0) }
        }
        #expect(unwanted == [], "\(listed)")
    }
}
