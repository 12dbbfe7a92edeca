import PackagePlugin

/// Embeds a target's data files (every source file that is not Swift: `Migrations/*.sql`,
/// `Catalog/*.json`) into Swift source, so that the binary carries them and works when copied alone.
@main
struct EmbedFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let dataFiles = module.sourceFiles.map(\.url).filter { $0.pathExtension != "swift" }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(dataFiles.count) files of \(target.name)",
                executable: try context.tool(named: "EmbedText").url,
                arguments: [output.path] + dataFiles.map(\.path),
                inputFiles: dataFiles,
                outputFiles: [output]
            )
        ]
    }
}
