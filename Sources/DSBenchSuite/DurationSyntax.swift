/// Durations in suites: `30s`, `10m`, `1h`, `1h30m`, `1.5h`, or a plain number of seconds.
public enum DurationSyntax {
    public static let example = "30s, 10m, 1h or a number of seconds"

    /// Seconds, or nil when the text is not a positive duration.
    public static func parseSeconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: " ")
        guard !trimmed.isEmpty else { return nil }
        if let plain = Double(trimmed) {
            return plain > 0 && plain.isFinite ? plain : nil
        }
        var total = 0.0
        var number = ""
        for character in trimmed {
            if character.isASCII && (character.isNumber || character == ".") {
                number.append(character)
                continue
            }
            let unit: Double
            switch character {
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: return nil
            }
            guard let value = Double(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0, total.isFinite else { return nil }
        return total
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var view = Substring(self)
        while view.first == set { view = view.dropFirst() }
        while view.last == set { view = view.dropLast() }
        return String(view)
    }
}
