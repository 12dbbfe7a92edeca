import ArgumentParser
import DSBenchCore
import DSBenchEngine
import DSBenchParse
import DSBenchReport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ParserKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration.underDSBench(CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one capture and print its records as JSON (nothing is stored).",
        discussion: "KIND: \(ParserKind.allCases.map(\.rawValue).joined(separator: ", ")). Exit 65 when nothing parseable is found. "
            + "--format jsonl (nccl-tests, nccl-tests-json): one line per row, then one line with the rest of the report "
            + "(`rows` replaced by `row_count`), written as the rows are read."))

    @Argument(help: "What the file holds.") var kind: ParserKind
    @Argument(help: "The capture (`-` for stdin).") var file: String
    @Option(name: .long, help: "query-gpu without a header: the field list, comma-separated.") var fields: String?
    @Option(name: .long, help: "json (default) or jsonl.") var format: NcclTestsStreamJSON.Format = .json
    @OptionGroup var workload: ParseWorkloadOptions
    @OptionGroup var parseLimits: ParseLimitOptions

    func validate() throws {
        if format == .jsonl, kind != .ncclTests, kind != .ncclTestsJSON {
            throw ValidationError("--format jsonl is for nccl-tests and nccl-tests-json; \(kind.rawValue) prints json only")
        }
    }

    func run() throws {
        let limits = try parseLimits.limits()
        if kind == .ncclTests { return try streamNcclTests(limits: limits) }
        let records: ParsedRecords
        do {
            let bytes = try ReadInput.bytes(file, limit: limits.maxArtifactBytes)
            if kind == .queryGPU, let fields {
                records = .queryGPU(GPUQueryParser.parse(String(decoding: bytes, as: UTF8.self),
                                                         fields: fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
            } else {
                records = try Parsers.parse(kind, bytes, workload: try workload.spec(), limits: limits)
            }
        } catch let refusal as ParseRefusal {
            throw CommandFailure.unparseable("\(file): \(refusal)")
        }
        if format == .jsonl, case .ncclTests(let report) = records {
            var out = StandardOutput.writer()
            for row in report.rows { NcclTestsStreamJSON.writeLine(row, to: &out); out.maybeFlush() }
            var rest = report
            rest.rows = []
            NcclTestsStreamJSON.writeSummaryLine(rest, rowCount: report.rows.count, to: &out)
            out.flushNow()
        } else {
            ParseJSON.write(records, to: Console.outPiece)
            Console.out("")
        }
        try finish(diagnostics: records.diagnostics, records: RecordCount.of(records))
    }

    /// nccl-tests text, the format of the largest captures: rows go out (jsonl) or into a compact
    /// table (json, whose header fields come first) as they are parsed, and the JSON is written as
    /// bytes; the whole report is never held. Same text as `ParseJSON.write` of the parsed report.
    private func streamNcclTests(limits: ParseLimits) throws {
        // A regular file is mapped and given back as it is parsed; anything else is read whole.
        var mapped: MappedFile?
        var bytes: [UInt8] = []
        do {
            switch try ReadInput.input(file, limit: limits.maxArtifactBytes, mappingFrom: 1) {
            case .mapped(let file): mapped = file
            case .bytes(let read): bytes = read
            }
        } catch let refusal as ParseRefusal {
            throw CommandFailure.unparseable("\(file): \(refusal)")
        }
        var out = StandardOutput.writer()
        // A row line is at least about 60 bytes: room for every row the input can hold is
        // reserved (untouched until used), so the table never grows by copying.
        var table = NcclTestsStreamJSON.Rows(expectedRows: format == .json ? (mapped?.buffer.count ?? bytes.count) / 48 : 0)
        let format = format
        let parse = { (buffer: UnsafeBufferPointer<UInt8>) in
            NcclTestsParser.parse(streaming: buffer, keepingDebugLines: false,
                                  consumed: { mapped?.release(before: $0) }) { batch in
                switch format {
                case .json: for row in batch { table.append(row) }
                case .jsonl:
                    for row in batch { NcclTestsStreamJSON.writeLine(row, to: &out) }
                    out.maybeFlush()
                }
            }
        }
        let streamed = mapped.map { parse($0.buffer) } ?? bytes.withUnsafeBufferPointer(parse)
        switch format {
        case .json:
            NcclTestsStreamJSON.writeJSON(streamed.report, rows: table, to: &out)
            out.byte(0x0A)
        case .jsonl:
            NcclTestsStreamJSON.writeSummaryLine(streamed.report, rowCount: streamed.rowCount, to: &out)
        }
        out.flushNow()
        try finish(diagnostics: streamed.report.diagnostics, records: streamed.recordCount)
    }

    private func finish(diagnostics: [Diagnostic], records: Int) throws {
        for d in diagnostics where d.severity != .note {
            Console.info(d.formatted(source: file))
        }
        if records == 0 {
            throw CommandFailure.unparseable("\(file): no \(kind.rawValue) records found")
        }
    }
}

extension NcclTestsStreamJSON.Format: ExpressibleByArgument {}
