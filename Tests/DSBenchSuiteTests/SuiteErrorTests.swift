import DSBenchCore
import DSBenchSuite
import Testing

/// Each bad input gives exactly one error, pinned down to file:line:column and key path.
@Suite struct SuiteErrorTests {
    static let stepKeys = "name, env, env_matrix, repeat, timeout, workdir, captures, nodes, regression, placement, launcher, expect, "
        + "nccl, inventory, command, workload, nvbandwidth, sizes, gpus, threads, iters, warmup, check, dtype, op, root, extra_args, diagnose, per_iteration, per_iteration_skip, "
        + "pattern, k, concurrent, parser, metrics, trace, profile"
    static let tests = "all_reduce, all_gather, reduce_scatter, alltoall, alltoallv, broadcast, reduce, "
        + "sendrecv, scatter, gather, hypercube"

    @Test func unknownKeySuggestsTheClosestKey() {
        let yaml = """
        suite: t
        steps:
          - name: a
            nccl: all_reduce
            szes: {min: 8, max: 1M}
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:5:5: error: steps[0].szes: found unknown key 'szes', expected one of the step keys: "
                + Self.stepKeys + "; did you mean 'sizes'?",
        ])
    }

    @Test func unknownTestNameSuggestsTheClosestBinary() {
        let yaml = """
        suite: t
        steps:
          - name: a
            nccl: all_redcue
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:4:11: error: steps[0].nccl: found 'all_redcue', expected an nccl-tests name: "
                + Self.tests + "; did you mean 'all_reduce'?",
        ])
    }

    @Test func unknownTopLevelKey() {
        let yaml = "suite: t\ndefault:\n  timeout: 1m\nsteps: [{inventory: {}}]\n"
        #expect(loadErrors(yaml) == [
            "bad.yaml:2:1: error: default: found unknown key 'default', expected one of the top-level keys: "
                + "version, suite, description, nodes, defaults, captures, regression, health, verdict, steps, ssh, groups, node_overrides, redact_env; did you mean 'defaults'?",
        ])
    }

    @Test func wrongTypes() {
        let yaml = """
        suite: t
        steps:
          - name: a
            nccl: all_reduce
            repeat: three
            gpus: [8]
            env: [NCCL_DEBUG=INFO]
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:5:13: error: steps[0].repeat: found 'three', expected a repeat count from 1 to 10000",
            "bad.yaml:6:11: error: steps[0].gpus: found a list, "
                + "expected GPUs per process, 1 to 1024, or 'auto' for every GPU of the node",
            "bad.yaml:7:10: error: steps[0].env: found a list, expected a mapping of NAME: value",
        ])
    }

    @Test func perIterationKeysAreChecked() {
        let yaml = """
        suite: t
        steps:
          - name: a
            nccl: all_reduce
            per_iteration: sometimes
            per_iteration_skip: -2
        """
        #expect(loadErrors(yaml).count == 2)
        #expect(loadErrors(yaml).last == "bad.yaml:6:25: error: steps[0].per_iteration_skip: found '-2', "
                    + "expected iterations to skip, 0 to 1000000")
        #expect(loadErrors(yaml).first?.hasPrefix("bad.yaml:5:20: error: steps[0].per_iteration: found 'sometimes'") == true)
    }

    @Test func negativeSize() {
        let yaml = """
        suite: t
        steps:
          - nccl: all_reduce
            sizes: {min: -8, max: 1M}
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:4:18: error: steps[0].sizes.min: found '-8', expected a byte size ≥ 1 such as 8, 64K, 128M or 8G",
        ])
    }

    @Test func minAboveMax() {
        let yaml = """
        suite: t
        steps:
          - nccl: all_reduce
            sizes:
              min: 1G
              max: 8M
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:6:12: error: steps[0].sizes.max: found 8M (8388608 bytes), below min 1G (1073741824 bytes), "
                + "expected max ≥ min",
        ])
    }

    @Test func factorAndStepLimits() {
        let yaml = """
        suite: t
        steps:
          - name: a
            nccl: all_reduce
            sizes: {min: 8, max: 1M, factor: 1}
          - name: b
            nccl: all_reduce
            sizes: {min: 8, max: 1M, step: 0}
          - name: c
            nccl: all_reduce
            sizes: {min: 8, max: 1M, step: -1M}
          - name: d
            nccl: all_reduce
            sizes: {min: 8, max: 1M, factor: 2, step: 1M}
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:5:38: error: steps[0].sizes.factor: found '1', "
                + "expected an integer factor ≥ 2 (each size is the previous one × factor)",
            "bad.yaml:8:36: error: steps[1].sizes.step: found '0', expected a byte size ≥ 1 such as 8, 64K, 128M or 8G",
            "bad.yaml:11:36: error: steps[2].sizes.step: found '-1M', expected a byte size ≥ 1 such as 8, 64K, 128M or 8G",
            "bad.yaml:14:41: error: steps[3].sizes.step: found both 'factor' and 'step', "
                + "expected one of them: factor multiplies the size, step adds to it",
        ])
    }

    @Test func sizeTooLarge() {
        let yaml = "suite: t\nsteps:\n  - nccl: all_reduce\n    sizes: 99999999999G\n"
        #expect(loadErrors(yaml) == [
            "bad.yaml:4:12: error: steps[0].sizes: found '99999999999G', "
                + "expected a byte size ≥ 1 such as 8, 64K, 128M or 8G; the value is too large",
        ])
    }

    @Test func duplicateStepNames() {
        let yaml = """
        suite: t
        steps:
          - name: sweep
            nccl: all_reduce
          - inventory: {}
          - name: sweep
            nccl: all_gather
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:6:11: error: steps[2].name: found step name 'sweep' again (first used by steps[0] at line 3), "
                + "expected a unique step name; steps without 'name:' are named after their kind; give each its own name",
        ])
    }

    @Test func emptyAndMissingSteps() {
        #expect(loadErrors("suite: t\nsteps: []\n") == [
            "bad.yaml:2:8: error: steps: found an empty list, expected at least one step",
        ])
        #expect(loadErrors("suite: t\n") == [
            "bad.yaml:1:1: error: steps: found no 'steps' key, expected a list of steps",
        ])
        #expect(loadErrors("steps: [{inventory: {}}]\n") == [
            "bad.yaml:1:1: error: suite: found no 'suite' key, expected the suite's name, e.g. 'suite: nightly'",
        ])
        #expect(loadErrors("") == [
            "bad.yaml:1:1: error: found an empty document, expected a mapping with at least 'suite:' and 'steps:'",
        ])
        #expect(loadErrors("- a\n- b\n") == [
            "bad.yaml:1:1: error: found a list, expected a mapping with at least 'suite:' and 'steps:'",
        ])
    }

    @Test func stepWithZeroOrSeveralKinds() {
        let yaml = """
        suite: t
        steps:
          - name: nothing
            timeout: 1m
          - name: both
            nccl: all_reduce
            command: [echo, hi]
            timeout: soon
          - name: nothing
            inventory: {}
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:3:5: error: steps[0]: found no step kind, expected exactly one of nccl, inventory, command, workload",
            "bad.yaml:7:5: error: steps[1].command: found both 'nccl' and 'command' in one step, "
                + "expected exactly one of nccl, inventory, command, workload; split them into two steps",
            "bad.yaml:8:14: error: steps[1].timeout: found 'soon', expected a duration such as 30s, 10m, 1h or a number of seconds",
            "bad.yaml:9:11: error: steps[2].name: found step name 'nothing' again (first used by steps[0] at line 3), "
                + "expected a unique step name; steps without 'name:' are named after their kind; give each its own name",
        ])
    }

    @Test func badDurations() {
        let yaml = """
        suite: t
        defaults:
          timeout: 10 minutes
        steps:
          - inventory: {}
            timeout: -5
          - name: c
            command: [true]
            timeout: 0s
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:3:12: error: defaults.timeout: found '10 minutes', expected a duration such as 30s, 10m, 1h or a number of seconds",
            "bad.yaml:6:14: error: steps[0].timeout: found '-5', expected a duration such as 30s, 10m, 1h or a number of seconds",
            "bad.yaml:9:14: error: steps[1].timeout: found '0s', expected a duration such as 30s, 10m, 1h or a number of seconds",
        ])
    }

    @Test func badHostlists() {
        #expect(loadErrors("suite: t\nnodes: gpu-[5-3]\nsteps: [{inventory: {}}]\n") == [
            "bad.yaml:2:8: error: nodes: found 'gpu-[5-3]', expected a hostlist such as gpu-[001-016,020]; "
                + "range 5-3 goes down (5 > 3)",
        ])
        #expect(loadErrors("suite: t\nnodes: [a1, 'gpu-[001-004']\nsteps: [{inventory: {}}]\n") == [
            "bad.yaml:2:13: error: nodes: found 'gpu-[001-004', expected a hostlist such as gpu-[001-016,020]; "
                + "'[' is never closed",
        ])
        #expect(loadErrors("suite: t\nnodes: ['gpu-[1-2]', gpu-2]\nsteps: [{inventory: {}}]\n") == [
            "bad.yaml:2:22: error: nodes: found node 'gpu-2' listed twice, expected each node once",
        ])
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() {
        let yaml = """
        suite: t
        steps:
          - name: a
             command: [echo]
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:4:13: error: found invalid YAML (mapping values are not allowed in this context), expected well-formed YAML",
        ])
        #expect(loadErrors("suite: t\nsteps: [\n") == [
            "bad.yaml:3:1: error: found invalid YAML (while parsing a flow node, did not find expected node content), "
                + "expected well-formed YAML",
        ])
        #expect(loadErrors("suite: t\nsteps:\n\t- inventory: {}\n") == [
            "bad.yaml:3:1: error: found invalid YAML (while scanning for the next token, found character that cannot "
                + "start any token), expected well-formed YAML; YAML does not allow tabs for indentation; use spaces",
        ])
        #expect(loadErrors("suite: t\nnodes: [gpu-[1-2], gpu-4]\nsteps: [{inventory: {}}]\n") == [
            "bad.yaml:2:13: error: found invalid YAML (while parsing a flow sequence, did not find expected ',' or ']'), "
                + "expected well-formed YAML; inside a [ ] list, quote values that contain brackets, e.g. ['gpu-[001-004]']",
        ])
        #expect(loadErrors("---\nsuite: a\n---\nsuite: b\n") == [
            "bad.yaml:3:1: error: found invalid YAML (expected a single document in the stream, but found another "
                + "document), expected well-formed YAML",
        ])
        #expect(loadErrors("suite: a\nsuite: b\nsteps: [{inventory: {}}]\n") == [
            "bad.yaml:1:1: error: found the key 'suite' twice in one mapping, expected each key once",
        ])
    }

    @Test func kindSpecificKeysAndCaptures() {
        let yaml = """
        suite: t
        steps:
          - name: a
            command: [echo]
            sizes: 8
          - name: b
            nccl: all_reduce
            root: 0
            captures: [dmon]
          - name: c
            command: echo hello
        """
        #expect(loadErrors(yaml) == [
            "bad.yaml:5:5: error: steps[0].sizes: found 'sizes' in a command step, expected 'sizes' only in nccl steps",
            "bad.yaml:8:5: error: steps[1].root: found 'root' for all_reduce, "
                + "expected 'root' only for broadcast, reduce, scatter, gather",
            "bad.yaml:9:16: error: steps[1].captures[0]: found capture 'dmon', "
                + "expected a declared capture (none are declared); declare it at the top level under 'captures:'",
            "bad.yaml:11:14: error: steps[2].command: found 'echo hello', expected an argv list such as [echo, hello]; "
                + "argv is never split on spaces; write [sh, -c, '…'] to use a shell",
        ])
    }

    @Test func allErrorsAreCollectedInFileOrder() throws {
        let yaml = """
        suite: nightly run
        nodes: gpu-[1-
        defaults:
          env: {1BAD: x}
        captures:
          dmon: {metrics: xyz, intervall: 1}
        steps:
          - name: a
            nccl: all_reduce
            sizes: {min: 8, max: 4}
            dtype: flaot
          - name: a
            inventory: {extra: 1}
        """
        let errors = loadErrors(yaml)
        try #require(errors.count == 9)
        #expect(errors.map { $0.prefix(while: { $0 != " " }) } == [
            "bad.yaml:1:8:", "bad.yaml:2:8:", "bad.yaml:4:9:", "bad.yaml:6:19:", "bad.yaml:6:24:",
            "bad.yaml:10:26:", "bad.yaml:11:12:", "bad.yaml:12:11:", "bad.yaml:13:17:",
        ])
        #expect(errors[5] == "bad.yaml:10:26: error: steps[0].sizes.max: found 4 bytes, below min 8 bytes, expected max ≥ min")
        #expect(errors[8] == "bad.yaml:13:17: error: steps[1].inventory.extra: found unknown key 'extra', "
            + "expected one of the inventory keys: health, kernel_log_window")
        #expect(errors[6] == "bad.yaml:11:12: error: steps[0].dtype: found 'flaot', expected a data type: "
            + "int8, uint8, int32, uint32, int64, uint64, half, float, double, bfloat16, f8e4m3, f8e5m2, all; "
            + "did you mean 'float'?")
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let text = "\u{FEFF}suite: bom\nsteps: [{inventory: {}}]\n"
        let loaded = try SuiteLoader.load(text: text, file: "bom.yaml")
        #expect(loaded.suite.name == "bom")
        #expect(loaded.sha256 == SHA256.hex(Array(text.utf8)), "the hash is of the text as given")
        #expect(loadErrors("\u{FEFF}suite: t\nsteps: 5\n") == [
            "bad.yaml:2:8: error: steps: found '5', expected a list of steps ('- name: …')",
        ])
    }

    @Test func loadErrorFromAMissingFile() {
        do {
            _ = try SuiteLoader.load(path: "/nonexistent/suite.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/suite.yaml: error: found an unreadable file (no such file), "
                + "expected a readable suite file")
        }
    }
}
