import DSBenchSuite
import Testing

/// Input that is not a suite at all must come back as errors, never as a crash.
@Suite struct OddInputTests {
    @Test(arguments: [
        "suite: *undefined\nsteps: []\n",
        "? [a, b]\n: c\n",
        "suite: x\nsteps: !!str 5\n",
        "suite: x\nsteps:\n  - ~\n  - []\n  - 5\n",
        "suite: x\nsteps:\n  - {nccl: [all_reduce]}\n  - {nccl: ~}\n  - {nccl: all_reduce, sizes: []}\n",
        "suite: x\nsteps:\n  - {nccl: all_reduce, sizes: {min: {a: 1}, max: [1]}}\n",
        "suite: x\nsteps:\n  - {command: [], name: c}\n  - {command: [\"\"], name: d}\n  - {command: [[a]], name: e}\n",
        "suite: x\nsteps:\n  - {inventory: 5}\n  - {inventory: [1], name: i2}\n",
        "suite: x\nsteps:\n  - {nccl: all_reduce, env_matrix: {}}\n  - {nccl: reduce, env_matrix: []}\n",
        "suite: x\nsteps:\n  - {nccl: all_reduce, env_matrix: [{}]}\n  - {nccl: reduce, env_matrix: 'x'}\n",
        "suite: x\nsteps:\n  - {nccl: all_reduce, env_matrix: {'a b': {X: 1}}}\n",
        "suite: x\nsteps:\n  - {nccl: all_reduce, env_matrix: [{X: 1}, {X: 1}]}\n",
        "suite: x\nsteps:\n  - <<: 5\n    nccl: all_reduce\n",
        "suite: x\ncaptures: {dmon: 5, pmon: {}}\nsteps: [{nccl: all_reduce}]\n",
        "suite: x\ncaptures: {dmon: {interval: 0}}\nsteps: [{nccl: all_reduce, captures: dmon}]\n",
        "suite: x\nnodes: []\nsteps: [{nccl: all_reduce}]\n",
        "suite: x\nnodes: 'n[1-999999]'\nsteps: [{nccl: all_reduce}]\n",
        "suite: x\nversion: 2\nsteps: [{nccl: all_reduce}]\n",
        "suite: x\nsteps: [{nccl: all_reduce, gpus: 0, threads: -1, iters: 1e3, warmup: 1.5, check: x}]\n",
        "suite: x\nsteps: [{nccl: all_reduce, repeat: 99999999999999999999999}]\n",
        "suite: x\nsteps: [{nccl: broadcast, root: -2}, {nccl: reduce, root: any}]\n",
        "suite: x\nsteps: [{nccl: all_reduce, parser: dmon}]\n",
        "suite: x\nsteps: [{command: [true], name: c, parser: ncl-tests}]\n",
        "suite: x\nsteps: [{inventory: {}, name: 'bad name'}, {inventory: {}, name: '[x]'}]\n",
        "suite: x\ndefaults: [1]\nsteps: [{inventory: {}}]\n",
        "suite: x\ndefaults: {env: {A: ~}, nccl_tests_path: {a: b}, workdir: ''}\nsteps: [{inventory: {}}]\n",
        "suite: x\u{1}\nsteps: []\n",
        "\u{FEFF}suite: [x]\nsteps: 1\n",
        "---\nsuite: a\n---\nsuite: b\n",
        "suite: x\nsteps:\n\t- inventory: {}\n",
        String(repeating: "[", count: 500),
    ])
    func oddDocumentsGiveErrors(_ yaml: String) {
        let errors = loadErrors(yaml)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.hasPrefix("bad.yaml:") && $0.contains(": error: ") })
    }

    @Test func everyErrorIsReportedForOddSteps() {
        let errors = loadErrors("suite: x\nsteps:\n  - ~\n  - []\n  - 5\n")
        #expect(errors == [
            "bad.yaml:3:5: error: steps[0]: found nothing (null), expected a step mapping such as {name: x, nccl: all_reduce}",
            "bad.yaml:4:5: error: steps[1]: found a list, expected a step mapping such as {name: x, nccl: all_reduce}",
            "bad.yaml:5:5: error: steps[2]: found '5', expected a step mapping such as {name: x, nccl: all_reduce}",
        ])
    }

    @Test func controlCharactersAreReportedWithTheirPosition() {
        #expect(loadErrors("suite: x\u{1}\nsteps: []\n") == [
            "bad.yaml:1:9: error: found invalid YAML (control characters are not allowed), expected well-formed YAML",
        ])
    }
}
