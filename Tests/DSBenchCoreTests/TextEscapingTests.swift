import DSBenchCore
import Testing

@Suite struct TextEscapingTests {
    @Test func terminalControlsBecomeVisible() {
        #expect(TerminalText.escape("gpu\u{1B}[31mred\r") == "gpu\\x1B[31mred\\r")
        #expect(TerminalText.escape("a\u{7F}b\u{9B}c\u{202E}d\u{0}") == "a\\x7Fb\\u009Bc\\u202Ed\\x00")
        #expect(TerminalText.escape("two\nlines\tand tab") == "two\\nlines\\tand tab")
        #expect(TerminalText.escape("two\nlines\tand tab", keepingLineBreaks: true) == "two\nlines\tand tab")
        #expect(TerminalText.escape("NVIDIA H200 · 8 × GPU — ü") == "NVIDIA H200 · 8 × GPU — ü", "printable text is untouched")
    }

    @Test func markdownStructureIsEscaped() {
        #expect(MarkdownText.escape("a|b<script>\u{1B}[2J\nx") == "a\\|b&lt;script&gt;\\x1B[2J\\nx")
        #expect(MarkdownText.escape("all_reduce_perf") == "all_reduce_perf")
    }
}
