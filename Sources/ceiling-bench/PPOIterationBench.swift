import Foundation

/// Median of a non-empty list.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// `--only ppo`: one PPO iteration of `ceiling demo` (see `PPOWorkload`), timed after one warm-up
/// iteration, next to TRL's PPOTrainer on the same shapes (Benchmarks/trl_ppo_iteration.py), which is
/// given the same prompt lengths in the same order. Both sides report the median iteration.
func runPPOIterationBenchmark(_ options: BenchOptions) {
    print("\n## PPO iteration: ceiling demo's shapes (world GPT 4×128, V 1024, context 64; 16 prompts × 1 sample, 32 new tokens)")
    do {
        let setupStart = Date()
        let workload = try PPOWorkload()
        let ppo = workload.settings.ppo
        let timed = options.quick ? 3 : 5
        let lengths = workload.promptLengths(iterations: 1 + timed)
        print("V \(workload.policy.config.vocabularySize), \(ppo.epochs) epochs × \(ppo.minibatches) minibatch, lr \(workload.online.learningRate), β \(workload.online.klCoefficient), " +
              "value init \(ppo.valueInitialization.rawValue); random-init weights; prompt tokens \(lengths.min() ?? 0)–\(lengths.max() ?? 0) " +
              "(mean \(format(Double(lengths.reduce(0, +)) / Double(max(lengths.count, 1))))); setup \(format(Date().timeIntervalSince(setupStart))) s")

        _ = try workload.iterate()  // warm-up: the first pass of each batch shape allocates
        var rollouts: [Double] = [], updates: [Double] = [], totals: [Double] = [], updateRates: [Double] = []
        for _ in 0..<timed {
            let (rollout, update, flops) = try workload.iterate()
            rollouts.append(rollout)
            updates.append(update)
            totals.append(rollout + update)
            updateRates.append(flops / update / 1e9)
        }
        let seconds = median(totals), samples = Double(workload.samplesPerIteration)
        _ = try workload.phaseSeconds()  // its batch shapes may be new: the second pass is the warm one
        let phases = try workload.phaseSeconds()
        print("  ceiling   \(format(1 / seconds, 2)) iterations/s   \(format(samples / seconds, 1)) samples/s   " +
              "\(format(seconds, 3)) s/iteration (median of \(timed); best \(format(totals.min() ?? 0, 3)))")
        print("            rollout \(format(median(rollouts), 3)) s (sampling \(format(phases.sampling, 3)), policy + reference log-probs " +
              "\(format(phases.logProbs, 3)), reward model \(format(phases.reward, 3))), update \(format(median(updates), 3)) s " +
              "(value forward \(format(phases.values, 3)), advantages + \(ppo.epochs) epochs \(format(median(updates) - phases.values, 3)))")
        let config = workload.policy.config
        let sgemmRate = sgemmThroughput(trainStepMatmulShapes(layers: config.layerCount, width: config.embeddingWidth, vocabulary: config.vocabularySize,
                                                              tokens: workload.samplesPerIteration * config.contextLength), repeats: 3)
        print("            update \(format(median(updateRates))) GFLOP/s (policy and value passes); sgemm alone at a train step's shapes " +
              "(B \(workload.samplesPerIteration), T \(config.contextLength)) \(format(sgemmRate)) GFLOP/s")
        guard options.runReference else { return }
        let arguments = ["--vocab", "\(PPOWorkload.vocabularySize)", "--context", "\(workload.policy.config.contextLength)",
                         "--layers", "\(workload.policy.config.layerCount)", "--heads", "\(workload.policy.config.headCount)",
                         "--width", "\(workload.policy.config.embeddingWidth)", "--prompts", "\(workload.samplesPerIteration)",
                         "--new-tokens", "\(workload.newTokens)", "--epochs", "\(ppo.epochs)", "--minibatches", "\(ppo.minibatches)",
                         "--learning-rate", "\(workload.online.learningRate)", "--kl-coef", "\(workload.online.klCoefficient)",
                         "--clip-range", "\(ppo.clipRange)", "--value-clip-range", "\(ppo.valueClipRange)",
                         "--vf-coef", "\(ppo.valueLossCoefficient)", "--gamma", "\(ppo.gamma)", "--lam", "\(ppo.gaeLambda)",
                         "--temperature", "\(workload.online.temperature)", "--iterations", "\(timed)",
                         "--threads", "\(ProcessInfo.processInfo.activeProcessorCount)",
                         "--prompt-lengths", lengths.map(String.init).joined(separator: ",")]
        guard let trl = runReferenceScript("trl_ppo_iteration.py", arguments), let trlSeconds = trl["seconds"] as? Double else {
            print("  trl       not measured (python3 with torch, transformers and trl 1.12 (trl.experimental.ppo) is needed)")
            return
        }
        measuredFigures["ppo.vs_trl"] = trlSeconds / seconds
        func phase(_ name: String) -> Double { trl[name] as? Double ?? .nan }
        print("  trl       \(format(1 / trlSeconds, 2)) iterations/s   \(format(samples / trlSeconds, 1)) samples/s   \(format(trlSeconds, 3)) s/iteration " +
              "(median of \(timed); trl \(trl["trl"] ?? "?"), torch \(trl["torch"] ?? "?"), \(trl["threads"] ?? "?") threads) → ceiling/trl \(format(trlSeconds / seconds, 2))")
        print("            generate \(format(phase("generate_seconds"), 3)), reference forward \(format(phase("reference_seconds"), 3)), " +
              "value + reward forwards \(format(phase("value_reward_seconds"), 3)), \(ppo.epochs) epochs' forward + backward + AdamW " +
              "\(format(phase("epochs_seconds"), 3)), gc.collect \(format(phase("gc_seconds"), 3)), rest (rewards, GAE, losses, logging) " +
              "\(format(phase("rest_seconds"), 3))")
        // TRL's loop calls gc.collect() twice per iteration (a full collection of a heap holding torch and
        // transformers); the ratio without it is the one an edited TRL loop would see.
        let withoutCollection = phase("seconds_without_gc")
        measuredFigures["ppo.vs_trl_without_gc"] = withoutCollection / seconds
        print("            without TRL's gc.collect: \(format(withoutCollection, 3)) s/iteration (median) → ceiling/trl \(format(withoutCollection / seconds, 2))")
    } catch {
        print("PPO iteration benchmark failed: \(error)")
    }
}
