import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A regular file mapped read-only, for a parse that reads it once from start to end: the pages
/// behind the parse are given back as it goes (`release(before:)`), so the input adds a few MiB
/// to the process, not its size. They are the file's pages, so touching one again reads it back
/// from the page cache: giving back too early costs time, never correctness.
///
/// A file truncated while mapped ends the process with SIGBUS; `parse` and `ingest` read finished
/// captures. One reader at a time: `release` is not synchronised.
public final class MappedFile: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer
    private let length: Int
    private var released = 0
    /// Kept behind the parse: an open row's fields may begin a few lines back.
    private static let margin = 1 << 20

    private init(base: UnsafeMutableRawPointer, length: Int) {
        self.base = base
        self.length = length
        buffer = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// nil where mapping does not apply (stdin, a pipe, a device, an empty file, a file over
    /// `limit`, mmap refused): the caller reads the bytes instead, with its own errors.
    public static func open(_ path: String, limit: Int) -> MappedFile? {
        guard path != "-" else { return nil }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= limit else { return nil }
        return map(descriptor: fd, length: Int(info.st_size))
    }

    /// The first `length` bytes of the regular file open on `fd` (which may be closed after);
    /// nil for an empty file or where mmap is refused.
    public static func map(descriptor fd: Int32, length: Int) -> MappedFile? {
        guard length > 0, let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        _ = madvise(base, length, MADV_SEQUENTIAL)
        return MappedFile(base: base, length: length)
    }

    /// Gives back the whole pages before `offset − margin`.
    public func release(before offset: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = (max(0, offset - Self.margin) / page) * page
        guard end > released else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// Gives back every page, for a reader that starts again at the beginning (they are read
    /// back from the page cache).
    public func releaseAll() {
        _ = madvise(base, length, MADV_DONTNEED)
        released = 0
    }

    deinit { munmap(base, length) }
}
