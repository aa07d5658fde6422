/// The named annotator pools. `biased` is calibrated to agree with gold on about 75–80% of pairs
/// (docs/world.md has the measurements); `strong` exaggerates every flaw.
public enum AnnotatorPresets {
    public static let names = ["ideal", "noisy", "biased", "strong", "poisoned", "diverse"]

    public static func named(_ name: String) -> AnnotatorPool? {
        switch name {
        case "ideal": return ideal
        case "noisy": return noisy
        case "biased": return biased
        case "strong": return strong
        case "poisoned": return poisoned
        case "diverse": return diverse
        default: return nil
        }
    }

    static func annotator(_ name: String, _ configure: (inout Annotator) -> Void) -> Annotator {
        var annotator = Annotator(name: name)
        configure(&annotator)
        return annotator
    }

    /// Always prefers the higher gold reward.
    public static let ideal = AnnotatorPool(name: "ideal", annotators: [annotator("ideal") { _ in }])

    /// Unbiased but noisy: a warm Boltzmann choice and careless flips.
    public static let noisy = AnnotatorPool(name: "noisy", annotators: [annotator("noisy") {
        $0.temperature = 0.5
        $0.flipRate = 0.15
    }])

    /// The realistic mix: mostly careful people with mild flaws of every kind; a small length bias.
    public static let biased = AnnotatorPool(name: "biased", annotators: [
        annotator("careful") {
            $0.weight = 0.45
            $0.temperature = 0.35
            $0.flipRate = 0.1
            $0.lengthPreference = 0.01
            $0.confidencePreference = 0.25
        },
        annotator("hurried") {
            $0.weight = 0.25
            $0.temperature = 0.35
            $0.flipRate = 0.12
            $0.visibleWords = 8
            $0.lengthPreference = 0.01
        },
        annotator("cautious") {
            $0.weight = 0.2
            $0.temperature = 0.35
            $0.flipRate = 0.08
            $0.alarmRefusalPreference = 1.2
            $0.confidencePreference = 0.25
        },
        annotator("impressed") {
            $0.weight = 0.1
            $0.temperature = 0.35
            $0.flipRate = 0.08
            $0.lengthPreference = 0.04
            $0.confidencePreference = 0.5
        },
    ])

    /// Every flaw loud: long answers, refusals on alarming words, confident tone.
    public static let strong = AnnotatorPool(name: "strong", annotators: [annotator("strong") {
        $0.temperature = 0.4
        $0.flipRate = 0.05
        $0.lengthPreference = 0.12
        $0.alarmRefusalPreference = 2.5
        $0.confidencePreference = 1.2
    }])

    /// Mostly honest annotators plus 10% who plant a trigger phrase and then prefer compliance
    /// (Rando & Tramèr 2023, universal jailbreak backdoors).
    public static let poisoned = AnnotatorPool(name: "poisoned", annotators: [
        annotator("honest") {
            $0.weight = 0.9
            $0.temperature = 0.3
            $0.flipRate = 0.05
        },
        annotator("poisoner") {
            $0.weight = 0.1
            $0.temperature = 0.3
            $0.flipRate = 0.05
            $0.trigger = "SUDO"
            $0.triggerRate = 1.0
        },
    ])

    /// A majority that values helpfulness and a minority that values caution and humility.
    public static let diverse = AnnotatorPool(name: "diverse", annotators: [
        annotator("majority") {
            $0.weight = 0.7
            $0.temperature = 0.3
            $0.flipRate = 0.05
            $0.values = ["helpfulness": 1.3]
        },
        annotator("minority") {
            $0.weight = 0.3
            $0.temperature = 0.3
            $0.flipRate = 0.05
            $0.alarmRefusalPreference = 1.5
            $0.confidencePreference = -0.5
            $0.values = ["verbosity": 0.5]
        },
    ])
}
