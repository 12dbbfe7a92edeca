/// The SQL migrations of `Migrations/NNNN_name.sql`, in order, as compiled into the binary.
public enum Migrations {
    public struct Migration: Sendable, Equatable {
        public let id: String
        public let sql: String
    }

    public static let all: [Migration] = EmbeddedMigrations.all.map { Migration(id: $0.id, sql: $0.sql) }
}
