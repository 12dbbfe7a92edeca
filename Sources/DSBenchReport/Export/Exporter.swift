import Foundation

/// One export format of `dsbench export`: a model in, the file's text out. Pure, like
/// `ReportRenderer`: the model is loaded from the store beforehand (`MonitoringData`,
/// `CSVTables`) and the exporter only formats it.
public protocol Exporter: Sendable {
    associatedtype Model
    func render(_ model: Model) -> String
}

/// Writes an export the way node_exporter's textfile collector needs it: never half a file.
public enum ExportFile {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `text` to a temporary file in the same directory, then renames it over `path`, so a
    /// reader sees the old file or the new one. The temporary name (`.NAME.PID.tmp`) does not end
    /// in `.prom`, so the textfile collector never reads it; it is made 0644 because node_exporter
    /// usually runs as another user than the cron job that writes the file.
    public static func writeAtomically(_ text: String, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                close(fd); unlink(temporary)
                throw Failure(description: "cannot write \(temporary): \(reason)")
            }
            written += n
        }
        // The umask may have taken bits away; the collector's user must be able to read it.
        fchmod(fd, 0o644)
        guard fsync(fd) == 0, close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(temporary): \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary) to \(path): \(reason)")
        }
    }
}
