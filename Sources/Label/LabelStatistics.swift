import Foundation
import Feedback

extension Rate {
    mutating func record(_ hit: Bool) {
        count += 1
        if hit { hits += 1 }
    }
}

/// Quality figures of one annotator.
public struct AnnotatorStatistics: Codable, Equatable, Sendable {
    public var name = ""
    public var labels = 0
    public var skips = 0
    /// QA items: the response they put first is the known right one.
    public var qaAccuracy = Rate()
    /// Pairs where the other annotators of the task have a strict majority: agreeing with it.
    public var majorityAgreement = Rate()
    /// Pairs whose reference scores differ: preferring the higher-scored one.
    public var goldAgreement = Rate()
    /// Pairs: the response shown first is preferred.
    public var firstShownChosen = Rate()
    /// Pairs of different lengths (words): the longer one is preferred.
    public var longerChosen = Rate()
    public var meanSeconds: Double?
    public var medianSeconds: Double?
    public var meanConfidence: Double?

    enum CodingKeys: String, CodingKey {
        case name, labels, skips
        case qaAccuracy = "qa_accuracy", majorityAgreement = "majority_agreement", goldAgreement = "gold_agreement"
        case firstShownChosen = "first_shown_chosen", longerChosen = "longer_chosen"
        case meanSeconds = "mean_seconds", medianSeconds = "median_seconds", meanConfidence = "mean_confidence"
    }
}

/// `ceiling label stats` and the statistics page. Agreement figures treat every pair of responses
/// of a (non-QA) task as one unit rated "first of the pair preferred or not" by each annotator who
/// labeled the task — a pair task is one unit, a ranking of k responses k(k−1)/2 units.
public struct LabelStatistics: Codable, Equatable, Sendable {
    public var tasks = 0
    public var qaTasks = 0
    public var labels = 0
    public var skips = 0
    public var labeledTasks = 0
    /// Non-QA tasks with at least `overlap` labels.
    public var tasksAtOverlap = 0
    public var overlap = 1
    /// Units (pairs) rated by two or more annotators.
    public var overlappingUnits = 0
    public var percentAgreement: Double?
    /// Tasks with two or more labels whose labels are identical rankings.
    public var tasksFullAgreement = Rate()
    /// Only when exactly two annotators labeled overlapping units.
    public var cohenKappa: Double?
    public var fleissKappa: Double?
    public var krippendorffAlpha: Double?
    public var firstShownChosen = Rate()
    public var longerChosen = Rate()
    public var meanWordsChosen = 0.0
    public var meanWordsRejected = 0.0
    public var goldAgreement = Rate()
    public var qaAccuracy = Rate()
    public var annotators: [AnnotatorStatistics] = []

    enum CodingKeys: String, CodingKey {
        case tasks, labels, skips, overlap, annotators
        case qaTasks = "qa_tasks", labeledTasks = "labeled_tasks", tasksAtOverlap = "tasks_at_overlap"
        case overlappingUnits = "overlapping_units", percentAgreement = "percent_agreement"
        case tasksFullAgreement = "tasks_full_agreement", cohenKappa = "cohen_kappa", fleissKappa = "fleiss_kappa"
        case krippendorffAlpha = "krippendorff_alpha", firstShownChosen = "first_shown_chosen", longerChosen = "longer_chosen"
        case meanWordsChosen = "mean_words_chosen", meanWordsRejected = "mean_words_rejected"
        case goldAgreement = "gold_agreement", qaAccuracy = "qa_accuracy"
    }

