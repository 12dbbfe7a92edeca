import CCurlPush
import Foundation

/// Pushes one text exposition to a Prometheus Pushgateway, for sites whose cron pushes instead
/// of being scraped. HTTP PUT to `BASE/metrics/job/JOB/NAME/VALUE…`: PUT replaces every metric of
/// that group, so a run leaves no series of the previous one behind. libcurl does the HTTP, opened
/// only when a push happens (`CCurlPush`): FoundationNetworking linked it and its 25 libraries into
/// every dsbench command, about 6 ms of each start-up (docs/performance.md).
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
        let target = url.absoluteString, timeout = timeout
        let outcome = await Self.onOwnThread { () -> Outcome in
            var result = dsb_put_result()
            let body = Array(text.utf8)
            body.withUnsafeBytes { bytes in
                dsb_http_put(target, contentType, bytes.baseAddress, bytes.count, Int(max(1, (timeout * 1000).rounded())), &result)
            }
            return Outcome(result)
        }
        if let failure = outcome.failure(url: target, timeout: timeout) { throw failure }
    }

    /// What a PUT ended with, read out of the C result.
    struct Outcome: Sendable {
        var loaded: Bool
        var curlCode: Int32
        var status: Int
        var error: String
        var body: String

        init(_ result: dsb_put_result) {
            var copy = result
            loaded = result.loaded == 0
            curlCode = result.curl_code
            status = result.http_status
            error = withUnsafeBytes(of: &copy.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            body = withUnsafeBytes(of: &copy.body) {
                String(decoding: $0.prefix(min(Int(copy.body_length), $0.count)), as: UTF8.self)
            }
        }

        /// nil for a 2xx answer; libcurl's own sentence ("Failed to connect to 127.0.0.1 port 9 after
        /// 0 ms: Couldn't connect to server") for a failed request.
        func failure(url: String, timeout: TimeInterval) -> Failure? {
            guard loaded else { return Failure(description: "push to \(url) failed: \(error)") }
            if curlCode == 28 {   // CURLE_OPERATION_TIMEDOUT
                let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
                return Failure(description: "push to \(url) failed: no answer within \(seconds) s (--push-timeout)")
            }
            guard curlCode == 0 else {
                return Failure(description: "push to \(url) failed: \(error.isEmpty ? "libcurl error \(curlCode)" : error)")
            }
            guard !(200..<300).contains(status) else { return nil }
            var reason = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if reason.utf8.count > 600 { reason = String(decoding: reason.utf8.prefix(600), as: UTF8.self) + " …" }
            return Failure(description: "push to \(url) refused: HTTP \(status)" + (reason.isEmpty ? "" : ": \(reason)"))
        }
    }

    /// Runs blocking work on a thread of its own, joined before the result is used: never on the
    /// Swift concurrency pool (libcurl blocks for up to the timeout).
    static func onOwnThread(_ body: @escaping @Sendable () -> Outcome) async -> Outcome {
        let box = OwnThreadWork(body)
        let thread = await withCheckedContinuation { (continuation: CheckedContinuation<pthread_t?, Never>) in
            let context = Unmanaged.passRetained(box).toOpaque()
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { raw in
                let box = Unmanaged<OwnThreadWork>.fromOpaque(raw!).takeRetainedValue()
                box.result = box.body()
                return nil
            }, context)
            if started != 0 {
                Unmanaged<OwnThreadWork>.fromOpaque(context).release()
                continuation.resume(returning: nil)
            } else {
                continuation.resume(returning: thread)
            }
        }
        guard let thread else { return body() }
        // Joining waits for the push itself (bounded by its timeout); the pool thread waits once, here.
        pthread_join(thread, nil)
        return box.result ?? body()
    }
}

/// The work of `Pushgateway.onOwnThread` and its result, handed to the thread and read after the join.
private final class OwnThreadWork: @unchecked Sendable {
    let body: @Sendable () -> Pushgateway.Outcome
    var result: Pushgateway.Outcome?
    init(_ body: @escaping @Sendable () -> Pushgateway.Outcome) { self.body = body }
}
