/// Every failure of the store, with a message that says what failed, where, and what to try.
/// GRDB and SQLite errors are folded into `message`; their types never leave this module.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The file or its directory cannot be created or opened.
        case cannotOpen
        /// The database holds migrations this binary does not know.
        case newerSchema
        /// A read-only open of a path that holds no file (read commands never create one).
        case noDatabase
        /// An SQLite file without dsbench's schema (another application's, or an empty one).
        case notDsbench
        /// A dsbench database from an older binary, opened read-only: it needs a writer to migrate it.
        case needsMigration
        /// A migration failed to apply.
        case migrationFailed
        /// A run, step or artifact id that does not exist.
        case notFound
        /// A stored artifact does not decompress or does not match its sha256.
        case corruptArtifact
        /// Input that cannot be stored (an invalid value), before SQLite is asked.
        case invalidInput
        /// Any other SQLite error (constraint, I/O, busy past the timeout …).
        case database
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func database(_ what: String, path: String, _ error: any Error) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        return StoreError(.database, "\(what) failed in \(path): \(error)\(hint(for: error))")
    }

    /// What to try for the SQLite errors a user can do something about.
    static func hint(for error: any Error) -> String {
        let text = "\(error)"
        if text.contains("database is locked") || text.contains("SQLITE_BUSY") {
            return "; another dsbench process holds the database for more than 5 s — wait for it or use --db"
        }
        if text.contains("readonly") || text.contains("SQLITE_READONLY") {
            return "; the file or its directory is not writable — check permissions or use --db "
                + "(read commands such as runs, show and report still read it)"
        }
        if text.contains("disk is full") || text.contains("SQLITE_FULL") {
            return "; the disk is full — free space or use --db on another filesystem"
        }
        // A write past the end of a full filesystem or a file-size limit (EFBIG) is an I/O error.
        if text.contains("disk I/O error") || text.contains("SQLITE_IOERR") {
            return "; writing the file failed — is the disk full, over a quota or file-size limit, or failing? "
                + "Free space or use --db on another filesystem"
        }
        if text.contains("SQLITE_CORRUPT") || text.contains("malformed") {
            return "; the database file is damaged — keep a copy and start a new one with --db"
        }
        return ""
    }
}
