import DSBenchCore

/// The text form prints a waived testcase as a bare `Waived: ` line, without its name. A run of
/// them between two named testcases is named from the tool's order (`NvbandwidthTestcases.v08`)
/// when the gap there holds exactly as many testcases: in the one-GPU capture the four `Waived:`
/// lines after `device_to_host_bidirectional_memcpy_ce` are indexes 4–7, the device-to-device
/// copies. Where the count does not fit (a `-t` selection, another version) they stay unnamed.
enum NvbandwidthWaivedNames {
    static func name(_ testcases: inout [NvbandwidthTestcase]) {
        let order = NvbandwidthTestcases.v08
        let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var index = 0
        while index < testcases.count {
            guard testcases[index].name == nil else { index += 1; continue }
            let start = index
            while index < testcases.count, testcases[index].name == nil { index += 1 }
            let count = index - start
            // The catalogue positions the gap lies between: -1 before the first, count after the last.
            let before = start == 0 ? -1 : testcases[start - 1].name.flatMap { position[$0] }
            let after = index == testcases.count ? order.count : testcases[index].name.flatMap { position[$0] }
            guard let before, let after, after - before - 1 == count else { continue }
            for offset in 0..<count { testcases[start + offset].name = order[before + 1 + offset] }
        }
    }
}
