import Foundation
import Tensor
import Tokenizer

/// Tokenizer throughput: GPT-2 encode MB/s on ~4 MB of prose, next to tiktoken (one thread) on the
/// same text in the same run, when python3 and tiktoken are available.
func runTokenizerBenchmark() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let ranks = root.appendingPathComponent("Tests/Fixtures/tokenizer/gpt2.tiktoken")
    let text = BenchmarkProse.generate(bytes: 4_000_000, seed: 2024)
    let megabytes = Double(text.utf8.count) / 1e6

    let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: ranks)
    var start = DispatchTime.now()
    let ids = tokenizer.encode(text)
    let coldSeconds = seconds(since: start)
    var warmSeconds = Double.infinity
    for _ in 0..<3 {
        start = DispatchTime.now()
        _ = tokenizer.encode(text)
        warmSeconds = min(warmSeconds, seconds(since: start))
    }
    let ceiling = megabytes / coldSeconds
    print(String(format: "\n## tokenizer: GPT-2 encode of %.1f MB synthetic prose, %d tokens", megabytes, ids.count))
    print(String(format: "  ceiling   %7.1f MB/s (empty word cache)   %7.1f MB/s (warm cache)", ceiling, megabytes / warmSeconds))

    let textFile = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-bench-prose-\(ProcessInfo.processInfo.processIdentifier).txt")
    try Data(text.utf8).write(to: textFile)
    defer { try? FileManager.default.removeItem(at: textFile) }
    guard let reference = runTiktoken(text: textFile, ranks: ranks) else {
        print("  tiktoken  unavailable (python3 with the tiktoken package not found); Ceiling's figure only")
        return
    }
    let checksum = ids.reduce(UInt64(0)) { $0 &* 1_000_003 &+ UInt64($1) }
    measuredFigures["tokenizer.vs_tiktoken"] = ceiling / reference.megabytesPerSecond
    let same = reference.tokens == ids.count && reference.checksum == checksum
    print(String(format: "  tiktoken  %7.1f MB/s (one thread)   ratio ceiling/tiktoken %.2f   ids %@",
                 reference.megabytesPerSecond, ceiling / reference.megabytesPerSecond, same ? "identical" : "DIFFER"))
}

private func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

private struct TiktokenFigure {
    var megabytesPerSecond: Double
    var tokens: Int
    var checksum: UInt64
}

private func runTiktoken(text: URL, ranks: URL) -> TiktokenFigure? {
    guard let object = runReferenceScript("tiktoken_encode.py", ["--text", text.path, "--ranks", ranks.path]),
          let rate = object["mb_per_s"] as? Double, let tokens = object["tokens"] as? Int,
          let checksum = (object["checksum"] as? NSNumber)?.uint64Value else { return nil }
    return TiktokenFigure(megabytesPerSecond: rate, tokens: tokens, checksum: checksum)
}

/// Seeded synthetic English-like prose: Zipf-distributed common words, 10% rare invented words,
/// numbers, punctuation, capitalised sentences and paragraphs. Real prose repeats its words the
/// same way, which is what decides how often a word cache hits.
enum BenchmarkProse {
    static let common = """
        the of and to a in is that it was for on are as with his they at be this from I have or by one had \
        not but what all were when we there can an your which their said if do will each about how up out \
        them then she many some so these would other into has more her two like him see time could no make \
        than first been its who now people my made over did down only way find use may water long little \
        very after words called just where most know get through back much before go good new write our used \
        me man too any day same right look think also around another came come work three word must because \
        does part even place well such here take why things help put years different away again off went old \
        number great tell men say small every found still between name should home big give air line set own \
        under read last never us left end along while might next sound below saw something thought both few \
        those always looked show large often together asked house world going want school important until \
        form food keep children feet land side without boy once animals life enough took sometimes four head \
        above kind began almost live page got earth need far hand high year mother light parts country father
        """.split(separator: " ").map(String.init)

    static func generate(bytes target: Int, seed: UInt64) -> String {
        var random = Xoshiro256StarStar(seed: seed)
        let syllables = ["ka", "lo", "mi", "ter", "an", "vos", "ri", "del", "qu", "ish", "ent", "or", "bra", "zen", "ul", "pha"]
        // Zipf weights 1/rank over the common words.
        let cumulative = common.indices.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + 1 / Double($1 + 1)) }
        var out = ""
        out.reserveCapacity(target + 200)
        var sentenceStart = true
        while out.utf8.count < target {
            var word: String
            let roll = random.nextUniformDouble()
            if roll < 0.10 {
                word = (0..<(2 + random.below(3))).map { _ in syllables[random.below(syllables.count)] }.joined()
            } else if roll < 0.12 {
                word = String(random.below(100_000))
            } else {
                let pick = random.nextUniformDouble() * cumulative[cumulative.count - 1]
                word = common[cumulative.firstIndex { $0 >= pick } ?? 0]
            }
            if sentenceStart { word = word.prefix(1).uppercased() + word.dropFirst() }
            out += word
            sentenceStart = false
            let punctuation = random.nextUniformDouble()
            if punctuation < 0.07 {
                out += [".", ".", ".", "?", "!"][random.below(5)]
                sentenceStart = true
                out += random.nextUniformDouble() < 0.1 ? "\n\n" : " "
            } else if punctuation < 0.12 {
                out += [",", ",", ";", ":"][random.below(4)] + " "
            } else {
                out += " "
            }
        }
        return out
    }
}

private extension Xoshiro256StarStar {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
