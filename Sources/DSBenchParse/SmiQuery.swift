import DSBenchCore

/// `smi-q`: `nvidia-smi -q` in either form; the first thing in the capture says which.
public enum SmiQuery {
    public static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        return first == UInt8(ascii: "<") ? SmiQueryXMLParser.parse(bytes) : SmiQueryTextParser.parse(bytes)
    }
}
