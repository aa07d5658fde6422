import Foundation
import Feedback

/// The admin's statistics page: progress, agreement, biases, and quality per annotator.
enum AdminPage {
    static func render(_ s: LabelStatistics, name: String, csrf: String) -> String {
        func rate(_ r: Rate) -> String { HTML.percent(r.hits, r.count) }
        let overview = """
            <table id="overview">
            <tr><th>tasks (QA items)</th><td>\(s.tasks) (\(s.qaTasks))</td></tr>
            <tr><th>labels</th><td id="labels">\(s.labels)</td></tr>
            <tr><th>skips</th><td>\(s.skips)</td></tr>
            <tr><th>tasks labeled</th><td>\(s.labeledTasks) of \(s.tasks)</td></tr>
            <tr><th>tasks with ≥ \(s.overlap) labels (overlap r)</th><td>\(s.tasksAtOverlap) of \(s.tasks)</td></tr>
            </table>
            """
        let agreement = """
            <h2>Agreement</h2><table id="agreement">
            <tr><th>pairs rated by two or more annotators</th><td>\(s.overlappingUnits)</td></tr>
            <tr><th>percent agreement</th><td id="percent-agreement">\(s.percentAgreement.map { String(format: "%.1f%%", 100 * $0) } ?? "–")</td></tr>
            <tr><th>tasks whose labels are identical</th><td>\(rate(s.tasksFullAgreement))</td></tr>
            <tr><th>Cohen's κ (exactly two annotators)</th><td>\(HTML.number(s.cohenKappa))</td></tr>
            <tr><th>Fleiss' κ</th><td>\(HTML.number(s.fleissKappa))</td></tr>
            <tr><th>Krippendorff's α (nominal)</th><td>\(HTML.number(s.krippendorffAlpha))</td></tr>
            <tr><th>QA accuracy</th><td>\(rate(s.qaAccuracy))</td></tr>
            <tr><th>agreement with reference scores</th><td>\(rate(s.goldAgreement))</td></tr>
            </table>
            <h2>Biases</h2><table id="biases">
            <tr><th>first shown chosen (position bias; 50% is none)</th><td>\(rate(s.firstShownChosen))</td></tr>
            <tr><th>longer chosen (pairs of different word counts)</th><td>\(rate(s.longerChosen))</td></tr>
            <tr><th>mean words chosen / rejected</th><td>\(String(format: "%.1f / %.1f", s.meanWordsChosen, s.meanWordsRejected))</td></tr>
            </table>
            """
        let rows = s.annotators.map { a in
            """
            <tr><td>\(HTML.escape(a.name))</td><td>\(a.labels)</td><td>\(a.skips)</td><td>\(rate(a.qaAccuracy))</td>
            <td>\(rate(a.majorityAgreement))</td><td>\(rate(a.goldAgreement))</td><td>\(rate(a.firstShownChosen))</td>
            <td>\(rate(a.longerChosen))</td><td>\(HTML.number(a.medianSeconds, digits: 1))</td><td>\(HTML.number(a.meanConfidence, digits: 2))</td></tr>
            """
        }.joined()
        let perAnnotator = """
            <h2>Annotators</h2><table id="annotators">
            <tr><th>name</th><th>labels</th><th>skips</th><th>QA accuracy</th><th>agrees with majority</th><th>agrees with reference</th>
            <th>first shown chosen</th><th>longer chosen</th><th>median s/item</th><th>mean confidence</th></tr>\(rows)</table>
            <p><a href="/admin/stats.json">statistics as JSON</a></p>
            """
        return HTML.page(title: "Statistics", body: AnnotatorPages.header(name: name, csrf: csrf, progress: "")
                         + "<h1>Labeling statistics</h1><p>Refreshes every 30 s.</p>" + overview + agreement + perAnnotator,
                         refreshSeconds: 30)
    }
}
