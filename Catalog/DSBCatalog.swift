/// The expected-performance catalogue `Catalog/*.json`, as compiled into the binary (see
/// `ExpectedBusbwCatalogue` in DSBenchCore for its format and parser).
public enum ShippedCatalog {
    /// The file name of the expected-busbw table, as named in messages.
    public static let expectedBusbwFile = "Catalog/expected-busbw.json"

    /// `expected-busbw.json`, byte for byte; empty if the build embedded no such file.
    public static let expectedBusbwJSON: String = EmbeddedFiles.all.first { $0.file == "expected-busbw.json" }?.text ?? ""
}
