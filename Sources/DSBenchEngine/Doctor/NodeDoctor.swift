import DSBenchCore
import DSBenchExec
import Foundation

/// Checks nodes with one short probe command each, over the same executors a run uses.
public struct NodeDoctor: Sendable {
    public let limits: ReadinessLimits
    /// Directories searched for nccl-tests before PATH (the suite's `nccl_tests_path`).
    public let ncclTestsPath: [String]
    /// Where free disk is measured (the suite's workdir, else /tmp).
    public let workdir: String
    /// Nodes whose `node_overrides` give another nccl-tests path or workdir.
    public let perNode: [String: Place]
    /// Run the tiny nccl-tests all_reduce for its version banner (it needs a free GPU).
    public let probeNcclTests: Bool
    public let ncclProbeTimeoutSeconds: Double
    /// Directories searched for nvbandwidth before PATH (the suite's `nvbandwidth_path`).
    public var nvbandwidthPath: [String] = []

    /// Where one node keeps nccl-tests and its working files.
    public struct Place: Sendable, Equatable {
        public var ncclTestsPath: [String]
        public var workdir: String?
        public init(ncclTestsPath: [String], workdir: String?) { self.ncclTestsPath = ncclTestsPath; self.workdir = workdir }
    }

    public init(limits: ReadinessLimits = .init(), ncclTestsPath: [String] = [], workdir: String? = nil,
                perNode: [String: Place] = [:], probeNcclTests: Bool = true,
                ncclProbeTimeoutSeconds: Double = NcclTestsProbe.defaultTimeoutSeconds) {
        self.limits = limits; self.ncclTestsPath = ncclTestsPath; self.workdir = workdir ?? "/tmp"
        self.perNode = perNode; self.probeNcclTests = probeNcclTests; self.ncclProbeTimeoutSeconds = ncclProbeTimeoutSeconds
    }

    static let probeScript = """
        echo "hostname=$(hostname)"
        if p=$(command -v nvidia-smi); then
          echo "nvidia_smi=$p"
          nvidia-smi 2>/dev/null | sed -n 's/.*Driver Version: *\\([^ ]*\\).*/driver=\\1/p' | head -n 1
          echo "gpus=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ')"
        fi
        if p=$(command -v all_reduce_perf); then
          echo "nccl_tests=$p"
          if "$p" -h 2>&1 | grep -q output_file; then echo "nccl_tests_json=yes"; else echo "nccl_tests_json=no"; fi
        fi
        echo "disk_free_kb=$(df -Pk "$1" 2>/dev/null | awk 'NR==2 {print $4}')"
        if p=$([ -n "$2" ] && PATH="$2:$PATH"; command -v nvbandwidth); then
          echo "nvbandwidth=$p"
          echo "nvbandwidth_version=$("$p" -l 2>/dev/null | sed -n 's/^nvbandwidth Version: *//p' | head -n 1)"
        fi
        if p=$(command -v ncu); then
          echo "ncu=$p"
          echo "ncu_version=$("$p" --version 2>/dev/null | sed -n 's/^Version \\([^ ]*\\).*/\\1/p' | head -n 1)"
        fi
        if p=$(command -v nsys); then
          echo "nsys=$p"
          echo "nsys_version=$("$p" --version 2>/dev/null | sed -n 's/.*[Vv]ersion \\([0-9][^ ]*\\).*/\\1/p' | head -n 1)"
        fi
        """

