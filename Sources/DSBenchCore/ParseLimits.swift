/// What one artifact may cost to parse. A capture beyond the cap is stored but not parsed, and
/// its step fails with the reason: a 4 MB `.json.gz` of 4 GiB of zeros once made dsbench try to
/// allocate 8.5 GB and abort, leaving the run `running` (issue 12).
public struct ParseLimits: Sendable, Codable, Equatable {
    /// 1 GiB: far above any real capture (the largest 8×H200 profiler trace seen inflates to
    /// tens of MB), low enough that parsing stays within a few GB of memory.
    public static let defaultMaxArtifactBytes = 1 << 30

    /// The most bytes a parser is given: an artifact's size, or what a gzip artifact inflates to.
    /// Suite `defaults: {max_artifact_bytes: 2G}`; `--max-artifact-bytes` for `parse`, `ingest`
    /// and `reparse`.
    public var maxArtifactBytes: Int

    public init(maxArtifactBytes: Int = ParseLimits.defaultMaxArtifactBytes) {
        self.maxArtifactBytes = maxArtifactBytes
    }
}
