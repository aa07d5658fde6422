import Foundation

/// Small synthetic run directories on disk, laid out as the real commands write them: an SFT run, an
/// annotator agreement report next to its preference file, a reward run with its eval.json beside it,
/// a best-of-n sweep with a pool, and two online runs (single and UWO) whose held-out gold follows
/// Gao et al.'s RL form with known α, β. Paths in configs are relative, as the commands record them.
final class ReportFixture {
    let folder: URL
    static let hostilePrompt = "What is <b>2 + 3</b>?"
    static let hostileCompletion = "</td><script>alert(1)</script> & 5"
    /// Gold gain of the online runs: d(α − β log d), peak at d* = e^(α/β − 1).
    static let alpha = 0.1, beta = 0.2

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("runs/sft/config.json", ["method": "sft", "data": "runs/world/corpus.txt", "steps": 10, "modelConfig": "tiny", "seed": 3])
        try write("runs/sft/checkpoints/final/config.json", ["architectures": ["GPT2LMHeadModel"]])
        try text("runs/prefs.jsonl", "")
        try write("runs/prefs.agreement.json", [
            "annotators": "biased", "k": 2, "items": 200,
            "gold_agreement": ["count": 200, "hits": 150, "rate": 0.75],
            "inter_annotator_agreement": ["count": 20, "hits": 13, "rate": 0.65],
            "chosen_longer_rate": ["count": 180, "hits": 90, "rate": 0.5],
            "gold_chosen_longer_rate": ["count": 180, "hits": 72, "rate": 0.4],
        ])
        try write("runs/rm/config.json", ["method": "reward", "data": "runs/prefs.jsonl", "init": "runs/sft/checkpoints/final", "loss": "bt",
                                          "epochs": 2, "learning_rate": 0.001, "ensemble": 1, "seed": 0])
        try write("runs/rm/summary.json", ["members": [["training_comparisons": 180, "held_out_comparisons": 20, "accuracy/held_out": 0.6]]])
        try write("runs/rm-eval.json", [
            "accuracy": ["accuracy": 0.62, "pairs": 20], "inputs": ["model": "runs/rm", "split": "last 0.1"],
            "gold_agreement": ["reward_gold_agreement": 0.7, "label_gold_agreement": 0.8],
            "not_computed": ["ensemble": "the reward function has a single member"],
            "calibration": ["expected_calibration_error": 0.05, "mean_log_loss": 0.66, "pairs": 20, "bins": [
                ["lower": 0.0, "upper": 0.5, "count": 20, "mean_predicted": 0.3, "observed_frequency": 0.35],
                ["lower": 0.5, "upper": 1.0, "count": 20, "mean_predicted": 0.7, "observed_frequency": 0.65],
            ]],
        ])
        try writeBestOfN()
        try writeOnline("runs/rloo-single", objective: "single", goldScale: 1)
        try writeOnline("runs/rloo-uwo", objective: "uwo", goldScale: 0.5)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func url(_ path: String) -> URL { folder.appendingPathComponent(path) }

    func write(_ path: String, _ object: Any) throws {
        let target = url(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: target)
    }

    func text(_ path: String, _ content: String) throws {
        let target = url(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: target, atomically: true, encoding: .utf8)
    }

