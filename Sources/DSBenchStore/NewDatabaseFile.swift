import DSBenchCore
import Foundation
import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A new database file is written whole: the schema is built in a database in memory by the same
/// script as on an empty file (`SchemaScript`, one transaction), and its image is written to a
/// temporary file beside the target and linked into place.
///
/// Why: built on the file, the 44 tables and indexes went to the WAL page by page, the WAL was
/// switched on through a rollback journal (three fsyncs) and every page was copied again at the
/// checkpoint on close. Phase timing of `dsbench ingest` of the 16 captures (docs/performance.md,
/// session 11): opening a new file 5.7 → 6.3 ms (3 of them SQLite compiling the schema cold, the
/// same in Python's sqlite3), closing it 2.9 → 1.4 ms, the whole command 28.9 → 25.8 ms with the
/// session's other changes.
enum NewDatabaseFile {
    /// Creates `path` with the full schema unless something is already there (a file, even an
    /// empty one, which the migrations then fill in place as before). A stale `-wal` beside a
    /// missing file is left to SQLite's own open too, as it always was. Two processes creating the
    /// same file race only for the link: the loser opens the winner's file.
    static func createIfAbsent(path: String) throws(StoreError) {
        guard !FileStatus.exists(path), !FileStatus.exists(path + "-wal") else { return }
        try withSchemaImage(path: path) { (image) throws(StoreError) in try write(image, to: path) }
    }

    /// The bytes of an SQLite file holding the migrated schema, marked for WAL (header bytes 18
    /// and 19 = 2, as `PRAGMA journal_mode = WAL` writes them) with the store's page size. Built on
    /// a bare SQLite connection: GRDB's set-up of a connection is not needed for one script.
    static func schemaImage(path: String) throws(StoreError) -> [UInt8] {
        try withSchemaImage(path: path) { Array($0) }
    }

    /// `body` reads the image where SQLite serialized it (a copy of 0.9 MB saved).
    static func withSchemaImage<R>(path: String, _ body: (UnsafeRawBufferPointer) throws(StoreError) -> R) throws(StoreError) -> R {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        guard sqlite3_open_v2(":memory:", &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            throw StoreError(.migrationFailed, "SQLite could not open a database in memory for the schema of \(path)")
        }
        guard sqlite3_exec(connection, "PRAGMA page_size = \(Store.pageSize); BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
            throw StoreError(.migrationFailed, "SQLite could not begin the schema of \(path) in memory")
        }
        try SchemaScript.run(on: connection, path: path)
        guard sqlite3_exec(connection, "COMMIT", nil, nil, nil) == SQLITE_OK else {
            throw StoreError(.migrationFailed, "SQLite could not commit the schema of \(path) in memory")
        }
        var size: sqlite3_int64 = 0
        guard let bytes = sqlite3_serialize(connection, "main", &size, 0), size >= 100 else {
            throw StoreError(.migrationFailed, "SQLite could not serialize the new schema of \(path) (out of memory?)")
        }
        defer { sqlite3_free(bytes) }
        bytes[18] = 2
        bytes[19] = 2
        return try body(UnsafeRawBufferPointer(start: bytes, count: Int(size)))
    }

    /// Writes `image` to a temporary file in the target's directory, syncs it, links it to `path`
    /// (which fails if `path` appeared meanwhile: that file is kept) and syncs the directory, so
    /// that a crash leaves either no file or the whole schema, never a part of it.
    static func write(_ image: [UInt8], to path: String) throws(StoreError) {
        let failure: StoreError? = image.withUnsafeBytes { raw in
            do throws(StoreError) { try write(raw, to: path); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    static func write(_ raw: UnsafeRawBufferPointer, to path: String) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).new-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        func failure(_ what: String) -> StoreError {
            StoreError(.cannotOpen, "cannot create the database \(path): \(what) failed (\(String(cString: strerror(errno)))); "
                + "check the directory's permissions and free space, or use --db to point at another file")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("creating \(temporary)") }
        var written = 0
        var ok = true
        while ok, written < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
            if n < 0, errno == EINTR { continue }
            ok = n > 0
            if ok { written += n }
        }
        ok = ok && fdatasync(fd) == 0
        let error = failure("writing \(temporary)")
        close(fd)
        guard ok else {
            unlink(temporary)
            throw error
        }
        let linked = link(temporary, path) == 0
        let linkError = errno
        unlink(temporary)
        if !linked {
            guard linkError == EEXIST else {
                errno = linkError
                throw failure("linking \(temporary) to it")
            }
            return   // created by another process meanwhile
        }
        let dir = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }
}

/// stat(2) by path: a size or a kind without FileManager's attribute dictionary (which looks the
/// owner up in passwd and group).
enum FileStatus {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
