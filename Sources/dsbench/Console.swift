import DSBenchCore
import Foundation

/// stdout carries results (JSON, tables, run ids); stderr carries progress and errors. Every line
/// goes out with its control characters escaped (`TerminalText`): names, captured values and
/// parser messages come from outside, and warnings quote the input they are about.
enum Console {
    static func out(_ text: String) {
        let safe = TerminalText.escape(text, keepingLineBreaks: true)
        FileHandle.standardOutput.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8))
    }

    /// Part of a larger output: written as it is, with no line break added.
    static func outPiece(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.escape(text, keepingLineBreaks: true).utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("dsbench: " + TerminalText.escape(text, keepingLineBreaks: true) + "\n").utf8))
    }

    static func info(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escape(text, keepingLineBreaks: true) + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
