/// The SQL migrations of `Migrations/NNNN_name.sql`, in order, as compiled into the binary.
public enum Migrations {
    public struct Migration: Sendable, Equatable {
        public let id: String
        public let sql: String
    }

    public static let all: [Migration] = EmbeddedFiles.all.filter { $0.file.hasSuffix(".sql") }.map {
        Migration(id: String($0.file.dropLast(4)), sql: $0.text)
    }
}
