enum Median {
    /// The middle value (mean of the two middle ones for an even count); nil for none.
    static func of(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return nil }
        let mid = finite.count / 2
        return finite.count % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2
    }
}
