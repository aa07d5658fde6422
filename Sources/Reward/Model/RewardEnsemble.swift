import Foundation
import Tensor

/// ensemble.json: the member model directories (relative to the manifest's folder).
public struct EnsembleManifest: Codable, Equatable, Sendable {
    public static let fileName = "ensemble.json"
    public var members: [String]
    public var seeds: [UInt64]
    public var bootstrap: Bool

    public init(members: [String], seeds: [UInt64], bootstrap: Bool) {
        self.members = members
        self.seeds = seeds
        self.bootstrap = bootstrap
    }
}

/// K reward models scored side by side; each member's rewards are normalized with its own
/// statistics before they are combined (mean, std, min — DESIGN.md §2–3).
public struct RewardEnsemble: RewardFunction {
    public let members: [RewardModel]

    public init(members: [RewardModel]) { self.members = members }

    public var memberCount: Int { members.count }

    public func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        let columns = try members.map { try $0.memberRewards(prompts: prompts, completions: completions).map { $0[0] } }
        return prompts.indices.map { i in columns.map { $0[i] } }
    }

    public static func load(manifestFolder folder: URL) throws -> RewardEnsemble {
        let url = folder.appendingPathComponent(EnsembleManifest.fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw RewardError.notARewardModel(path: folder.path) }
        let manifest: EnsembleManifest
        do { manifest = try JSONDecoder().decode(EnsembleManifest.self, from: data) } catch {
            throw RewardError.badFile(path: url.path, reason: "not an ensemble manifest (\(error))")
        }
        guard !manifest.members.isEmpty else { throw RewardError.badFile(path: url.path, reason: "lists no members") }
        return RewardEnsemble(members: try manifest.members.map { try RewardModel.load(from: folder.appendingPathComponent($0)) })
    }
}

/// Mean and population standard deviation over members of each item (what `reward score` prints).
public struct EnsembleScore: Equatable, Sendable {
    public var members: [Float]
    public var mean: Float
    public var std: Float

    public init(members: [Float]) {
        self.members = members
        let n = Float(max(members.count, 1))
        let mean = members.reduce(0, +) / n
        self.mean = mean
        std = (members.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
    }
}

/// Opens whatever `--model` names: a reward model directory, an ensemble (ensemble.json), or a
/// reward run directory (its checkpoints/final, or its ensemble.json).
public enum RewardModels {
    public static func load(_ url: URL) throws -> any RewardFunction {
        let files = FileManager.default
        if files.fileExists(atPath: url.appendingPathComponent(EnsembleManifest.fileName).path) {
            return try RewardEnsemble.load(manifestFolder: url)
        }
        if files.fileExists(atPath: url.appendingPathComponent(RewardModelSettings.fileName).path) {
            return try RewardModel.load(from: url)
        }
        let final = url.appendingPathComponent("checkpoints/final")
        if files.fileExists(atPath: final.appendingPathComponent(RewardModelSettings.fileName).path) {
            return try RewardModel.load(from: final)
        }
        throw RewardError.notARewardModel(path: url.path)
    }

    /// The member models behind `load` (one for a single reward model).
    public static func members(_ url: URL) throws -> [RewardModel] {
        let function = try load(url)
        if let ensemble = function as? RewardEnsemble { return ensemble.members }
        if let model = function as? RewardModel { return [model] }
        throw RewardError.notARewardModel(path: url.path)
    }
}
