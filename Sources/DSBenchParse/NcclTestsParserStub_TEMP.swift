import DSBenchCore

// TEMPORARY stand-ins so that branch parse-smi compiles on its own. The real parsers come from
// branch parse-nccl; delete this file when merging.
public enum NcclTestsParser {
    public static func parse(_ b: [UInt8]) -> NcclTestsReport { NcclTestsReport() }
}

public enum NcclTestsJSONParser {
    public static func parse(_ b: [UInt8]) -> NcclTestsReport { NcclTestsReport() }
}