    /// Probes every node concurrently (the executors bound the real concurrency).
    public func check(nodes: [String], executorFor: @escaping @Sendable (String) -> any Executor) async -> [NodeReadiness] {
        await withTaskGroup(of: (Int, NodeReadiness).self) { group in
            for (index, node) in nodes.enumerated() {
                group.addTask { (index, await check(node: node, executor: executorFor(node))) }
            }
            var results: [(Int, NodeReadiness)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    public func check(node: String, executor: any Executor) async -> NodeReadiness {
        if let place = perNode[node] {
            var own = NodeDoctor(limits: limits, ncclTestsPath: place.ncclTestsPath, workdir: place.workdir,
                                 probeNcclTests: probeNcclTests, ncclProbeTimeoutSeconds: ncclProbeTimeoutSeconds)
            own.nvbandwidthPath = nvbandwidthPath
            return await own.check(node: node, executor: executor)
        }
        let command = PlannedCommand(label: "doctor", argv: ["sh", "-c", Self.probeScript, "dsbench-doctor", workdir,
                                                             nvbandwidthPath.joined(separator: ":")],
                                     timeoutSeconds: 60, searchPaths: ncclTestsPath)
        let result = await executor.run(command, output: nil)
        var readiness = NodeReadiness(node: node, reachable: true, problems: [])
        if case .failedToStart(let why) = result.termination {
            readiness.reachable = false
            readiness.error = why
            readiness.problems = [why]
            return readiness
        }
        if !result.termination.isSuccess {
            readiness.problems.append("probe ended with \(result.termination)")
        }
        // The clock is read by separate tiny commands: the first one's round trip includes the
        // handshake, which would show up as skew. As in NTP's clock filter, the sample with the
        // shortest round trip of three is kept: its midpoint is the best estimate of the head's
        // time when the node read its clock (error at most half the round trip).
        var fields = Self.fields(result.stdout)
        var best: (remote: String, midpoint: Double, roundTrip: Double)?
        for _ in 0..<3 {
            let sent = Date()
            let clock = await executor.run(PlannedCommand(label: "clock", argv: ["date", "+%s.%N"], timeoutSeconds: 30),
                                           output: nil)
            let received = Date()
            guard clock.termination.isSuccess else { continue }
            let roundTrip = received.timeIntervalSince(sent)
            if roundTrip < best?.roundTrip ?? .infinity {
                best = (String(decoding: clock.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                        sent.timeIntervalSince1970 + roundTrip / 2, roundTrip)
            }
        }
        fields["clock"] = best?.remote
        let midpoint = best?.midpoint ?? Date().timeIntervalSince1970
        readiness.clockRoundTripSeconds = best?.roundTrip
        apply(fields, to: &readiness, headClock: midpoint)
        if let binary = readiness.ncclTests {
            if !probeNcclTests {
                readiness.ncclProbe = .skipped
                readiness.ncclProbeDetail = "--no-nccl-probe"
            } else if readiness.nvidiaSmi == nil {
                readiness.ncclProbe = .skipped
                readiness.ncclProbeDetail = "no nvidia-smi"
            } else {
                let probe = await executor.run(NcclTestsProbe.command(binary: binary, timeoutSeconds: ncclProbeTimeoutSeconds),
                                               output: nil)
                NcclTestsProbe.apply(probe, to: &readiness)
            }
        }
        return readiness
    }

    static func fields(_ stdout: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for line in String(decoding: stdout, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            if fields[key] == nil { fields[key] = String(line[line.index(after: equals)...]) }
        }
        return fields
    }

    func apply(_ fields: [String: String], to readiness: inout NodeReadiness, headClock: Double) {
        readiness.hostname = fields["hostname"].flatMap { $0.isEmpty ? nil : $0 }
        readiness.nvidiaSmi = fields["nvidia_smi"]
        readiness.driverVersion = fields["driver"].flatMap { $0.isEmpty ? nil : $0 }
        readiness.gpuCount = fields["gpus"].flatMap { Int($0) }
        readiness.ncclTests = fields["nccl_tests"]
        readiness.ncclTestsJSON = fields["nccl_tests_json"].map { $0 == "yes" }
        // Reported, not required: a suite's nvbandwidth step is skipped on a node without it.
        readiness.nvbandwidth = fields["nvbandwidth"]
        readiness.nvbandwidthVersion = fields["nvbandwidth_version"].flatMap { $0.isEmpty ? nil : $0 }
        readiness.ncu = fields["ncu"]
        readiness.ncuVersion = fields["ncu_version"].flatMap { $0.isEmpty ? nil : $0 }
        readiness.nsys = fields["nsys"]
        readiness.nsysVersion = fields["nsys_version"].flatMap { $0.isEmpty ? nil : $0 }
        readiness.freeDiskBytes = fields["disk_free_kb"].flatMap { Int64($0) }.flatMap { $0.multipliedReportingOverflow(by: 1024).overflow ? nil : $0 * 1024 }
        readiness.clockSkewSeconds = fields["clock"].flatMap { Double($0) }.map { $0 - headClock }

        if readiness.nvidiaSmi == nil { readiness.problems.append("nvidia-smi not found") }
        else if readiness.driverVersion == nil { readiness.problems.append("nvidia-smi shows no driver version") }
        if readiness.nvidiaSmi != nil, (readiness.gpuCount ?? 0) == 0 { readiness.problems.append("no GPU listed by nvidia-smi -L") }
        if readiness.ncclTests == nil { readiness.problems.append("nccl-tests (all_reduce_perf) not found") }
        if let free = readiness.freeDiskBytes {
            if free < limits.minimumFreeDiskBytes {
                readiness.problems.append("only \(free / (1 << 20)) MiB free in \(workdir)")
            }
        } else {
            readiness.problems.append("free disk in \(workdir) unknown")
        }
        if let skew = readiness.clockSkewSeconds {
            // Only a skew that exceeds the limit even at the edge of its error bar is a problem: a
            // loaded head node must not make a node look unready.
            if abs(skew) - (readiness.clockRoundTripSeconds ?? 0) / 2 > limits.maximumClockSkewSeconds {
                readiness.problems.append(String(format: "clock differs from the head node by %+.2f s", skew))
            }
        } else {
            readiness.problems.append("clock unreadable")
        }
    }
}
