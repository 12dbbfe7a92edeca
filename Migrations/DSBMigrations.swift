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

/// The image of a new database file holding every migration above, with its rows in
/// `grdb_migrations`: what `SchemaScript` builds from them, run when dsbench was built
/// (`EmbedSchemaImage`). `NewDatabaseFileTests` holds it to the script run now.
public enum SchemaImage {
    public static func bytes() -> [UInt8] {
        var image = [UInt8](repeating: 0, count: EmbeddedSchemaImage.size)
        for piece in EmbeddedSchemaImage.pieces {
            image.replaceSubrange(piece.offset..<(piece.offset + piece.bytes.count), with: piece.bytes)
        }
        return image
    }
}
