import ArgumentParser

// Owned by the generation work (issue 6, item 4): `ceiling generate`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Sample completions with a KV cache (not yet implemented).")
    func run() throws { throw ValidationError("ceiling generate is not implemented yet") }
}
