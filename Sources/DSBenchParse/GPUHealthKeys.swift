import DSBenchCore

/// How each nvidia-smi form spells the canonical keys (`GPUHealthKey`, in DSBenchCore so that the
/// rules read the keys without the parsers).
extension GPUHealthKey {
    /// `Clocks Event Reasons` → `clocks_event_reasons`; "throttle" → "event" (drivers before 535).
    static func slug(_ name: Substring) -> String { slug(Array(name.utf8)[...]) }

    static func slug(_ name: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.count)
        var pendingUnderscore = false
        for byte in name {
            let isWord = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            let isUpper = byte >= 0x41 && byte <= 0x5A
            if isWord || isUpper {
                if pendingUnderscore && !out.isEmpty { out.append(0x5F) }
                pendingUnderscore = false
                out.append(isUpper ? byte + 32 : byte)
            } else {
                pendingUnderscore = true
            }
        }
        let text = String(decoding: out, as: UTF8.self)
        // `String.contains` is a generic search and was a sixth of the text parse: look at bytes first.
        return containsThrottle(out) ? text.replacingAll("throttle", with: "event") : text
    }

    private static func containsThrottle(_ bytes: [UInt8]) -> Bool {
        let needle: [UInt8] = Array("throttle".utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The canonical key of a reading at `path` (slugs from the GPU down), or nil for one the
    /// rules and the report do not use.
    static func canonical(_ path: [String]) -> String? {
        guard let leaf = path.last else { return nil }
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        let section = path.first ?? ""
        switch section {
        case "clocks_event_reasons":
            var name = leaf.droppingPrefix("clocks_event_reason_")
            if name == "gpu_idle" { name = "idle" }
            if name == "display_clock_setting" { name = "display_clocks_setting" }
            return "clocks_event." + name
        case "clocks_event_reasons_counters":
            let name = leaf.droppingPrefix("clocks_event_reasons_counters_")
            return counterNames[name].map { "clocks_event_us." + $0 }
        case "ecc_mode":
            return "ecc.mode." + leaf.droppingSuffix("_ecc")
        case "ecc_errors":
            guard path.count >= 2 else { return nil }
            if path.count == 2 { return "ecc." + leaf }
            let rest = path[2...].joined(separator: "_").replacingAll("sec_ded", with: "secded")
            switch path[1] {
            case "volatile", "aggregate": return "ecc.\(path[1]).\(rest)"
            case "aggregate_uncorrectable_sram_sources": return "ecc.aggregate_sram_sources.\(rest)"
            default: return nil
            }
        case "retired_pages":
            // XML nests the counts (`double_bit_retirement/retired_count`); its page lists are not kept.
            if path.count == 3 { return leaf == "retired_count" ? retiredNames[parent].map { "retired_pages." + $0 } : nil }
            return retiredNames[leaf].map { "retired_pages." + $0 }
        case "remapped_rows":
            return remapNames[leaf].map { "remapped_rows." + $0 }
        case "temperature":
            return temperatureNames[leaf].map { "temperature." + $0 }
        case "gpu_power_readings", "power_readings":
            return powerNames[leaf].map { "power." + $0 }
        case "clocks":
            return clockNames[leaf].map { "clocks." + $0 }
        case "max_clocks":
            return clockNames[leaf].map { "clocks.max_" + $0 }
        case "pci" where leaf == "replay_counter":
            return "pcie.replay_counter"
        case "performance_state":
            return path.count == 1 ? "performance_state" : nil
        default:
            return nil
        }
    }

    private static let counterNames: [String: String] = [
        "sw_power_capping": "sw_power_cap", "sw_power_cap": "sw_power_cap", "sync_boost": "sync_boost",
        "sw_thermal_slowdown": "sw_thermal_slowdown", "sw_therm_slowdown": "sw_thermal_slowdown",
        "hw_thermal_slowdown": "hw_thermal_slowdown", "hw_therm_slowdown": "hw_thermal_slowdown",
        "hw_power_braking": "hw_power_brake", "hw_power_brake": "hw_power_brake",
    ]
    private static let retiredNames: [String: String] = [
        "single_bit_ecc": "single_bit", "double_bit_ecc": "double_bit",
        "multiple_single_bit_retirement": "single_bit", "double_bit_retirement": "double_bit",
        "pending_page_blacklist": "pending_blacklist", "pending_blacklist": "pending_blacklist",
        "pending_page_retirement": "pending_retirement", "pending_retirement": "pending_retirement",
        "pending": "pending",
    ]
    private static let remapNames: [String: String] = [
        "correctable_error": "correctable", "remapped_row_corr": "correctable",
        "uncorrectable_error": "uncorrectable", "remapped_row_unc": "uncorrectable",
        "pending": "pending", "remapped_row_pending": "pending",
        "remapping_failure_occurred": "failure", "remapped_row_failure": "failure",
    ]
    private static let temperatureNames: [String: String] = [
        "gpu_current_temp": "gpu", "gpu_temp": "gpu",
        "gpu_t_limit_temp": "gpu_tlimit", "gpu_temp_tlimit": "gpu_tlimit",
        "gpu_shutdown_t_limit_temp": "shutdown_tlimit", "gpu_temp_max_tlimit_threshold": "shutdown_tlimit",
        "gpu_slowdown_t_limit_temp": "slowdown_tlimit", "gpu_temp_slow_tlimit_threshold": "slowdown_tlimit",
        "gpu_max_operating_t_limit_temp": "max_operating_tlimit", "gpu_temp_max_gpu_tlimit_threshold": "max_operating_tlimit",
        "gpu_shutdown_temp": "shutdown", "gpu_temp_max_threshold": "shutdown",
        "gpu_slowdown_temp": "slowdown", "gpu_temp_slow_threshold": "slowdown",
        "gpu_max_operating_temp": "max_operating", "gpu_temp_max_gpu_threshold": "max_operating",
        "memory_current_temp": "memory", "memory_temp": "memory",
        "memory_max_operating_t_limit_temp": "memory_max_operating_tlimit",
        "gpu_temp_max_mem_tlimit_threshold": "memory_max_operating_tlimit",
        "memory_max_operating_temp": "memory_max_operating", "gpu_temp_max_mem_threshold": "memory_max_operating",
    ]
    private static let powerNames: [String: String] = [
        "average_power_draw": "draw_average", "instantaneous_power_draw": "draw_instant",
        "instant_power_draw": "draw_instant", "power_draw": "draw",
        "current_power_limit": "limit", "power_limit": "limit", "enforced_power_limit": "limit",
        "default_power_limit": "limit_default", "max_power_limit": "limit_max", "min_power_limit": "limit_min",
    ]
    private static let clockNames: [String: String] = [
        "graphics": "graphics", "graphics_clock": "graphics", "sm": "sm", "sm_clock": "sm",
        "memory": "mem", "mem_clock": "mem",
    ]

    /// A value nvidia-smi prints for "no reading": such keys are left out, not stored.
    ///
    /// Compared as bytes, which is `==` here: the only non-ASCII texts canonically equal to ASCII
    /// ones spell `K`, `;` or `` ` `` (KELVIN SIGN, GREEK QUESTION MARK, GREEK VARIA), and these
    /// words hold none. Eight `String` comparisons per reading were a tenth of the XML parse.
    static func isAbsent(_ text: Substring) -> Bool { isAbsent(bytes: text.utf8) }

    static func isAbsent(bytes: some Collection<UInt8>) -> Bool {
        switch bytes.count {
        case 0: return true
        case 3: return bytes.elementsEqual("N/A".utf8)
        case 5: return bytes.elementsEqual("[N/A]".utf8)
        case 9: return bytes.elementsEqual("Not Found".utf8)
        case 13: return bytes.elementsEqual("Not Supported".utf8) || bytes.elementsEqual("Unknown Error".utf8)
        case 15: return bytes.elementsEqual("[Not Supported]".utf8)
        case 43: return bytes.elementsEqual("Requested functionality has been deprecated".utf8)
        default: return false
        }
    }
}

extension String {
    func droppingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
    func droppingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }

    /// Without Foundation: the parsers link none.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
