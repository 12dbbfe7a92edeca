/// Where each dmon column sits in a row, built from one header line (or from the caller's
/// column list for `--format csv,noheader` captures, which carry no names).
struct DmonLayout {
    /// Lower-cased header names in order (`date`, `time`, `gpu`, `pwr`, …).
    let columns: [String]
    let gpuPosition: Int
    let datePosition: Int?
    let timePosition: Int?
    /// Every other column: position in the row and the key it gets in `DmonSample.values`.
    let valueColumns: [(position: Int, name: String)]
    /// Names that appear twice in the header; the later column wins in `values`.
    let duplicates: [String]

    /// nil when the names have no `gpu` column: such a `#` line is a comment, not a header.
    init?(names: [String]) {
        let lowered = names.map { $0.lowercased() }
        guard let gpu = lowered.firstIndex(of: "gpu") else { return nil }
        columns = lowered
        gpuPosition = gpu
        datePosition = lowered.firstIndex(of: "date")
        timePosition = lowered.firstIndex(of: "time")
        var values: [(Int, String)] = []
        var seen: Set<String> = []
        var repeated: [String] = []
        for (position, name) in lowered.enumerated()
        where position != gpu && position != datePosition && position != timePosition {
            if !seen.insert(name).inserted { repeated.append(name) }
            values.append((position, name))
        }
        valueColumns = values
        duplicates = repeated
    }

    /// Every value key with a nil value, and where each column's entry sits in it. A sample copies
    /// the template and writes through those indices, so no key is hashed per row (the hot path:
    /// hashing 20-odd keys per row would cap the parser well below 100 MB/s).
    func emptyValues() -> (template: [String: Double?], slots: [Dictionary<String, Double?>.Index]) {
        var template: [String: Double?] = Dictionary(minimumCapacity: valueColumns.count)
        for column in valueColumns { template.updateValue(nil, forKey: column.name) }
        // Duplicate names share one entry: the later column overwrites, as documented above.
        let slots = valueColumns.map { template.index(forKey: $0.name) ?? template.startIndex }
        return (template, slots)
    }

    /// Units lines start with these tokens (`# Idx`, `#YYYYMMDD`, `#HH:MM:SS`).
    static func looksLikeUnits(firstToken: String) -> Bool {
        let token = firstToken.lowercased()
        return token == "idx" || token == "yyyymmdd" || token == "hh:mm:ss"
    }

    /// `20261122` + `09:48:45` → `2026-11-22 09:48:45`; a date that is not 8 digits stays as printed.
    static func timestamp(date: String?, time: String?) -> String? {
        let day: String? = date.map { raw in
            let bytes = Array(raw.utf8)
            guard bytes.count == 8, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return raw }
            return "\(raw.prefix(4))-\(raw.dropFirst(4).prefix(2))-\(raw.suffix(2))"
        }
        switch (day, time) {
        case let (day?, time?): return day + " " + time
        case let (day?, nil): return day
        case let (nil, time?): return time
        case (nil, nil): return nil
        }
    }
}
