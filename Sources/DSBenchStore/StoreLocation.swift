/// Where the database lives: `--db`, else `$DSBENCH_DB`, else `./dsbench.db`.
public enum StoreLocation {
    public static let environmentVariable = "DSBENCH_DB"
    public static let defaultPath = "./dsbench.db"

    /// Pure: the caller passes the flag and the environment. Empty values count as unset.
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }
}
