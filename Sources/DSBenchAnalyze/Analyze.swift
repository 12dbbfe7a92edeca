/// Pure analysis over stored records: statistics, baseline comparison, fleet outliers, health
/// rules, change points. Produces verdicts and findings; prints nothing.
public enum Analyze {}
