@testable import DSBenchSuite
import Testing

/// Messages that named the wrong problem: a group cycle or a forward reference read as an
/// undeclared group, and only the first of several repeated keys was reported.
@Suite struct SuiteMessageTests {
    @Test func aGroupCycleIsNamedAsACycle() {
        let errors = loadErrors("""
            suite: g
            groups:
              a: "@b"
              b: ["@c", gpu-1]
              c: "@a"
            nodes: "@a"
            steps: [{inventory: {}}]
            """)
        #expect(errors.first == "bad.yaml:3:6: error: groups.a: found groups that refer to each other in a cycle: "
            + "@a → @b → @c → @a, expected groups that end in hostlists", "\(errors)")
        #expect(errors.contains { $0.contains("nodes: found group '@a', which has an error of its own (above)") }, "\(errors)")
        #expect(!errors.contains { $0.contains("a declared group") }, "\(errors)")
    }

    @Test func aGroupUsingALaterGroupSaysSo() {
        let errors = loadErrors("suite: g\ngroups:\n  all: \"@h200\"\n  h200: gpu-[1-2]\nsteps: [{inventory: {}}]\n")
        #expect(errors == ["bad.yaml:3:8: error: groups.all: found group '@h200', declared after 'all', expected a group "
            + "declared above 'all' (a group can use only the groups before it)"], "\(errors)")
    }

    @Test func aGroupNamingItselfIsACycle() {
        let errors = loadErrors("suite: g\ngroups:\n  a: \"@a\"\nsteps: [{inventory: {}}]\n")
        #expect(errors.first?.contains("groups.a: found groups that refer to each other in a cycle: @a → @a") == true, "\(errors)")
    }

    @Test func everyRepeatedKeyIsReported() {
        let errors = loadErrors("""
            suite: t
            steps:
              - name: a
                command: [echo]
                command: [true]
              - name: b
                env: {X: "1", X: "2"}
                inventory: {}
            defaults:
              timeout: 1m
              timeout: 2m
            """)
        #expect(errors == [
            "bad.yaml:4:5: error: found the key 'command' twice in one mapping, expected each key once",
            "bad.yaml:7:11: error: found the key 'X' twice in one mapping, expected each key once",
            "bad.yaml:10:3: error: found the key 'timeout' twice in one mapping, expected each key once",
        ], "\(errors)")
    }

    @Test func repeatsOfTwoKeysInOneMappingAreOneError() {
        let errors = loadErrors("suite: a\nsteps: [{inventory: {}}]\nsuite: b\nsteps: []\n")
        #expect(errors == ["bad.yaml:2:1: error: found the key 'steps', 'suite' twice in one mapping, expected each key once"],
                "\(errors)")
    }
}
