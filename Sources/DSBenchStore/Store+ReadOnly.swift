import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// Opens an existing database for reading only: never creates the file, never migrates,
    /// never writes (SQLite refuses any write on this connection). Works on a file the user may
    /// not write, in a folder the user may not write (a read-only mount, a 0444 file of another
    /// user). Refuses a path that holds no file, a file without dsbench's schema, and one that
    /// needs migrating, each with the reason.
    ///
    /// Runs left `running` by a dsbench process that is gone (`currentHost`, `isAlive`, as for
    /// `markInterruptedRuns`) are reported `interrupted`, as the next writing command records them.
    public static func openReadOnly(path: String, currentHost: String?,
                                    isAlive: (Int32) -> Bool = ProcessLiveness.isAlive) throws(StoreError) -> Store {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StoreError(.noDatabase, "no such database \(path); read commands never create one: check --db or "
                + "DSBENCH_DB, or make one with `dsbench run` or `dsbench ingest`")
        }
        if isDirectory.boolValue {
            throw StoreError(.noDatabase, "\(path) is a directory, not a database; point --db at the .db file")
        }
        var configuration = configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try openReadable(path, configuration)
        } catch {
            throw StoreError(.cannotOpen, "cannot read the database \(path): \(error); "
                + "if it is not a dsbench database, use --db to point at another file")
        }
        let probe = Store(writer: queue, path: path)
        try probe.requireCurrentSchema()
        let abandoned = try probe.read("finding abandoned runs") { db in
            try abandonedRuns(db, currentHost: currentHost, isAlive: isAlive)
        }
        return Store(writer: queue, path: path, abandoned: Set(abandoned))
    }

    /// A WAL database needs its `-shm` index: SQLite opens one read-only when it exists, but
    /// cannot create it in a folder the user may not write. With no `-wal` file beside the
    /// database no connection has it open (SQLite removes both when the last one closes), so the
    /// file cannot change while it is read, which is what `immutable=1` asks SQLite to assume.
    /// (URI filenames: Debian's SQLite is built with SQLITE_USE_URI.)
    private static func openReadable(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try SchemaState.of(db) }
            return queue
        } catch {
            guard !FileManager.default.fileExists(atPath: path + "-wal"),
                  let uri = immutableURI(path) else { throw error }
            guard let queue = try? DatabaseQueue(path: uri, configuration: configuration),
                  (try? queue.read({ db in try SchemaState.of(db) })) != nil else { throw error }
            return queue
        }
    }

    private static func immutableURI(_ path: String) -> String? {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return absolute.addingPercentEncoding(withAllowedCharacters: allowed).map { "file:\($0)?immutable=1" }
    }
}
