// Replaced by the generation work: batched sampling tokens/s next to Hugging Face generate.
func runGenerationBenchmark(_ options: BenchOptions) { print("\n## generation: not measured yet") }
