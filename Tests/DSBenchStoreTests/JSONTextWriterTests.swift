@testable import DSBenchStore
import DSBenchCore
import Foundation
import Testing

/// The byte writer of the stored nccl JSON must escape as `JSONString` does (what every other
/// stored column and the rows already in databases use) and place its commas right when nested.
@Suite struct JSONTextWriterTests {
    @Test func stringsAreEscapedAsJSONStringEscapesThem() throws {
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "plain", "tab\there", "quote \" and back\\slash", "é ü 漢字 🚀", "\u{7F}\u{1F}end", "a\r\nb"]
        for sample in samples {
            var w = JSONTextWriter()
            w.string(sample)
            #expect(w.text == JSONString.quoted(sample), "\(sample.unicodeScalars.map(\.value))")
            // And what it wrote reads back as the same string.
            let decoded = try JSONSerialization.jsonObject(with: Data(("[" + w.text + "]").utf8)) as? [String]
            #expect(decoded == [sample])
        }
    }

    @Test func controlCharactersQuotesAndDELGetTheirEscapes() {
        var w = JSONTextWriter()
        w.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}é")
        #expect(w.text == #""a\"b\\c\n\r\t\b\f\u0001\u001f\u007fé""#)
    }

    @Test func nestedContainersGetTheirCommasAndNilMembersAreLeftOut() {
        var w = JSONTextWriter()
        w.beginObject()
        w.member("a", 1)
        w.member("b", nil as String?)
        w.key("c")
        w.beginArray()
        w.beginObject(); w.member("x", true); w.endObject()
        w.beginObject(); w.endObject()
        w.string("s")
        w.endArray()
        w.member("d", strings: [])
        w.member("e", sortedStrings: ["z": "1", "k\"ey": "2"])
        w.member("f", Int64(-5))
        w.endObject()
        #expect(w.text == #"{"a":1,"c":[{"x":true},{},"s"],"d":[],"e":{"k\"ey":"2","z":"1"},"f":-5}"#)
    }
}
