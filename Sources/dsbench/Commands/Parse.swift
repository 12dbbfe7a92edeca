import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchParse
import DSBenchReport
import Foundation

extension ParserKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse one capture and print its records as JSON (nothing is stored).",
        discussion: "KIND: \(ParserKind.allCases.map(\.rawValue).joined(separator: ", ")). Exit 65 when nothing parseable is found.")

    @Argument(help: "What the file holds.") var kind: ParserKind
    @Argument(help: "The capture (`-` for stdin).") var file: String
    @Option(name: .long, help: "query-gpu without a header: the field list, comma-separated.") var fields: String?
    @OptionGroup var workload: ParseWorkloadOptions

    func run() throws {
        let bytes = try ReadInput.bytes(file)
        let records: ParsedRecords
        if kind == .queryGPU, let fields {
            records = .queryGPU(GPUQueryParser.parse(String(decoding: bytes, as: UTF8.self),
                                                     fields: fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
        } else {
            records = Parsers.parse(kind, bytes, workload: try workload.spec())
        }
        Console.out(ParseJSON.render(records))
        for d in records.diagnostics where d.severity != .note {
            Console.info(d.formatted(source: file))
        }
        if RecordCount.of(records) == 0 {
            Console.error("\(file): no \(kind.rawValue) records found")
            throw Exit.unparseable
        }
    }
}

enum ReadInput {
    static func bytes(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("\(path): cannot read (missing or not a file)")
            throw Exit.usage
        }
        return Array(data)
    }
}
