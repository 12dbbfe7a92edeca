import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `-q` text and XML: new vs the parsers before the key tree (Reference/).
extension ParserEquivalenceTests {
    @Test func smiQueryText() throws {
        let extra = [
            "GPU 00000000:00:06.0\n    Temperature\n        GPU Current Temp : 3\u{301}6 C\n        Mémory Current Temp : 35 C\n"
                + "    Clocks Event Reasons\n        ---- : x\n        Idle : Active\n\tPower Readings\n\t\tPower Draw : N/A\n",
            "GPU 00000000:00:06.0\n    ECC Errors\n        Volatile\n            SRAM Correctable : 0\n      Aggregate :\n"
                + "GPU 00000000:00:06.0\n    Retired Pages\n        Pending Page Blacklist : No\nGPU x\n    Temperature : 1\n",
        ]
        let inputs = try Self.inputs(["health/smi_q_perf.txt", "health/smi_q_ecc.txt", "health/edited_smi_q_ecc_dram_uncorrectable.txt",
                                      "health/edited_smi_q_ecc_remap_failure.txt", "health/edited_smi_q_ecc_remap_pending.txt",
                                      "health/edited_smi_q_perf_hw_slowdown.txt"], extra: extra, seed: 36)
        Self.compare(inputs, { SmiQueryTextParser.parse($0) }, { ReferenceSmiQueryTextParser.parse($0) })
    }

    @Test func smiQueryXML() throws {
        let extra = [
            "<nvidia_smi_log><gpu id=\"0\"><temperature><gpu_temp>3\u{301}6 C</gpu_temp><-></-><gpu_temp>&amp;&lt;7</gpu_temp>"
                + "</temperature><ecc_errors><volatile><sram_correctable>0</sram_correctable></volatile></ecc_errors></gpu>"
                + "<gpu id=\"1\"><clocks><sm_clock>1980 MHz</sm_clock><sm_clock/></clocks></gpu></nvidia_smi_log>",
            "<a><gpu id=\"2\"><b><gpu><c>x</c></gpu></b></gpu><gpu><pci><replay_counter>&\u{301}amp;</replay_counter></pci>",
        ]
        let inputs = try Self.inputs(["health/nvidia-smi-q-x.txt", "health/edited_nvidia-smi-q-x_remap_ecc.txt",
                                      "h200-x8/a_nvidia-smi-q-x.txt"], extra: extra, seed: 37)
        Self.compare(inputs, SmiQueryXMLParser.parse, ReferenceSmiQueryXMLParser.parse)
    }
}
