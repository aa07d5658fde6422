import Foundation
import Mismatch
import Optimize

/// The members' error correlation on a best-of-n run's pool (the reference policy's samples, each
/// with every member's normalized reward and gold).
public enum PoolErrorCorrelation {
    /// Nil when the run has no pool, no gold or fewer than two members.
    public static func measure(run: URL) throws -> MemberErrorCorrelation? {
        let url = run.appendingPathComponent(BestOfNRun.poolName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let pools: [BestOfNPromptPool]
        do { pools = try BestOfNPoolFile.read(url).pools } catch { throw ReportError.sampling(run: run.path, reason: "\(error)") }
        var rewards: [[Double]] = [], gold: [Double] = [], prompts: [Int] = []
        for (index, pool) in pools.enumerated() {
            guard let poolGold = pool.gold else { return nil }
            gold += poolGold
            rewards += pool.memberRewards.map { $0.map(Double.init) }
            prompts += Array(repeating: index, count: poolGold.count)
        }
        return MemberErrorCorrelation(memberRewards: rewards, gold: gold, prompts: prompts)
    }
}
