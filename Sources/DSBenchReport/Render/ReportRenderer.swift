import Foundation

/// One output format of `dsbench report`: the report model in, the file's text out.
public protocol ReportRenderer: Sendable {
    func render(_ report: ReportModel) -> String
}

public enum ReportFormat: String, CaseIterable, Sendable {
    case html, md, json

    public var fileName: String {
        switch self {
        case .html: return "index.html"
        case .md: return "report.md"
        case .json: return "report.json"
        }
    }

    public var renderer: any ReportRenderer {
        switch self {
        case .html: return HTMLReport()
        case .md: return MarkdownReport()
        case .json: return JSONReport()
        }
    }

    /// `html,md` → [.html, .md]; nil names the first unknown format.
    public static func parseList(_ text: String) -> (formats: [ReportFormat], unknown: String?) {
        var formats: [ReportFormat] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            let name = part == "markdown" ? "md" : part
            guard let format = ReportFormat(rawValue: name) else { return (formats, part) }
            if !formats.contains(format) { formats.append(format) }
        }
        return (formats, nil)
    }
}

/// Writes the chosen formats of one report into a folder, creating it.
public enum ReportWriter {
    /// `reports/<suite>-<run>/`, the suite name reduced to file-name-safe characters.
    public static func defaultDirectory(suite: String, runID: Int64) -> String {
        let safe = String(suite.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" || scalar == "." ? Character(scalar) : "-"
        })
        return "reports/\(safe.isEmpty ? "run" : safe)-\(runID)"
    }

    /// Returns the paths written.
    public static func write(_ report: ReportModel, formats: [ReportFormat], to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for format in formats {
            let path = (directory as NSString).appendingPathComponent(format.fileName)
            try Data(format.renderer.render(report).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(path)
        }
        return written
    }
}
