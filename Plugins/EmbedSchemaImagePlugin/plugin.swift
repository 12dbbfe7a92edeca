import PackagePlugin

/// Writes the image of a new database from the target's migrations (`EmbedSchemaImage`), so that
/// a new file is written whole instead of built statement by statement.
@main
struct EmbedSchemaImagePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let migrations = module.sourceFiles.map(\.url).filter { $0.pathExtension == "sql" }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSchemaImage.swift")
        return [
            .buildCommand(
                displayName: "Building the schema image of \(migrations.count) migrations",
                executable: try context.tool(named: "EmbedSchemaImage").url,
                arguments: [output.path] + migrations.map(\.path),
                inputFiles: migrations,
                outputFiles: [output]
            )
        ]
    }
}
