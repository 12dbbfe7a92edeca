import PackagePlugin

/// Embeds the target's `*.sql` files (the top-level `Migrations/` folder) into Swift source, so
/// that the binary carries its schema and works when copied alone.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let sqlFiles = module.sourceFiles(withSuffix: ".sql").map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(sqlFiles.count) migrations",
                executable: try context.tool(named: "EmbedSQL").url,
                arguments: [output.path] + sqlFiles.map(\.path),
                inputFiles: sqlFiles,
                outputFiles: [output]
            )
        ]
    }
}
