import DSBenchCore
import DSBenchParse

/// Which stored artifacts of a step become parsed records. nccl-tests prints the same table to
/// stdout and (with `-J`) to its JSON file; the text is always there and is the record, the JSON
/// is kept raw beside it. A JSON file alone (ingested) is parsed. A JSON with per-iteration times
/// (`-I 1`) is parsed as well, after the text: the store then keeps only its times, matched to the
/// text's rows (`RecordWriter.attachNcclIterations`), so no row is stored twice.
enum ParseSelection {
    static func parsable<T>(_ items: [T], stepID: (T) -> Int64?, parser: (T) -> ParserKind?,
                            bytes: (T) -> [UInt8]) -> [T] {
        let stepsWithText = Set(items.filter { parser($0) == .ncclTests }.compactMap(stepID))
        let selected = items.filter { item in
            guard parser(item) != nil else { return false }
            if parser(item) == .ncclTestsJSON, let step = stepID(item), stepsWithText.contains(step) {
                return NcclTestsJSONParser.mayHoldIterationTimes(bytes(item))
            }
            return true
        }
        // Text tables first: a JSON's times attach to the rows its step's text stored.
        return selected.filter { parser($0) != .ncclTestsJSON } + selected.filter { parser($0) == .ncclTestsJSON }
    }
}
