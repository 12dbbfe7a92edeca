// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "dsbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dsbench", targets: ["dsbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
    ],
    targets: [
        // Shared value types: suite model, planned steps, parsed records, diagnostics, and the
        // expected-performance catalogue read from DSBCatalog.
        .target(name: "DSBenchCore", dependencies: ["DSBCatalog", "CSHA256"]),
        // SHA-256 blocks with the x86 SHA instructions, for DSBenchCore's SHA256.
        .target(name: "CSHA256", path: "Sources/CSHA256"),
        // YAML → typed suite, validation, hostlists, plan expansion, JSON Schema.
        .target(name: "DSBenchSuite", dependencies: [
            "DSBenchCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Pure parsers: text → records + diagnostics.
        .target(name: "DSBenchParse", dependencies: ["DSBenchCore", "CZlib"]),
        // Executors (local process groups) and background captures.
        .target(name: "DSBenchExec", dependencies: [
            "DSBenchCore",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // libssh, opened on first use (headers from Debian libssh-dev; the library is not linked);
        // only DSBenchSSH imports it.
        .target(name: "CLoadLibrary", path: "Sources/CLoadLibrary"),
        .target(name: "CLibSSH", dependencies: ["CLoadLibrary"], path: "Sources/CLibSSH"),
        // Remote executor: one libssh session per node, blocking calls on dedicated pthreads.
        .target(name: "DSBenchSSH", dependencies: [
            "DSBenchCore", "DSBenchExec", "CLibSSH",
        ]),
        // SQLite store: migrations, artifacts, records.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "DSBenchStore", dependencies: [
            "DSBenchCore", "DSBMigrations", "DSBSchema", "CZlib",
            .product(name: "GRDB", package: "GRDB.swift"),
            // sqlite3_bind_* on GRDB's prepared statements for the bulk inserts (≥ 500 k rows/s).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Pure statistics, comparisons and rules: values in, findings out (no store, no parser).
        .target(name: "DSBenchAnalyze", dependencies: ["DSBenchCore"]),
        // Reads from the store what DSBenchAnalyze judges, and records the findings it returns.
        .target(name: "DSBenchAnalysisStore", dependencies: [
            "DSBenchCore", "DSBenchAnalyze", "DSBenchStore", "DSBenchParse",
        ]),
        // The one judgement of a run: findings, comparisons and fleet results in, a verdict out (pure).
        .target(name: "DSBenchVerdict", dependencies: ["DSBenchCore", "DSBenchAnalyze"]),
        // Orchestration: plan → execute → capture → parse → store; a run session (lock, executors
        // local or over SSH, cancellation) as the commands start it.
        .target(name: "DSBenchEngine", dependencies: [
            "DSBenchCore", "DSBenchSuite", "DSBenchExec", "DSBenchSSH", "DSBenchParse", "DSBenchStore", "DSBenchAnalyze",
            "DSBenchAnalysisStore", "DSBenchVerdict",
        ]),
        // Renderers: bytes out of already computed results (no engine: doctor's NodeReadiness is a Core value).
        .target(name: "DSBenchReport", dependencies: [
            "DSBenchCore", "DSBenchStore", "DSBenchAnalyze", "DSBenchAnalysisStore", "DSBenchVerdict",
        ]),
        // Pushgateway client (HTTP PUT) through libcurl, opened with dlopen only when a push happens
        // (no FoundationNetworking: it loaded libcurl and 25 more libraries into every command).
        .target(name: "CCurlPush", dependencies: ["CLoadLibrary"], path: "Sources/CCurlPush"),
        .target(name: "DSBenchPush", dependencies: ["CCurlPush"]),
        .executableTarget(name: "dsbench", dependencies: [
            "DSBenchCore", "DSBenchSuite", "DSBenchExec", "DSBenchParse", "DSBenchStore",
            "DSBenchEngine", "DSBenchReport", "DSBenchAnalyze", "DSBenchAnalysisStore", "DSBenchVerdict", "DSBenchSSH", "DSBenchPush",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Data embedded into the binary at build time (a copied binary needs no files):
        // Migrations/*.sql and the expected-performance catalogue Catalog/*.json.
        .executableTarget(name: "EmbedText"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedText"]),
        // The schema script on a bare SQLite connection, and the image of a new database file that
        // it builds from Migrations/*.sql when dsbench is built (a new file is written, not built).
        .target(name: "DSBSchema", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .executableTarget(name: "EmbedSchemaImage", dependencies: ["DSBSchema"]),
        .plugin(name: "EmbedSchemaImagePlugin", capability: .buildTool(), dependencies: ["EmbedSchemaImage"]),
        .target(name: "DSBMigrations", path: "Migrations", exclude: [], plugins: ["EmbedFiles", "EmbedSchemaImagePlugin"]),
        .target(name: "DSBCatalog", path: "Catalog", plugins: ["EmbedFiles"]),

        .executableTarget(name: "dsbench-bench", dependencies: [
            "DSBenchCore", "DSBenchParse", "DSBenchStore",
        ], path: "Benchmarks/dsbench-bench"),
        // Profiler-trace analysis speed (issue 7: a 100 MB trace in < 3 s).
        .executableTarget(name: "dsbench-trace-bench", dependencies: [
            "DSBenchCore", "DSBenchParse", "CZlib",
        ], path: "Benchmarks/trace-bench"),

        // A year of nightly runs of 64 nodes: compare, fleet and trend timings (docs/performance.md).
        .executableTarget(name: "dsbench-regression-bench", dependencies: [
            "DSBenchCore", "DSBenchParse", "DSBenchStore", "DSBenchAnalyze", "DSBenchAnalysisStore", "DSBenchEngine", "DSBenchVerdict",
        ], path: "Benchmarks/regression-bench"),

        // Time and peak memory of parsing and ingesting 50–200 MB captures (docs/performance.md).
        .executableTarget(name: "large-capture-bench", dependencies: [
            "DSBenchCore", "DSBenchParse", "DSBenchStore", "DSBenchEngine",
        ], path: "Benchmarks/large-capture-bench"),

        // Planning and printing 1,024 nodes' pairs (issue 16: < 1 s, the JSON streamed; docs/performance.md).
        .executableTarget(name: "plan-bench", dependencies: [
            "DSBenchCore", "DSBenchSuite",
        ], path: "Benchmarks/plan-bench"),

        .executableTarget(name: "health-bench", dependencies: [
            "DSBenchCore", "DSBenchParse", "DSBenchAnalyze",
        ], path: "Benchmarks/health-bench"),
        // Report rendering at fleet scale (docs/performance.md).
        .executableTarget(name: "report-bench", dependencies: [
            "DSBenchCore", "DSBenchStore", "DSBenchReport", "DSBenchVerdict",
        ], path: "Benchmarks/report-bench"),

        // The Prometheus export of a 64-node × 7-collective run (issue 17: < 100 ms; docs/performance.md).
        .executableTarget(name: "export-bench", dependencies: [
            "DSBenchCore", "DSBenchStore", "DSBenchReport", "DSBenchVerdict", "DSBenchEngine", "DSBenchAnalyze",
        ], path: "Benchmarks/export-bench"),

        // dsbench (libssh, session reuse) vs pdsh vs an OpenSSH loop on loopback sshd nodes.
        .executableTarget(name: "ssh-fanout-bench", dependencies: [
            "DSBenchCore", "DSBenchExec", "DSBenchSSH", "DSBenchEngine", "DSBenchStore",
        ], path: "Benchmarks/ssh-fanout-bench"),

        // Locates Tests/Fixtures (real captures) and makes scratch dirs; shared by the test targets.
        .target(name: "DSBenchTestSupport", dependencies: ["CZlib", "DSBenchCore"], path: "Tests/Support"),
        .testTarget(name: "DSBenchCoreTests", dependencies: ["DSBenchCore", "DSBenchTestSupport"]),
        .testTarget(name: "DSBenchSuiteTests", dependencies: ["DSBenchTestSupport", "DSBenchSuite", "DSBenchCore"]),
        .testTarget(name: "DSBenchParseTests", dependencies: ["DSBenchParse", "DSBenchCore", "DSBenchReport", "DSBenchTestSupport"]),
        .testTarget(name: "DSBenchExecTests", dependencies: ["DSBenchTestSupport", "DSBenchExec", "DSBenchCore"]),
        .testTarget(name: "DSBenchStoreTests", dependencies: [
            "DSBenchTestSupport", "DSBenchStore", "DSBenchCore", "DSBMigrations", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "DSBenchVerdictTests", dependencies: [
            "DSBenchTestSupport", "DSBenchVerdict", "DSBenchAnalyze", "DSBenchCore", "DSBenchReport", "DSBenchStore",
            "DSBenchEngine", "DSBenchParse",
        ]),
        .testTarget(name: "DSBenchAnalyzeTests", dependencies: [
            "DSBenchTestSupport", "DSBenchAnalyze", "DSBenchAnalysisStore", "DSBenchStore", "DSBenchCore", "DSBenchParse", "DSBenchEngine",
        ]),
        // `baseline`, `compare`, `trend`, `check` through the built binary (exit codes, lock, reports).
        .testTarget(name: "DSBenchCheckCLITests", dependencies: ["dsbench", "DSBenchTestSupport"]),
        .testTarget(name: "DSBenchReportTests", dependencies: [
            "DSBenchTestSupport", "DSBenchReport", "DSBenchStore", "DSBenchCore", "DSBenchEngine", "DSBenchVerdict",
            "DSBenchParse",
        ], exclude: ["Snapshots"]),
        .testTarget(name: "DSBenchSSHTests", dependencies: [
            "DSBenchTestSupport", "DSBenchSSH", "DSBenchExec", "DSBenchCore", "DSBenchSuite",
            "DSBenchEngine", "DSBenchStore", "CLoadLibrary",
        ]),
        .testTarget(name: "DSBenchEngineTests", dependencies: ["DSBenchTestSupport", 
            "DSBenchEngine", "DSBenchStore", "DSBenchSuite", "DSBenchCore", "DSBenchParse", "DSBenchReport", "DSBenchVerdict",
        ]),
        // The monitoring export checked by the real tools: promtool, node_exporter's textfile
        // collector, the Pushgateway (Debian packages prometheus, prometheus-node-exporter,
        // prometheus-pushgateway), and the shipped Grafana dashboard and alert rules.
        .testTarget(name: "DSBenchMonitoringTests", dependencies: [
            "dsbench", "DSBenchTestSupport", "DSBenchReport", "DSBenchStore", "DSBenchCore", "DSBenchEngine",
            "DSBenchVerdict", "DSBenchPush",
        ]),
        // Runs the built `dsbench` binary as a subprocess, as an operator would; GRDB only to
        // inspect and tamper with the SQLite file from outside the Store API.
        .testTarget(name: "DSBenchCLITests", dependencies: [
            "dsbench", "DSBenchTestSupport", "DSBenchStore", "DSBenchCore", "DSBenchVerdict",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)
