// ceiling-bench: throughput figures, side by side with reference implementations.
print("ceiling-bench")
