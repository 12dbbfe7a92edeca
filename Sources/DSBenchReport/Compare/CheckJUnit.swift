import DSBenchAnalyze
import DSBenchCore

/// JUnit XML for CI dashboards: one test case per compared band of each series and per compared
/// workload-metric series, one for the correctness checks, one for the fleet check and one per
/// step that did not complete.
public enum CheckJUnit {
    public static func render(_ summary: CheckSummary) -> String {
        var cases: [String] = []
        var failures = 0, errors = 0
        for error in summary.stepErrors {
            errors += 1
            cases.append(testCase("execution", error.split(separator: ":").first.map(String.init) ?? error,
                                  element: "error", message: error))
        }
        if let report = summary.comparison {
            for series in report.series {
                for band in series.bands {
                    let name = "\(series.key) · \(band.band.rawValue) band (\(band.band.range))"
                    if band.verdict == .regression {
                        failures += 1
                        let message = "\(series.metric) \(band.regressed) of \(band.compared) sizes past "
                            + "\(Format.percent(-band.tolerance)); median \(band.medianChange.map(Format.percent) ?? "n/a"), "
                            + "worst \(band.worstChange.map(Format.percent) ?? "n/a") [\(band.basisDetail)]"
                        cases.append(testCase("regression", name, element: "failure", message: message))
                    } else {
                        cases.append(testCase("regression", name))
                    }
                }
            }
            for series in summary.metrics?.series ?? [] {
                let name = "\(series.key) (\(series.direction.rawValue) is better)"
                switch series.outcome.verdict {
                case .regression:
                    failures += 1
                    let finding = MetricComparisonFindings.finding(series, baselineLabel: report.baselineLabel)
                    cases.append(testCase("metric", name, element: "failure", message: finding.message + "\n" + finding.evidence))
                case .notComparable:
                    cases.append(testCase("metric", name, element: "skipped",
                                          message: "not comparable: the baseline median is zero or missing"))
                case .ok, .improvement, .notSignificant:
                    cases.append(testCase("metric", name))
                }
            }
        } else if let problem = summary.baselineProblem {
            cases.append(testCase("regression", "baseline", element: "skipped", message: problem))
        }
        let correctness = summary.correctness
        if correctness.isEmpty {
            cases.append(testCase("correctness", "wrong elements and out-of-bounds"))
        } else {
            failures += 1
            cases.append(testCase("correctness", "wrong elements and out-of-bounds", element: "failure",
                                  message: correctness.map(\.message).joined(separator: "\n")))
        }
        if summary.fleet.isEmpty {
            cases.append(testCase("fleet", "robust z-score of nodes"))
        } else {
            failures += 1
            cases.append(testCase("fleet", "robust z-score of nodes", element: "failure",
                                  message: FleetCheck.findings(summary.fleet, threshold: summary.fleetThreshold)
                                      .map(\.message).joined(separator: "\n")))
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites>\n"
        out += "  <testsuite name=\"dsbench check \(xml(summary.suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"\(errors)\" id=\"\(summary.runID)\">\n"
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

    /// XML 1.0 text: the five predefined entities, and control characters XML cannot carry dropped.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
