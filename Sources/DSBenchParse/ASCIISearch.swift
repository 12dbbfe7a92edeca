/// Substring search on UTF-8 bytes for ASCII needles: Foundation's `range(of:)`/`contains` on
/// `Substring` cost microseconds per call, and the transport summary asks several per NCCL line.
extension Substring {
    /// The first occurrence of an ASCII `needle`, as indices of `self`.
    func firstASCII(_ needle: StaticString) -> Range<Index>? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return nil }
        let bytes = utf8
        var start = bytes.startIndex
        while let hit = bytes[start...].firstIndex(of: first) {
            var candidate = hit
            var matched = true
            for byte in pattern {
                guard candidate < bytes.endIndex, bytes[candidate] == byte else { matched = false; break }
                candidate = bytes.index(after: candidate)
            }
            if matched { return hit..<candidate }
            start = bytes.index(after: hit)
        }
        return nil
    }

    func containsASCII(_ needle: StaticString) -> Bool { firstASCII(needle) != nil }
}

extension Substring {
    func hasASCIIPrefix(_ prefix: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return utf8.starts(with: pattern)
    }

    func hasASCIISuffix(_ suffix: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        return utf8.reversed().starts(with: pattern.reversed())
    }
}
