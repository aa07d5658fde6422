/// Every setting that shapes a generated world; recorded in `world.json`.
public struct WorldSettings: Codable, Equatable, Sendable {
    public var seed: UInt64
    /// People and towns of the knowledge base.
    public var people = 60
    public var towns = 24
    /// Distinct wordings of each arithmetic and knowledge question.
    public var phrasingsPerQuestion = 2
    /// Shares of train and eval prompts per family; the rest is test.
    public var trainFraction = 0.7
    public var evalFraction = 0.15
    public var familyMix = PerFamily.defaultMix
    public var styleMix = StyleMix()
    /// Documents in corpus.txt; the default gives about 470k tokens of the world's BPE.
    public var corpusDocuments = 14_000
    /// Vocabulary of the world's tokenizer (bytes, merges and `<|endoftext|>`).
    public var vocabularySize = 1024
    public var gold = GoldWeights()

    public init(seed: UInt64) { self.seed = seed }

    enum CodingKeys: String, CodingKey {
        case seed, people, towns, gold
        case phrasingsPerQuestion = "phrasings_per_question"
        case trainFraction = "train_fraction"
        case evalFraction = "eval_fraction"
        case familyMix = "family_mix"
        case styleMix = "style_mix"
        case corpusDocuments = "corpus_documents"
        case vocabularySize = "vocabulary_size"
    }
}
