import DSBenchCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// stdout carries results (JSON, tables, run ids); stderr carries progress and errors. Every line
/// goes out with its control characters escaped (`TerminalText`): names, captured values and
/// parser messages come from outside, and warnings quote the input they are about.
enum Console {
    static func out(_ text: String) {
        let safe = TerminalText.escape(text, keepingLineBreaks: true)
        write(safe.hasSuffix("\n") ? safe : safe + "\n", to: STDOUT_FILENO)
    }

    /// Part of a larger output: written as it is, with no line break added.
    static func outPiece(_ text: String) {
        write(TerminalText.escape(text, keepingLineBreaks: true), to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        write("dsbench: " + TerminalText.escape(text, keepingLineBreaks: true) + "\n", to: STDERR_FILENO)
    }

    static func info(_ text: String) {
        write(TerminalText.escape(text, keepingLineBreaks: true) + "\n", to: STDERR_FILENO)
    }

    /// The text's bytes in place, not copied into a `Data` first (whose initialiser from a
    /// `String.UTF8View` asks the runtime whether the view is `ContiguousBytes`: a scan of every
    /// conformance record, 0.3 M instructions, in every process that prints). A short write is
    /// continued; an error (a closed pipe) ends the attempt, as `FileHandle.write` would.
    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
