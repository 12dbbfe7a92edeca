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
        switch try input(path, limit: limit, mappingFrom: nil) {
        case .bytes(let bytes): return bytes
        case .mapped(let mapped): return Array(mapped.buffer)
        }
    }

    enum Input {
        case bytes([UInt8])
        case mapped(MappedFile)
    }

    /// As `bytes(_:limit:)`, except that a regular file of `mappingFrom` bytes or more is mapped,
    /// not read. The file is opened once: one open and one fstat decide what it is, its size
    /// against the limit and how it is read (a size looked up by name first cost each file a
    /// passwd and group lookup, 0.05 ms).
    static func input(_ path: String, limit: Int, mappingFrom mapThreshold: Int?) throws -> Input {
        guard path != "-" else { return .bytes(try bounded(FileHandle.standardInput, path: path, limit: limit)) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure.usage("\(path): cannot read (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            // A pipe, a device, a FIFO: read in pieces up to the limit.
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            return .bytes(try bounded(handle, path: path, limit: limit))
        }
        defer { close(fd) }
        let size = Int(info.st_size)
        if size > limit { throw ParseRefusal.tooLarge(bytes: size, limit: limit, inflated: false) }
        if let mapThreshold, size >= mapThreshold, let mapped = MappedFile.map(descriptor: fd, length: size) {
            return .mapped(mapped)
        }
        guard let whole = whole(fd, size: size) else {
            throw CommandFailure.usage("\(path): cannot read (\(String(cString: strerror(errno))))")
        }
        return .bytes(whole)
    }

    /// A regular file's `size` bytes, read with read(2) into one buffer; fewer if it was cut
    /// since the fstat; nil on a read error.
    private static func whole(_ fd: Int32, size: Int) -> [UInt8]? {
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
