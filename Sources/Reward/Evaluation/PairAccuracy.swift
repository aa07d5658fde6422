/// Label accuracy: the share of pairs whose chosen response the reward ranks above the rejected one
/// (a tie counts one half), overall and by prompt family.
public struct PairAccuracy: Codable, Equatable, Sendable {
    public struct Group: Codable, Equatable, Sendable {
        public var pairs: Int
        public var accuracy: Double
    }

    public var pairs: Int
    public var accuracy: Double
    public var byFamily: [String: Group]

    enum CodingKeys: String, CodingKey {
        case pairs, accuracy
        case byFamily = "by_family"
    }

    /// Credit of one pair: 1 when the margin is positive, ½ for a tie, 0 otherwise.
    static func credit(_ margin: Double) -> Double { margin > 0 ? 1 : (margin == 0 ? 0.5 : 0) }

    public static func compute(margins: [Double], families: [String]) -> PairAccuracy {
        func group(_ indices: [Int]) -> Group {
            Group(pairs: indices.count, accuracy: indices.reduce(0) { $0 + credit(margins[$1]) } / Double(max(indices.count, 1)))
        }
        let overall = group(Array(margins.indices))
        let byFamily = Dictionary(grouping: margins.indices, by: { families[$0] }).mapValues(group)
        return PairAccuracy(pairs: overall.pairs, accuracy: overall.accuracy, byFamily: byFamily)
    }
}
