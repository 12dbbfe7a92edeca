extension Substring {
    /// The text without leading and trailing spaces and tabs.
    ///
    /// Walks the UTF-8 bytes from each end once. The `Character` loop it replaces called
    /// `dropLast()` per blank, and each call walked the whole string: a 64 KiB run of trailing
    /// blanks took 35 s to trim (×4 per doubling). Foundation's `trimmingCharacters(in:)` goes
    /// through NSString and was a third of the time of ingesting a large query-gpu capture.
    public var trimmedSpaces: Substring {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, Self.isBlank(bytes[start]) { start = bytes.index(after: start) }
        while start < end {
            let before = bytes.index(before: end)
            guard Self.isBlank(bytes[before]) else { break }
            end = before
        }
        return self[start..<end]
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    public var trimmedSpaces: Substring { self[...].trimmedSpaces }
}
