import ArgumentParser

// Owned by the Tokenizer work (issue 4): `ceiling tokenize` and `ceiling tokenizer train`.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "Encode or decode text (not yet implemented).")
    func run() throws { throw ValidationError("ceiling tokenize is not implemented yet") }
}

struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenizer", abstract: "Train a byte-level BPE (not yet implemented).")
    func run() throws { throw ValidationError("ceiling tokenizer is not implemented yet") }
}