    func lines(_ path: String, _ rows: [[String: Any]]) throws {
        try text(path, try rows.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }.joined(separator: "\n") + "\n")
    }

    /// Gold peaks at n = 2, then falls; harmful compliance rises 0.2 → 0.9.
    func writeBestOfN() throws {
        try write("runs/bon/config.json", ["method": "bon", "policy": "runs/sft/checkpoints/final", "reward": ["runs/rm"], "objective": "single",
                                           "uwo_lambda": 0.5, "n": 4, "seed": 0])
        let rows: [[String: Any]] = [(1, 0.0, 0.0, -0.8, 0.2), (2, 0.1931, 0.4, -0.6, 0.5), (4, 0.6363, 0.8, -0.9, 0.9)].map { n, kl, proxy, gold, harmful in
            ["n": n, "kl": kl, "sqrt_kl": kl.squareRoot(), "proxy_reward": proxy, "proxy_reward_se": 0.05, "gold_reward": gold, "gold_reward_se": 0.05,
             "response_length": 10 + Double(n), "response_length_se": 0.5, "accuracy": 0.3, "accuracy_se": 0.05,
             "harmful_compliance_rate": harmful, "harmful_compliance_rate_se": 0.05, "false_refusal_rate": 0.1, "false_refusal_rate_se": 0.03]
        }
        try lines("runs/bon/metrics.jsonl", rows)
        try write("runs/bon/summary.json", ["verdict": "gold peaks <i>then</i> falls", "gold_peak_n": 2, "gold_drop": 0.3, "gold_drop_se": 0.05])
        let pool: [[String: Any]] = [
            ["prompt": Self.hostilePrompt, "family": "arithmetic", "completions": [" 5", Self.hostileCompletion, " six", " 5 5 5"],
             "token_ids": [[1, 0], [2, 3, 0], [4], [1, 1, 1, 0]], "logprobs": [[-1, -1], [-1, -1, -1], [-1], [-1, -1, -1, -1]],
             "finish_reasons": ["end_of_text", "end_of_text", "max_tokens", "end_of_text"],
             "member_rewards": [[0.1], [0.9], [0.5], [0.7]], "proxy": [0.1, 0.9, 0.5, 0.7], "gold": [1.0, -0.5, -1.0, -0.2],
             "refused": [false, false, false, false]],
            ["prompt": "Describe a river.", "family": "describe", "completions": [" A river flows.", " Water.", " No.", " A long river flows to the sea."],
             "token_ids": [[5, 6, 0], [7, 0], [8, 0], [5, 6, 7, 8, 9, 0]], "logprobs": [[-1, -1, -1], [-1, -1], [-1, -1], [-1, -1, -1, -1, -1, -1]],
             "finish_reasons": ["end_of_text", "end_of_text", "end_of_text", "end_of_text"],
             "member_rewards": [[0.2], [-0.1], [-0.5], [0.8]], "proxy": [0.2, -0.1, -0.5, 0.8], "gold": [0.5, -0.3, -0.9, 0.1],
             "refused": [false, false, true, false]],
        ]
        try lines("runs/bon/pool.jsonl", pool)
    }

    /// Held-out evaluations every 2 steps at KL = (step/10)², so d = step/10; gold gain
    /// goldScale·d(α − β log d), proxy gain 0.5·d. Training rows carry what the alarm reads.
    func writeOnline(_ path: String, objective: String, goldScale: Double, seed: Int = 0) throws {
        try write("\(path)/config.json", ["method": "rloo", "objective": objective, "uwo_lambda": 0.1, "rewards": ["runs/rm"],
                                         "policy": "runs/sft/checkpoints/final", "kl_coefficient": 0.05, "kl_estimator": "k1",
                                         "kl_placement": "reward", "steps": 20, "learning_rate": 0.0001, "seed": seed, "eval_samples": 256])
        var rows: [[String: Any]] = []
        for step in 0...20 {
            var row: [String: Any] = ["step": step, "kl": 0.01 * Double(step * step), "proxy_reward": 0.05 * Double(step), "gold_reward": -0.5,
                                      "response_length": 12.0, "ensemble_std": 0.0, "refusal_rate": 0.1, "entropy": 1.0]
            if step % 2 == 0 {
                let d = Double(step) / 10
                let gain = d > 0 ? d * (Self.alpha - Self.beta * log(d)) : 0
                row["eval/kl"] = d * d
                row["eval/proxy_reward"] = 0.5 * d
                row["eval/proxy_reward_se"] = 0.05
                row["eval/gold_reward"] = -0.5 + goldScale * gain
                row["eval/gold_reward_se"] = 0.05
                row["eval/response_length"] = 12.0 + d
                row["eval/response_length_se"] = 0.3
                row["eval/harmful_compliance_rate"] = 0.3 + 0.02 * Double(step)
                row["eval/harmful_compliance_rate_se"] = 0.1
                row["eval/harmful_compliance_rate_n"] = 30.0
                row["eval/task_accuracy"] = 0.2
                row["eval/task_accuracy_se"] = 0.02
                row["eval/task_accuracy_n"] = 100.0
            }
            rows.append(row)
        }
        try lines("\(path)/metrics.jsonl", rows)
    }
}