    public init(snapshot: LabelSnapshot, overlap: Int) {
        self.overlap = overlap
        tasks = snapshot.tasks.values.filter { !$0.isQA }.count
        qaTasks = snapshot.tasks.count - tasks
        labels = snapshot.labels.count
        skips = snapshot.skips.values.reduce(0, +)
        var perAnnotator = Dictionary(uniqueKeysWithValues: snapshot.annotators.map { ($0, AnnotatorStatistics(name: $0)) })
        func update(_ name: String, _ body: (inout AnnotatorStatistics) -> Void) {
            body(&perAnnotator[name, default: AnnotatorStatistics(name: name)])
        }
        for (name, count) in snapshot.skips { update(name) { $0.skips = count } }
        let byTask = Dictionary(grouping: snapshot.labels, by: \.taskID)
        var units: [Agreement.Unit] = []
        var wordsChosen = 0, wordsRejected = 0, pairCount = 0
        var seconds: [String: [Double]] = [:], confidences: [String: [Int]] = [:]
        for taskID in snapshot.taskOrder {
            guard let task = snapshot.tasks[taskID], let taskLabels = byTask[taskID] else { continue }
            for label in taskLabels {
                update(label.annotator) { $0.labels += 1 }
                if let s = label.seconds { seconds[label.annotator, default: []].append(s) }
                if let c = label.confidence { confidences[label.annotator, default: []].append(c) }
            }
            if let best = task.goldBest {
                for label in taskLabels {
                    let right = label.ranking.first == best
                    qaAccuracy.record(right)
                    update(label.annotator) { $0.qaAccuracy.record(right) }
                }
                continue
            }
            labeledTasks += 1
            if taskLabels.count >= overlap { tasksAtOverlap += 1 }
            if taskLabels.count >= 2 { tasksFullAgreement.record(Set(taskLabels.map(\.ranking)).count == 1) }
            let words = task.completions.map { TextFeatures.words($0).count }
            for i in task.completions.indices {
                for j in task.completions.indices where j > i {
                    var unit: Agreement.Unit = []
                    for label in taskLabels {
                        guard let ri = label.ranking.firstIndex(of: i), let rj = label.ranking.firstIndex(of: j) else { continue }
                        let (chosen, rejected) = ri < rj ? (i, j) : (j, i)
                        unit.append((label.annotator, ri < rj ? 1 : 0))
                        pairCount += 1
                        wordsChosen += words[chosen]
                        wordsRejected += words[rejected]
                        if let shown = label.shownOrder, let pi = shown.firstIndex(of: i), let pj = shown.firstIndex(of: j) {
                            let firstChosen = (pi < pj) == (chosen == i)
                            firstShownChosen.record(firstChosen)
                            update(label.annotator) { $0.firstShownChosen.record(firstChosen) }
                        }
                        if words[chosen] != words[rejected] {
                            let longer = words[chosen] > words[rejected]
                            longerChosen.record(longer)
                            update(label.annotator) { $0.longerChosen.record(longer) }
                        }
                        if let scores = task.scores, abs(scores[chosen] - scores[rejected]) >= 1e-9 {
                            let agrees = scores[chosen] > scores[rejected]
                            goldAgreement.record(agrees)
                            update(label.annotator) { $0.goldAgreement.record(agrees) }
                        }
                    }
                    for rating in unit {
                        let others = unit.filter { $0.rater != rating.rater }.map(\.category)
                        let ones = others.filter { $0 == 1 }.count
                        guard !others.isEmpty, 2 * ones != others.count else { continue }
                        let majority = 2 * ones > others.count ? 1 : 0
                        update(rating.rater) { $0.majorityAgreement.record(rating.category == majority) }
                    }
                    units.append(unit)
                }
            }
        }
        meanWordsChosen = pairCount == 0 ? 0 : Double(wordsChosen) / Double(pairCount)
        meanWordsRejected = pairCount == 0 ? 0 : Double(wordsRejected) / Double(pairCount)
        overlappingUnits = units.filter { $0.count >= 2 }.count
        percentAgreement = Agreement.percentAgreement(units)
        fleissKappa = Agreement.fleissKappa(units)
        krippendorffAlpha = Agreement.krippendorffAlpha(units)
        let raters = Set(units.filter { $0.count >= 2 }.flatMap { $0.map(\.rater) }).sorted()
        if raters.count == 2 { cohenKappa = Agreement.cohenKappa(units, raters[0], raters[1]).kappa }
        for (name, values) in seconds {
            let sorted = values.sorted()
            update(name) {
                $0.meanSeconds = values.reduce(0, +) / Double(values.count)
                $0.medianSeconds = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            }
        }
        for (name, values) in confidences { update(name) { $0.meanConfidence = Double(values.reduce(0, +)) / Double(values.count) } }
        annotators = perAnnotator.values.sorted { $0.name < $1.name }
    }
}
