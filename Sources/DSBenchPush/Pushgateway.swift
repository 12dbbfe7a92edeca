import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Pushes one text exposition to a Prometheus Pushgateway, for sites whose cron pushes instead
/// of being scraped. HTTP PUT to `BASE/metrics/job/JOB/NAME/VALUE…`: PUT replaces every metric of
/// that group, so a run leaves no series of the previous one behind. Only this target imports
/// FoundationNetworking (libcurl underneath).
public struct Pushgateway: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The Pushgateway's base URL as given (`http://pushgw:9091`, or with a path prefix).
    public var base: URL
    public var job: String
    /// The grouping key after the job, in order (`instance`, `suite`).
    public var grouping: [(name: String, value: String)]
    public var timeout: TimeInterval

    public init(base: URL, job: String = "dsbench", grouping: [(name: String, value: String)], timeout: TimeInterval = 10) {
        self.base = base; self.job = job; self.grouping = grouping; self.timeout = timeout
    }

    /// A base URL dsbench can push to: http or https with a host, and no query or fragment.
    public static func parseBase(_ text: String) -> Result<URL, Failure> {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            return .failure(Failure(description: "--push expects the Pushgateway's http:// or https:// URL, such as http://pushgw:9091 (got '\(text)')"))
        }
        guard url.query == nil, url.fragment == nil else {
            return .failure(Failure(description: "--push expects a URL without a query or fragment (got '\(text)')"))
        }
        return .success(url)
    }

    /// `BASE/metrics/job/dsbench/instance/gpu01/suite/nightly`. A value that is not plain
    /// (`/`, spaces, empty …) goes in the Pushgateway's base64 form, `name@base64/…`.
    public var url: URL {
        var path = base.absoluteString
        while path.hasSuffix("/") { path.removeLast() }
        path += "/metrics/" + Self.segment("job", job)
        for (name, value) in grouping { path += "/" + Self.segment(name, value) }
        return URL(string: path) ?? base
    }

    static func segment(_ name: String, _ value: String) -> String {
        let plain = !value.isEmpty && value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F
        }
        if plain { return "\(name)/\(value)" }
        let encoded = Data(value.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return "\(name)@base64/\(encoded.isEmpty ? "=" : encoded)"
    }

    /// PUTs `text` (the Prometheus text format; the Pushgateway does not read OpenMetrics).
    public func push(_ text: String, contentType: String) async throws(Failure) {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "PUT"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.upload(for: request, from: Data(text.utf8))
        } catch {
            throw Failure(description: "push to \(url.absoluteString) failed: \(Self.describe(error, timeout: timeout))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw Failure(description: "push to \(url.absoluteString) failed: the answer was not HTTP")
        }
        guard (200..<300).contains(http.statusCode) else {
            var body = String(decoding: data.prefix(600), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if data.count > 600 { body += " …" }
            throw Failure(description: "push to \(url.absoluteString) refused: HTTP \(http.statusCode)"
                          + (body.isEmpty ? "" : ": \(body)"))
        }
    }

    /// libcurl's own sentence ("Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect
    /// to server") sits in the underlying error; the outer one often says only "(null)".
    static func describe(_ error: any Error, timeout: TimeInterval) -> String {
        let ns = error as NSError
        for candidate in [ns.userInfo[NSUnderlyingErrorKey] as? NSError, ns].compactMap({ $0 }) {
            if let text = candidate.userInfo[NSLocalizedDescriptionKey] as? String, !text.isEmpty, text != "(null)" {
                return text
            }
        }
        if let code = (error as? URLError)?.code {
            switch code {
            case .timedOut: return "no answer within \(timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)) s (--push-timeout)"
            case .cannotConnectToHost: return "cannot connect"
            case .cannotFindHost: return "unknown host"
            default: return "URL error \(code.rawValue)"
            }
        }
        return "\(error)"
    }
}
