import Foundation
import Model

/// A method's whole configuration (config.json): the shared online settings plus the method's own
/// keys at the same level, `"method"` included. `makeMethod` is the loop's factory: it receives the
/// policy the loop samples from and updates.
public protocol OnlineMethodConfig: Codable {
    /// "rloo", "grpo", "ppo", … (config.json's `"method"`).
    var method: String { get }
    var online: OnlineSettings { get set }
    /// Throws a typed error naming the first of the method's own settings out of range.
    func validate() throws
    /// The method, updating `policy` in place (the loop owns sampling, scoring and checkpoints).
    func makeMethod(policy: GPT) throws -> any OnlineMethod
}
