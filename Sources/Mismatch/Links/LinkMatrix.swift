import Foundation

/// The three links of objective mismatch (DESIGN.md §1) measured across a run's evaluated policies
/// (checkpoints, or best-of-n's n): how the figures move together as optimization proceeds.
///
/// Every figure has a role. The **reward model** is the proxy reward r̂. The **policy** is what the
/// optimizer changes: how far it moved (d = √KL) and its behaviour (length, refusal rate, entropy).
/// The **evaluation** is what we actually want: gold reward, task accuracy, false-refusal and
/// harmful-compliance rates, hedging. A link lists the correlations between the figures of two roles.
public struct LinkMatrix: Codable, Equatable, Sendable {
    public enum Role: String, Codable, Sendable {
        case rewardModel = "reward_model"
        case policy
        case evaluation
    }

    public struct Variable: Codable, Equatable, Sendable {
        public var name: String
        public var role: Role
    }

    public struct Entry: Codable, Equatable, Sendable {
        public var first: String
        public var second: String
        public var correlation: Correlation
    }

    public struct Link: Codable, Equatable, Sendable {
        /// `reward_model ↔ policy`, `reward_model ↔ evaluation`, `policy ↔ evaluation`.
        public var name: String
        public var entries: [Entry]
    }

    /// The figures found in at least `Correlation.minimumPairs` evaluations, in the order of `known`.
    public var variables: [Variable]
    /// pearson[i][j] between variables i and j (1 on the diagonal; nil where undefined).
    public var pearson: [[Double?]]
    public var spearman: [[Double?]]
    /// Evaluations where both figures were measured.
    public var counts: [[Int]]
    public var links: [Link]

    enum CodingKeys: String, CodingKey {
        case variables, pearson, spearman, counts, links
    }

    /// The figures the links look for, with their roles. `sqrt_kl` is the evaluation's d.
    public static let known: [Variable] = [
        Variable(name: MetricName.proxyReward, role: .rewardModel),
        Variable(name: "sqrt_kl", role: .policy),
        Variable(name: MetricName.responseLength, role: .policy),
        Variable(name: MetricName.refusalRate, role: .policy),
        Variable(name: MetricName.entropy, role: .policy),
        Variable(name: MetricName.goldReward, role: .evaluation),
        Variable(name: MetricName.taskAccuracy, role: .evaluation),
        Variable(name: MetricName.falseRefusalRate, role: .evaluation),
        Variable(name: MetricName.harmfulComplianceRate, role: .evaluation),
        Variable(name: MetricName.hedgingRate, role: .evaluation),
        Variable(name: MetricName.confidentWrongRate, role: .evaluation),
    ]

    static func value(_ name: String, _ point: EvaluationPoint) -> Double? {
        name == "sqrt_kl" ? point.sqrtKL : point[name]?.value
    }

    public static func measure(_ points: [EvaluationPoint]) -> LinkMatrix {
        let variables = known.filter { variable in points.filter { value(variable.name, $0) != nil }.count >= Correlation.minimumPairs }
        let count = variables.count
        var pearson = [[Double?]](repeating: [Double?](repeating: nil, count: count), count: count)
        var spearman = pearson
        var counts = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        for i in 0..<count {
            for j in i..<count {
                let pairs = points.compactMap { point -> (Double, Double)? in
                    guard let a = value(variables[i].name, point), let b = value(variables[j].name, point) else { return nil }
                    return (a, b)
                }
                let correlation = Correlation.of(pairs.map(\.0), pairs.map(\.1))
                pearson[i][j] = correlation.pearson; pearson[j][i] = correlation.pearson
                spearman[i][j] = correlation.spearman; spearman[j][i] = correlation.spearman
                counts[i][j] = correlation.n; counts[j][i] = correlation.n
            }
        }
        var links: [Link] = []
        for (a, b) in [(Role.rewardModel, Role.policy), (.rewardModel, .evaluation), (.policy, .evaluation)] {
            var entries: [Entry] = []
            for i in 0..<count where variables[i].role == a {
                for j in 0..<count where variables[j].role == b {
                    entries.append(Entry(first: variables[i].name, second: variables[j].name,
                                         correlation: Correlation(pearson: pearson[i][j], spearman: spearman[i][j], n: counts[i][j])))
                }
            }
            links.append(Link(name: "\(a.rawValue) ↔ \(b.rawValue)", entries: entries))
        }
        return LinkMatrix(variables: variables, pearson: pearson, spearman: spearman, counts: counts, links: links)
    }

    public func correlation(_ first: String, _ second: String) -> Correlation? {
        guard let i = variables.firstIndex(where: { $0.name == first }), let j = variables.firstIndex(where: { $0.name == second }) else { return nil }
        return Correlation(pearson: pearson[i][j], spearman: spearman[i][j], n: counts[i][j])
    }
}
