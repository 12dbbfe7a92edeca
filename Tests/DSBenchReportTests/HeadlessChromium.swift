import DSBenchTestSupport
import Foundation

/// Opens a local HTML file in real headless Chromium (Debian's `chromium` package) and reports
/// what a person's browser would: a screenshot, console messages, and the requests the page
/// made (from Chromium's own NetLog). Chromium's background services are pointed at a closed
/// loopback proxy, so no test run sends anything off this machine.
struct HeadlessChromium {
    let binary: String

    struct Visit {
        var screenshot: Data?
        var consoleLines: [String]
        /// URLs the page itself asked for over the network (not file: or data:).
        var networkRequests: [String]
        var dom: String
    }

    static func find() -> HeadlessChromium? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for dir in path.split(separator: ":") + ["/usr/bin", "/snap/bin"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return HeadlessChromium(binary: candidate) }
            }
        }
        return nil
    }

    /// Chromium sometimes exits without finishing its NetLog JSON. That says nothing about the page,
    /// so such a visit is made once more (only then); a second unreadable NetLog is an error that
    /// says so, never a list of requests.
    func visit(_ page: URL, scratch: URL) throws -> Visit {
        let shot = scratch.appendingPathComponent("screenshot.png")
        var attempt = 1
        while true {
            let netLog = scratch.appendingPathComponent("netlog-\(attempt).json")
            let shotRun = try run(["--screenshot=\(shot.path)", "--window-size=1400,2000",
                                   "--log-net-log=\(netLog.path)", page.absoluteString], scratch: scratch, tag: "shot-\(attempt)")
            guard let requests = Self.pageRequests(netLog: netLog) else {
                if attempt < 2 { attempt += 1; try? FileManager.default.removeItem(at: shot); continue }
                let size = (try? FileManager.default.attributesOfItem(atPath: netLog.path))?[.size] as? Int
                throw ChromiumError(description: "Chromium left an unreadable NetLog twice (not a request of the page): "
                                    + "\(netLog.path), \(size.map { "\($0) bytes" } ?? "missing")")
            }
            let domRun = try run(["--dump-dom", page.absoluteString], scratch: scratch, tag: "dom")
            return Visit(screenshot: try? Data(contentsOf: shot),
                         consoleLines: (shotRun.stderr + "\n" + domRun.stderr).split(separator: "\n")
                            .filter { $0.contains(":CONSOLE") }.map(String.init),
                         networkRequests: requests,
                         dom: domRun.stdout)
        }
    }

    private func run(_ arguments: [String], scratch: URL, tag: String) throws -> (stdout: String, stderr: String) {
        let out = scratch.appendingPathComponent("\(tag).stdout"), err = scratch.appendingPathComponent("\(tag).stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["120", binary, "--headless=new", "--disable-gpu", "--no-sandbox",
                             "--user-data-dir=\(scratch.appendingPathComponent("profile-\(tag)").path)",
                             "--no-first-run", "--disable-background-networking", "--disable-component-update",
                             "--disable-sync", "--disable-default-apps", "--disable-extensions",
                             "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                             "--enable-logging=stderr", "--v=0"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        if process.terminationStatus != 0 {
            throw ChromiumError(description: "chromium \(tag) exited \(process.terminationStatus): \(stderr.suffix(2000))")
        }
        return (stdout, stderr)
    }

    /// URL_REQUEST_START_JOB events started on behalf of a file:// page (Chromium's own
    /// update and sign-in probes carry no page origin and are not the page's doing); nil when the
    /// NetLog is missing or not complete JSON.
    static func pageRequests(netLog: URL) -> [String]? {
        guard let data = try? Data(contentsOf: netLog),
              let log = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let constants = log["constants"] as? [String: Any],
              let types = constants["logEventTypes"] as? [String: Int],
              let startJob = types["URL_REQUEST_START_JOB"],
              let events = log["events"] as? [[String: Any]] else { return nil }
        var urls: [String] = []
        for event in events where event["type"] as? Int == startJob {
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String else { continue }
            if url.hasPrefix("file:") || url.hasPrefix("data:") { continue }
            let isolation = params["network_isolation_key"] as? String ?? ""
            let initiator = params["initiator"] as? String ?? ""
            if isolation.contains("file://") || initiator == "null" || initiator.hasPrefix("file:") { urls.append(url) }
        }
        return urls
    }
}

struct ChromiumError: Error, CustomStringConvertible { let description: String }
