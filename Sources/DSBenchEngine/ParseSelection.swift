import DSBenchCore

/// Which stored artifacts of a step become parsed records. nccl-tests prints the same table to
/// stdout and (with `-J`) to its JSON file; the text is always there and is the record, the JSON
/// is kept raw beside it. A JSON file alone (ingested) is parsed.
enum ParseSelection {
    static func parsable<T>(_ items: [T], stepID: (T) -> Int64?, parser: (T) -> ParserKind?) -> [T] {
        let stepsWithText = Set(items.filter { parser($0) == .ncclTests }.compactMap(stepID))
        return items.filter { item in
            guard parser(item) != nil else { return false }
            if parser(item) == .ncclTestsJSON, let step = stepID(item), stepsWithText.contains(step) { return false }
            return true
        }
    }
}
