import Foundation

/// Which files the report read for each run, and what it looked for and did not find.
enum SourcesSection {
    static func html(_ lineages: [RunLineage]) -> HTML {
        var rows: [[String]] = []
        for lineage in lineages {
            let run = lineage.run
            rows.append([run.name, "run", run.url.path])
            for reward in lineage.rewardRuns where reward.url != run.url { rows.append([run.name, "reward model run", reward.url.path]) }
            if let url = lineage.preferenceData { rows.append([run.name, "preference data", url.path]) }
            if let url = lineage.agreementURL { rows.append([run.name, "annotator agreement report", url.path]) }
            if let url = lineage.rewardEvalURL { rows.append([run.name, "reward-model evaluation", url.path]) }
            if let policy = lineage.policyRun { rows.append([run.name, "policy (SFT) run", policy.url.path]) }
            for missing in lineage.missing { rows.append([run.name, "not found", missing]) }
        }
        return HTMLTable(headers: ["run", "what", "path"], textRows: rows).html
    }
}
