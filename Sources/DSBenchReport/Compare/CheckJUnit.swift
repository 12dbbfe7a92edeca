import DSBenchAnalyze
import DSBenchCore
import DSBenchVerdict

/// JUnit XML for CI dashboards: one test case per check of the verdict, and one for the verdict
/// itself, so a dashboard shows the same judgement as the exit code. A failed check is a
/// `<failure>`, an execution problem an `<error>`, a check that could not be made `<skipped>`
/// with its reason; the verdict case is failed, errored or skipped (no verdict) likewise.
public enum CheckJUnit {
    public static func render(_ judgement: Judgement) -> String {
        let verdict = judgement.verdict
        var cases: [String] = []
        let overall: String? = switch verdict.status {
        case .pass: nil
        case .fail: "failure"
        case .error: "error"
        case .noVerdict: "skipped"
        }
        cases.append(testCase("verdict", "run \(verdict.runID) · \(verdict.status.rawValue)", element: overall,
                              message: verdict.headline))
        for check in verdict.checks {
            let element: String? = switch check.outcome {
            case .fail: "failure"
            case .error: "error"
            case .notComparable, .skipped: "skipped"
            case .pass, .advice: nil
            }
            let message = check.reason + (check.evidence.isEmpty ? "" : "\n" + check.evidence)
            cases.append(testCase(check.rule, check.subject, element: element, message: message))
        }
        let failures = cases.filter { $0.contains("<failure ") }.count
        let errors = cases.filter { $0.contains("<error ") }.count
        let skipped = cases.filter { $0.contains("<skipped ") }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites>\n"
        out += "  <testsuite name=\"dsbench check \(xml(verdict.suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"\(errors)\" skipped=\"\(skipped)\" id=\"\(verdict.runID)\">\n"
        out += cases.joined()
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func testCase(_ className: String, _ name: String, element: String? = nil, message: String = "") -> String {
        var out = "    <testcase classname=\"dsbench.\(xml(className))\" name=\"\(xml(name))\""
        guard let element else { return out + "/>\n" }
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        out += ">\n      <\(element) message=\"\(xml(firstLine))\">\(xml(message))</\(element)>\n    </testcase>\n"
        return out
    }

    /// XML 1.0 text (`XMLText`: the five entities; the control characters XML cannot carry become spaces).
    static func xml(_ text: String) -> String { XMLText.escape(text) }
}
