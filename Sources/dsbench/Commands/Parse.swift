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
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one capture and print its records as JSON (nothing is stored).",
        discussion: "KIND: \(ParserKind.allCases.map(\.rawValue).joined(separator: ", ")). Exit 65 when nothing parseable is found. "
            + "--format jsonl (nccl-tests, nccl-tests-json): one line per row, then one line with the rest of the report "
            + "(`rows` replaced by `row_count`), written as the rows are read.")

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
            Console.error("\(file): \(refusal)")
            throw Exit.unparseable
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
        let mapped = MappedFile.open(file, limit: limits.maxArtifactBytes)
        var bytes: [UInt8] = []
        if mapped == nil {
            do {
                bytes = try ReadInput.bytes(file, limit: limits.maxArtifactBytes)
            } catch let refusal as ParseRefusal {
                Console.error("\(file): \(refusal)")
                throw Exit.unparseable
            }
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
            Console.error("\(file): no \(kind.rawValue) records found")
            throw Exit.unparseable
        }
    }
}

extension NcclTestsStreamJSON.Format: ExpressibleByArgument {}

/// stdout as raw bytes, for output too large to go through `Console` as one string.
enum StandardOutput {
    static func writer() -> JSONBytes {
        JSONBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                // stdout closed or full (a pipe whose reader left, a full disk): nothing more can go out.
                guard n > 0 else { Console.error("cannot write to stdout (\(String(cString: strerror(errno))))"); Glibc.exit(74) }
                offset += n
            }
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

    /// At most `limit` bytes; a larger input throws `ParseRefusal.tooLarge` after reading
    /// `limit + 1` bytes at most (a regular file is refused from its size, unread). A regular file
    /// is read into one buffer of its size: no growing copies, so the peak is the file's size.
    static func bytes(_ path: String, limit: Int) throws -> [UInt8] {
        if path != "-", let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > limit {
            throw ParseRefusal.tooLarge(bytes: size, limit: limit, inflated: false)
        }
        guard path != "-" else { return try bounded(FileHandle.standardInput, path: path, limit: limit) }
        if let whole = regularFile(path, limit: limit) { return whole }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Console.error("\(path): cannot read (missing or not a file)")
            throw Exit.usage
        }
        defer { try? handle.close() }
        return try bounded(handle, path: path, limit: limit)
    }

    /// The whole of a regular file no larger than `limit`, read with read(2) into a buffer of its
    /// size; nil for anything else (or a read error), which the chunked path then reports.
    private static func regularFile(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size <= limit else { return nil }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = read(fd, buffer.baseAddress! + count, size - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true; return }
                if n == 0 { return }   // cut shorter since fstat: what is there
                count += n
            }
        }
        return failed ? nil : bytes
    }

    private static func bounded(_ handle: FileHandle, path: String, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count <= limit {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count))
            } catch {
                Console.error("\(path): cannot read (\(error.localizedDescription))")
                throw Exit.usage
            }
            guard let chunk, !chunk.isEmpty else { return bytes }
            bytes += chunk
        }
        throw ParseRefusal.tooLarge(bytes: nil, limit: limit, inflated: false)
    }
}
