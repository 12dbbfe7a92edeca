import DSBenchCore
import DSBMigrations
import DSBSchema
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A new database file is written whole: the image of the migrated schema, built from the
/// migrations when dsbench was built (`SchemaImage`, by the script that fills an existing empty
/// file: `SchemaScript`), is written to a temporary file beside the target and linked into place.
///
/// Why: built on the file, the 44 tables and indexes went to the WAL page by page, the WAL was
/// switched on through a rollback journal (three fsyncs) and every page was copied again at the
/// checkpoint on close; built in memory at run time, SQLite compiling the schema cold was still
/// 3 ms (the same in Python's sqlite3) and 12 % of the instructions of `dsbench ingest` of the 16
/// captures (callgrind; docs/performance.md, sessions 11 and 12).
enum NewDatabaseFile {
    /// Creates `path` with the full schema unless something is already there (a file, even an
    /// empty one, which the migrations then fill in place as before). A stale `-wal` beside a
    /// missing file is left to SQLite's own open too, as it always was. Two processes creating the
    /// same file race only for the link: the loser opens the winner's file.
    static func createIfAbsent(path: String) throws(StoreError) {
        guard !FileStatus.exists(path), !FileStatus.exists(path + "-wal") else { return }
        try write(SchemaImage.bytes(), to: path)
    }

    /// The image `SchemaScript` builds now from the migrations compiled in (what the embedded one
    /// must equal).
    static func schemaImage(path: String) throws(StoreError) -> [UInt8] {
        do {
            return try SchemaScript.image(migrations: SchemaScript.compiledMigrations)
        } catch {
            throw error.storeError(path: path)
        }
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

extension SchemaScript {
    static var compiledMigrations: [(id: String, sql: String)] { Migrations.all.map { (id: $0.id, sql: $0.sql) } }
}

extension SchemaScript.Failure {
    func storeError(path: String) -> StoreError {
        StoreError(.migrationFailed, "\(step) failed on \(path): \(message) (SQLite code \(code)); nothing was written")
    }
}
