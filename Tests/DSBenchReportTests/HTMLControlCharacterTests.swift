import DSBenchReport
import Testing

/// HTML and SVG text drop control characters XML cannot carry, also in text with nothing else
/// to escape (that text used to pass through untouched, an ESC included).
@Suite struct HTMLControlCharacterTests {
    @Test func controlCharactersNeverReachHTML() {
        #expect(SVGText.escape("node\u{1B}[31m1") == "node [31m1")
        #expect(SVGText.escape("a<b\u{1B}") == "a&lt;b ")
        #expect(SVGText.escape("plain") == "plain")
    }
}
