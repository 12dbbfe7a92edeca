import DSBenchCore
import DSBenchParse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum ReadInput {
    static func bytes(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("\(path): cannot read (missing or not a file)")
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
            throw CommandFailure.usage("\(path): cannot read (missing or not a file)")
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
                throw CommandFailure.usage("\(path): cannot read (\(error.localizedDescription))")
            }
            guard let chunk, !chunk.isEmpty else { return bytes }
            bytes += chunk
        }
        throw ParseRefusal.tooLarge(bytes: nil, limit: limit, inflated: false)
    }
}
