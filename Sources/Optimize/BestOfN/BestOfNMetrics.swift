import Foundation

/// One row of metrics.jsonl (labelled by `n`) or of summary.json's rejection table (labelled by
/// `quantile`) with named figures, written with sorted keys.
public struct BestOfNRow: Encodable, Equatable, Sendable {
    public var n: Int?
    public var quantile: Double?
    public var values: [String: Double]

    public subscript(name: String) -> Double? { values[name] }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if let n { try container.encode(n, forKey: Key(stringValue: "n")) }
        if let quantile { try container.encode(quantile, forKey: Key(stringValue: "quantile")) }
        for (name, value) in values { try container.encode(value, forKey: Key(stringValue: name)) }
    }
}

/// Per-prompt estimates of named quantities, reduced to a mean over prompts and its standard error.
struct PromptEstimates {
    /// estimates[name][j] for the prompts that have the quantity.
    private(set) var estimates: [String: [Double]] = [:]

    mutating func add(_ name: String, _ value: Double) { estimates[name, default: []].append(value) }

    /// Estimates E[g] under `probabilities` for every quantity of the pool.
    mutating func add(_ pool: BestOfNPromptPool, probabilities: [Double]) {
        for (name, values) in pool.quantities() { add(name, BestOfNEstimator.expectation(values, probabilities: probabilities)) }
    }

    /// `name` → mean over prompts, `name_se` → sample standard deviation / √prompts (from 2 prompts on).
    var figures: [String: Double] {
        var figures: [String: Double] = [:]
        for (name, values) in estimates where !values.isEmpty {
            figures[name] = Self.mean(values)
            if let se = Self.standardError(values) { figures[name + "_se"] = se }
        }
        return figures
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func standardError(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let m = mean(values)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}

/// The sweep over n and the rejection-sampling table, from the pools of every prompt.
public struct BestOfNAnalysis {
    /// One row per n: `n`, `kl`, `sqrt_kl`, `kl_empirical`, and every quantity with its `_se`.
    public let rows: [BestOfNRow]
    /// One row per quantile: `quantile`, `acceptance_rate`, `kl` = mean of log(N/accepted), the quantities.
    public let rejection: [BestOfNRow]
    /// Per-prompt gold estimates by n (for the paired peak test).
    let goldByN: [Int: [Double]]

    /// Each prompt's unbiased estimate of best-of-n gold at `n` (prompts in pool order); nil for an n
    /// outside the sweep or without gold.
    public func goldByPrompt(n: Int) -> [Double]? { goldByN[n] }

    public init(pools: [BestOfNPromptPool], rejectionQuantiles: [Double] = []) throws {
        guard let N = pools.first?.count, N >= 1 else { throw BestOfNError.noPrompts(source: "the pool") }
        guard pools.allSatisfy({ $0.count == N }) else {
            throw BestOfNError.poolMismatch(path: "pool", line: 0, reason: "prompts have pools of different sizes")
        }
        let objectives = pools.map { $0.proxy.map(Double.init) }
        let outcomes = pools.map(\.outcomeIDs)
        var rows: [BestOfNRow] = [], goldByN: [Int: [Double]] = [:]
        for n in BestOfNEstimator.sweep(poolSize: N) {
            var estimates = PromptEstimates()
            for (j, pool) in pools.enumerated() {
                let p = BestOfNEstimator.selectionProbabilities(objective: objectives[j], n: n)
                estimates.add(pool, probabilities: p)
                estimates.add("kl_empirical", BestOfNEstimator.empiricalKL(probabilities: p, outcomes: outcomes[j]))
            }
            var values = estimates.figures
            let kl = BestOfNEstimator.analyticKL(n: n)
            values["kl"] = kl
            values["sqrt_kl"] = kl.squareRoot()
            rows.append(BestOfNRow(n: n, values: values))
            goldByN[n] = estimates.estimates["gold_reward"]
        }
        self.rows = rows
        self.goldByN = goldByN
        rejection = rejectionQuantiles.map { q in
            var estimates = PromptEstimates()
            for (j, pool) in pools.enumerated() {
                let p = BestOfNEstimator.rejectionProbabilities(objective: objectives[j], quantile: q)
                let accepted = Double(p.filter { $0 > 0 }.count)
                estimates.add(pool, probabilities: p)
                estimates.add("acceptance_rate", accepted / Double(N))
                estimates.add("kl", log(Double(N) / accepted))
            }
            return BestOfNRow(quantile: q, values: estimates.figures)
        }
    }
}
