import CLoadLibrary
import Foundation
import Testing

/// libssh and libcurl are opened when first needed (`dsb_load_first`); a machine without them
/// gets a sentence saying what needs the library and how to install it.
@Suite struct LoadLibraryTests {
    func load(_ names: [String]) -> (loaded: Bool, error: String) {
        var error = [CChar](repeating: 0, count: 512)
        let copies = names.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let list: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        let library = list.withUnsafeBufferPointer { pointer in
            dsb_load_first(pointer.baseAddress, "ssh needs libssh", "Debian and Ubuntu: apt install libssh-4", &error, error.count)
        }
        return (library != nil, String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    @Test func aMissingLibrarySaysWhatNeedsItAndHowToInstallIt() {
        let result = load(["libdsbench-absent.so.9", "libdsbench-absent.so"])
        #expect(!result.loaded)
        #expect(result.error.hasPrefix("ssh needs libssh, which is not installed (libdsbench-absent.so"), "\(result.error)")
        #expect(result.error.hasSuffix("; install it (Debian and Ubuntu: apt install libssh-4)"), "\(result.error)")
    }

    @Test func theFirstNameThatLoadsIsTaken() {
        let result = load(["libdsbench-absent.so.9", "libssh.so.4"])
        #expect(result.loaded, "\(result.error)")
        #expect(result.error == "")
    }
}
