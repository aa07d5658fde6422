// Replaced by the tokenizer work: encode MB/s next to tiktoken.
func runTokenizerBenchmark() throws { print("\n## tokenizer: not measured yet") }
