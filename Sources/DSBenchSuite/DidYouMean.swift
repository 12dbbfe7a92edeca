/// "Did you mean …?" suggestions by Levenshtein distance.
public enum DidYouMean {
    /// The closest candidate, if close enough to be a plausible typo (case is ignored).
    /// Ties go to the earlier candidate so suggestions are stable.
    public static func suggest(_ word: String, from candidates: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = levenshtein(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(2, min(lowered.count, best.candidate.count) / 3)
        return best.distance <= allowed && best.distance < lowered.count ? best.candidate : nil
    }

    /// Edit distance (insertions, deletions, substitutions) over Unicode characters.
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `; did you mean 'sizes'?` style hint text, or nil.
    static func hint(_ word: String, from candidates: [String]) -> String? {
        suggest(word, from: candidates).map { "did you mean '\($0)'?" }
    }
}
