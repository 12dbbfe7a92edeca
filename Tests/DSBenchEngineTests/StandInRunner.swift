import DSBenchCore
import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchTestSupport
import Foundation

extension Runner {
    /// A runner whose every node is this machine under its own name, with the stand-ins first on PATH.
    static func overStandIns(_ standIns: StandIns, store: Store) -> Runner {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = standIns.path(prepending: "/usr/bin:/bin")
        let env = environment
        return Runner(store: store, version: "test",
                      executorFor: { node in LocalExecutor(nodeName: node, environment: env, killGrace: 0.5) })
    }
}
