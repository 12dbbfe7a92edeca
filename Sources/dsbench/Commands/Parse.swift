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
    @OptionGroup var parseLimits: ParseLimitOptions

    func run() throws {
        let limits = try parseLimits.limits()
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
        ParseJSON.write(records, to: Console.outPiece)
        Console.out("")
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

    /// At most `limit` bytes; a larger input throws `ParseRefusal.tooLarge` after reading
    /// `limit + 1` bytes at most (a regular file is refused from its size, unread).
    static func bytes(_ path: String, limit: Int) throws -> [UInt8] {
        if path != "-", let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > limit {
            throw ParseRefusal.tooLarge(bytes: size, limit: limit, inflated: false)
        }
        guard path != "-" else { return try bounded(FileHandle.standardInput, path: path, limit: limit) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Console.error("\(path): cannot read (missing or not a file)")
            throw Exit.usage
        }
        defer { try? handle.close() }
        return try bounded(handle, path: path, limit: limit)
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
