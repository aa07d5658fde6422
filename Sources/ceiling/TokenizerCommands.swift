import ArgumentParser
import Foundation
import Tokenizer

/// `ceiling tokenize`: text to ids, or ids back to text, with a tokenizer.json or tiktoken file.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Encode text to token ids, or decode ids to text.",
        discussion: """
            Encoding prints one JSON array of ids per input: the whole --text, or each line of --input \
            (the newline itself is not encoded). With --decode, each input line is a JSON array of ids \
            and the decoded bytes are printed, one line each.
            """
    )

    @Option(name: .long, help: ArgumentHelp("A Hugging Face tokenizer.json or a tiktoken rank file (recognised by content).", valueName: "file"))
    var tokenizer: String

    @Option(name: .long, help: ArgumentHelp("Text to encode (or, with --decode, one JSON array of ids).", valueName: "text"))
    var text: String?

    @Option(name: .long, help: ArgumentHelp("A file whose lines are encoded (or decoded) one by one; - reads standard input.", valueName: "file"))
    var input: String?

    @Flag(name: .long, help: "Decode JSON arrays of ids instead of encoding text.")
    var decode = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A special token to recognise in the text, such as <|endoftext|> (repeatable); elsewhere special tokens are encoded as plain text.", valueName: "token"))
    var allowSpecial: [String] = []

    func validate() throws {
        guard (text == nil) != (input == nil) else { throw ValidationError("give exactly one of --text and --input") }
    }

    func run() throws {
        let model = try ByteLevelBPETokenizer.load(contentsOf: URL(fileURLWithPath: tokenizer))
        let lines: [[UInt8]]
        if let text {
            lines = [Array(text.utf8)]
        } else {
            lines = try TokenizerCLI.readLines(input ?? "-")
        }
        let out = FileHandle.standardOutput
        for (index, line) in lines.enumerated() {
            if decode {
                let ids = try TokenizerCLI.parseIDs(line, line: index + 1)
                out.write(Data(try model.decodeBytes(ids) + [0x0A]))
            } else {
                let ids = model.encode(bytes: line, allowedSpecial: Set(allowSpecial))
                out.write(Data(("[" + ids.map(String.init).joined(separator: ",") + "]\n").utf8))
            }
        }
    }
}

/// `ceiling tokenizer train`.
struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Build tokenizers.",
        subcommands: [TrainTokenizerCommand.self]
    )
}

struct TrainTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a byte-level BPE from a text corpus and write tokenizer.json.",
        discussion: """
            Deterministic: the same corpus and options give the same file. Each step merges the most \
            frequent adjacent pair; ties go to the pair whose left token's bytes, then right token's \
            bytes, come first in byte order. Training stops at --vocab-size tokens (the 256 byte tokens \
            and the special tokens included) or when no pair occurs twice.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The training corpus, UTF-8 text.", valueName: "file"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("Total vocabulary size: 256 byte tokens + merges + special tokens.", valueName: "n"))
    var vocabSize: Int

    @Option(name: .long, help: ArgumentHelp("Where to write tokenizer.json (written atomically).", valueName: "file"))
    var out: String

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A special token, given the last ids (repeatable; default <|endoftext|>).", valueName: "token"))
    var specialToken: [String] = []

    func run() throws {
        let url = URL(fileURLWithPath: input)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ValidationError("cannot read \(input)")
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw ValidationError("\(input) is not valid UTF-8")
        }
        let specials = specialToken.isEmpty ? ["<|endoftext|>"] : specialToken
        let tokenizer = try ByteLevelBPETokenizer.train(text: text, vocabSize: vocabSize, specialTokens: specials)
        try tokenizer.write(to: URL(fileURLWithPath: out))
        Log.ceiling.info("wrote \(out): \(tokenizer.vocabSize) tokens")
    }
}

enum TokenizerCLI {
    /// Lines of a file (or standard input for "-") as bytes, without their `\n` or `\r\n`.
    static func readLines(_ path: String) throws -> [[UInt8]] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            data = contents
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> [UInt8] in
            line.last == 0x0D ? Array(line.dropLast()) : Array(line)
        }
        if data.last == 0x0A || data.isEmpty { lines.removeLast() }  // no line after the final newline
        return lines
    }

    static func parseIDs(_ line: [UInt8], line number: Int) throws -> [Int] {
        guard let ids = try? JSONSerialization.jsonObject(with: Data(line)) as? [Int] else {
            throw ValidationError("line \(number): expected a JSON array of integer ids")
        }
        return ids
    }
}
