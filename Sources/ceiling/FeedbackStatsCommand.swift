import ArgumentParser
import Feedback
import Foundation

/// `ceiling feedback stats FILE.jsonl`: validation report and label statistics of preference data.
struct FeedbackStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Validate preference JSONL and print label statistics.",
        discussion: """
        Reads FILE in one streaming pass. Every line must be a record in one of the formats \
        standard {"prompt","chosen","rejected"}, implicit {"chosen","rejected"}, conversational \
        (lists of {"role","content"} messages), unpaired {"prompt","completion","label"} or \
        ranking {"prompt","completions","ranking"}, optionally with "annotator", "family" and \
        "scores". Prints the validation report (records per format, duplicates, empty fields, \
        chosen == rejected, contradicting pairs, over-long records, each with line numbers) and \
        label statistics overall, by family and by annotator (mean length of chosen vs rejected \
        in characters and words, share of pairs where chosen is longer).

        Exit status: 0 when the file was read, whatever issues the report lists; 1 when the file \
        cannot be read, a line is malformed (the message names the file and line) or the file \
        holds no records. See docs/preference-data.md.
        """
    )

    @Argument(help: "The preference file (JSON Lines, one record per line).")
    var file: String

    @Flag(name: .long, help: "Print one JSON object {\"validation\": …, \"statistics\": …} instead of text.")
    var json = false

    @Option(name: .long, help: "Report records whose texts together exceed this many characters (Unicode code points).")
    var maxCharacters: Int = PreferenceValidator.defaultMaxCharacters

    func validate() throws {
        guard maxCharacters > 0 else { throw ValidationError("--max-characters must be positive") }
    }

    func run() throws {
        let summary: PreferenceFileSummary
        do {
            summary = try summarizePreferences(url: URL(fileURLWithPath: file), maxCharacters: maxCharacters)
        } catch let error as PreferenceDataError {
            // A data error, not a usage error: print it without the usage text.
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.validation.description)
            print()
            print(summary.statistics.description)
        }
    }
}
