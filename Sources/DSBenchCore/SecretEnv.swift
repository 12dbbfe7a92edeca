/// Which environment variables hold secrets: their values are never stored, printed or put into
/// argv (`EnvVar.secret`). A name is secret when it contains one of the patterns (any case) and
/// is not excepted; a suite adds patterns and exceptions with `redact_env: {also: […], except: […]}`.
public struct SecretEnv: Sendable, Equatable, Codable {
    /// Names of API keys, tokens and passwords as tools spell them (`WANDB_API_KEY`, `HF_TOKEN`,
    /// `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`, `GITHUB_AUTH`, `MY_CREDENTIALS`).
    public static let defaultPatterns = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH",
                                         "PRIVATE", "COOKIE"]
    public static let placeholder = "<redacted>"
    /// NCCL's own settings are what a comparison diffs and none is a secret (`NCCL_IB_PKEY` is an
    /// InfiniBand partition key): they stay in the clear unless `also` names them exactly.
    public static let clearPrefixes = ["NCCL_"]

    /// More name patterns (substrings, any case).
    public var also: [String]
    /// Exact names kept in the clear though a pattern matches (`NCCL_IB_PKEY` is a partition key).
    public var except: [String]

    public init(also: [String] = [], except: [String] = []) { self.also = also; self.except = except }

    public func isSecret(_ name: String) -> Bool {
        guard !except.contains(name) else { return false }
        if also.contains(name) { return true }
        if Self.clearPrefixes.contains(where: name.hasPrefix) { return false }
        let upper = name.uppercased()
        return (Self.defaultPatterns + also.map { $0.uppercased() }).contains { upper.contains($0) }
    }

    /// `variable` marked secret when its name says so (a `fromEnv` one always is).
    public func marking(_ variable: EnvVar) -> EnvVar {
        guard !variable.secret, isSecret(variable.name) else { return variable }
        var copy = variable
        copy.secret = true
        return copy
    }
}
