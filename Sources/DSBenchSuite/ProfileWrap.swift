import DSBenchCore

/// Turns a step's main command into the profiled one and the commands that export and keep the
/// profiler's report on the node: argv arrays, never a shell line.
///
/// ncu: `ncu --export R --force-overwrite --target-processes all [--section S]… [--metrics …]
/// [--kernel-name regex:K] [--launch-skip N] [--launch-count N] <argv>`, then `ncu --import R.ncu-rep
/// --csv --page raw` (every collected metric by its raw name; `ProfileMetrics` reads both names).
/// nsys: `nsys profile --trace T --output R --force-overwrite true <argv>`, then `nsys stats
/// --format csv --report r1,r2 R.nsys-rep`. Each then keeps the report itself (`cat`, stored raw)
/// and removes it (and nsys's `.sqlite`) from /tmp.
public enum ProfileWrap {
    public static let exportLabel = "profile-export"
    public static let reportLabel = "profile-report"
    public static let cleanupLabel = "profile-cleanup"

    public static func commands(main: PlannedCommand, profile: ProfileSpec) -> [PlannedCommand] {
        let report = ProfileReportPlaceholder.token
        var wrapped = main
        let file: String
        var export = PlannedCommand(label: exportLabel, argv: [], env: main.env, workingDirectory: main.workingDirectory,
                                    timeoutSeconds: 600, searchPaths: main.searchPaths)
        var leftovers: [String]
        switch profile.tool {
        case .ncu:
            file = report + ".ncu-rep"
            var argv = ["ncu", "--export", report, "--force-overwrite", "--target-processes", "all"]
            for section in profile.sections.isEmpty ? ProfileSpec.defaultSections : profile.sections {
                argv += ["--section", section]
            }
            if !profile.metrics.isEmpty { argv += ["--metrics", profile.metrics.joined(separator: ",")] }
            if let kernels = profile.kernels { argv += ["--kernel-name", "regex:" + kernels] }
            if let skip = profile.launchSkip { argv += ["--launch-skip", String(skip)] }
            if let count = profile.launchCount { argv += ["--launch-count", String(count)] }
            wrapped.argv = argv + main.argv
            export.argv = ["ncu", "--import", file, "--csv", "--page", "raw"]
            export.parser = .ncuCSV
            leftovers = [file]
        case .nsys:
            file = report + ".nsys-rep"
            let trace = profile.trace.isEmpty ? ProfileSpec.defaultTrace : profile.trace
            wrapped.argv = ["nsys", "profile", "--trace", trace.joined(separator: ","), "--output", report,
                            "--force-overwrite", "true"] + main.argv
            let reports = profile.reports.isEmpty ? ProfileSpec.defaultReports : profile.reports
            export.argv = ["nsys", "stats", "--format", "csv", "--report", reports.joined(separator: ","), file]
            export.parser = .nsysStats
            leftovers = [file, report + ".sqlite"]
        }
        let keep = PlannedCommand(label: reportLabel, argv: ["cat", file], timeoutSeconds: 300)
        // Optional: cleaning /tmp must not fail a step whose numbers are stored.
        let cleanup = PlannedCommand(label: cleanupLabel, argv: ["rm", "-f"] + leftovers, timeoutSeconds: 60,
                                     optional: true)
        return [wrapped, export, keep, cleanup]
    }
}
