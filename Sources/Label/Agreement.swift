/// Inter-annotator agreement on nominal ratings. A *unit* is one thing rated (here: one pair of
/// responses of a task); its ratings are (rater, category) with at most one rating per rater.
/// Units with fewer than two ratings carry no agreement information and are left out.
/// Checked against numpy, statsmodels and the `krippendorff` package
/// (Tests/Fixtures/generate/label_agreement_reference.py).
public enum Agreement {
    public typealias Unit = [(rater: String, category: Int)]

    /// Mean over units of the share of rater pairs that agree (Fleiss's P̄ with n_i raters per unit).
    public static func percentAgreement(_ units: [Unit]) -> Double? {
        let rated = units.filter { $0.count >= 2 }
        guard !rated.isEmpty else { return nil }
        return rated.map(unitAgreement).reduce(0, +) / Double(rated.count)
    }

    /// Cohen's κ of two raters over the units both rated: (p_o − p_e) / (1 − p_e).
    /// nil when they share no unit or chance agreement is 1 (both always used one category).
    public static func cohenKappa(_ units: [Unit], _ a: String, _ b: String) -> (kappa: Double?, units: Int) {
        var pairs: [(Int, Int)] = []
        for unit in units {
            if let x = unit.first(where: { $0.rater == a })?.category, let y = unit.first(where: { $0.rater == b })?.category {
                pairs.append((x, y))
            }
        }
        guard !pairs.isEmpty else { return (nil, 0) }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.0 == $0.1 }.count) / n
        let categories = Set(pairs.flatMap { [$0.0, $0.1] })
        let expected = categories.reduce(0.0) { sum, c in
            sum + Double(pairs.filter { $0.0 == c }.count) / n * Double(pairs.filter { $0.1 == c }.count) / n
        }
        guard expected < 1 else { return (nil, pairs.count) }
        return ((observed - expected) / (1 - expected), pairs.count)
    }

    /// Fleiss' κ, generalized to a varying number of raters per unit:
    /// P_i = Σ_j n_ij(n_ij − 1) / (n_i(n_i − 1)), P̄ = mean P_i, p_j = Σ_i n_ij / Σ_i n_i,
    /// P_e = Σ_j p_j², κ = (P̄ − P_e) / (1 − P_e). Equals the classic κ when every unit has n raters.
    public static func fleissKappa(_ units: [Unit]) -> Double? {
        let rated = units.filter { $0.count >= 2 }
        guard !rated.isEmpty else { return nil }
        let observed = rated.map(unitAgreement).reduce(0, +) / Double(rated.count)
        var totals: [Int: Double] = [:]
        for unit in rated { for rating in unit { totals[rating.category, default: 0] += 1 } }
        let all = totals.values.reduce(0, +)
        let expected = totals.values.reduce(0.0) { $0 + ($1 / all) * ($1 / all) }
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    /// Krippendorff's α for nominal data: 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k, with the
    /// coincidence matrix o_ck = Σ_u (pairs of ratings c, k in u) / (m_u − 1).
    public static func krippendorffAlpha(_ units: [Unit]) -> Double? {
        let rated = units.filter { $0.count >= 2 }
        var disagreeing = 0.0
        var marginals: [Int: Double] = [:]
        for unit in rated {
            let m = Double(unit.count)
            var counts: [Int: Double] = [:]
            for rating in unit { counts[rating.category, default: 0] += 1 }
            for (c, nc) in counts {
                marginals[c, default: 0] += nc
                disagreeing += nc * (m - nc) / (m - 1)
            }
        }
        let n = marginals.values.reduce(0, +)
        let expectedPairs = n * n - marginals.values.reduce(0) { $0 + $1 * $1 }
        guard n > 1, expectedPairs > 0 else { return nil }
        return 1 - (n - 1) * disagreeing / expectedPairs
    }

    private static func unitAgreement(_ unit: Unit) -> Double {
        var counts: [Int: Int] = [:]
        for rating in unit { counts[rating.category, default: 0] += 1 }
        let n = Double(unit.count)
        return Double(counts.values.reduce(0) { $0 + $1 * ($1 - 1) }) / (n * (n - 1))
    }
}
