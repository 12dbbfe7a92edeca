@testable import DSBenchCore
import DSBenchTestSupport
import Foundation
import Testing

/// FIPS 180-4 / NIST CAVS example vectors.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func fipsVectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    /// The CPU's SHA instructions and the Swift rounds give the same digest for every length
    /// around the block and padding boundaries, whole and in uneven pieces, and for a large input.
    @Test func theInstructionsAndTheSwiftRoundsAgree() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let data = (0..<(3 << 20)).map { _ -> UInt8 in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        for length in Array(0...300) + [4095, 4096, 4097, 65_535, 1 << 20, 3 << 20] {
            let message = Array(data[0..<length])
            var hardware = SHA256(hardware: true), portable = SHA256(hardware: false)
            var offset = 0, piece = 1
            while offset < length {
                let end = min(length, offset + piece)
                hardware.update(Array(message[offset..<end]))
                offset = end
                piece = piece * 7 % 1000 + 1
            }
            portable.update(message)
            #expect(hardware.finalize() == portable.finalize(), "length \(length)")
        }
    }

    @Test func oneMillionAs() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the 55/56/64-byte padding boundaries, fed in uneven chunks, equal one-shot.
    @Test func incrementalUpdatesMatchOneShot() {
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300] {
            let message = Array(data[0..<length])
            var hasher = SHA256()
            var offset = 0
            var chunk = 1
            while offset < length {
                let end = min(length, offset + chunk)
                hasher.update(Array(message[offset..<end]))
                offset = end
                chunk = chunk * 3 % 70 + 1
            }
            #expect(hasher.finalize().hexString == SHA256.hex(message), "length \(length)")
        }
    }

    /// Agrees with coreutils on a real capture.
    @Test func matchesSha256sumOnACapture() throws {
        let url = Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init)
        #expect(expected?.count == 64)
        #expect(SHA256.hex([UInt8](try Data(contentsOf: url))) == expected)
    }
}
