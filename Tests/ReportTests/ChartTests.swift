import XCTest
@testable import Report

final class ChartTests: XCTestCase {
    let hostile = "a<b & \"c\" </svg><script>x</script>"

    func testLineChartIsWellFormedWithMarkersErrorBarsAndLegend() throws {
        let points = [ChartPoint(x: 0, y: 0, error: 0.1), ChartPoint(x: 0.5, y: 0.3, error: 0.05), ChartPoint(x: 1.2, y: 0.2, error: nil)]
        let chart = LineChart(title: hostile, xLabel: "d = √KL", yLabel: hostile, series: [
            ChartSeries(name: hostile, points: points, style: .indexed(0), drawsLine: false),
            ChartSeries(name: "fit", points: points, style: .indexed(1), showsMarkers: false),
            ChartSeries(name: "third", points: points, style: .indexed(2)),
        ])
        let svg = chart.svg(id: "c\"1")
        let xml = try XCTUnwrap(XMLCheck.parse(svg))
        XCTAssertEqual(xml.count("svg"), 1)
        XCTAssertEqual(xml.count("script"), 0, "hostile text must stay text")
        XCTAssertTrue(xml.text.contains(hostile), "the title and names read back as the original text")
        // Series 0: 3 circle markers + 1 legend marker; series 2: 3 triangles + 1 in the legend.
        XCTAssertEqual(xml.count("circle"), 4)
        XCTAssertEqual(xml.count("polygon"), 4)
        // Error bars: 2 points with errors in each of 3 series, one path each; plus the two lines
        // and the two legend lines.
        XCTAssertEqual(xml.count("path"), 6 + 2 + 2)
        XCTAssertEqual(xml.count("title"), 1)
        XCTAssertEqual(xml.count("desc"), 1)
    }

    func testSeriesStylesDifferInDashAndMarkerNotOnlyColour() {
        let styles = (0..<5).map(SeriesStyle.indexed)
        XCTAssertEqual(Set(styles.map(\.marker)).count, 5)
        XCTAssertEqual(Set(styles.map { $0.dash ?? "solid" }).count, 5)
    }

    func testLogAxisChartSkipsNonPositiveValues() throws {
        let chart = LineChart(title: "t", xLabel: "n", yLabel: "y", series: [
            ChartSeries(name: "s", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 1), ChartPoint(x: 64, y: 2)], style: .indexed(0)),
        ], xScale: .logarithmic)
        let xml = try XCTUnwrap(XMLCheck.parse(chart.svg(id: "log")))
        XCTAssertEqual(xml.count("circle"), 2 + 1, "x = 0 has no place on a log axis (two points and the legend)")
    }

    func testHistogramBinsWeightsAndEdges() {
        let bins = HistogramBins(values: [0, 0.1, 0.5, 0.99, 1, 5, -3, .nan], lower: 0, upper: 1, bins: 2)
        XCTAssertEqual(bins.counts, [3, 4], "−3 falls in the first bin, 1 and 5 in the last, NaN nowhere")
        let weighted = HistogramBins(values: [0.2, 0.8], weights: [0.25, 0.75], lower: 0, upper: 1, bins: 4)
        XCTAssertEqual(weighted.counts, [0.25, 0, 0, 0.75])
        XCTAssertEqual(weighted.shares.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(HistogramBins(values: [], lower: 0, upper: 1, bins: 3).shares, [0, 0, 0])
    }

    func testHistogramChartIsWellFormedWithOneBarPerNonEmptyBin() throws {
        let bins = HistogramBins(values: [0.1, 0.15, 0.9], lower: 0, upper: 1, bins: 10)
        let svg = HistogramChart(title: hostile, xLabel: "gold", bins: bins, mean: 0.38).svg(id: "h")
        let xml = try XCTUnwrap(XMLCheck.parse(svg))
        // Two bars + background + plot frame.
        XCTAssertEqual(xml.count("rect"), 2 + 2 + 1, "bars, background, frame and the clip rectangle")
        XCTAssertTrue(xml.text.contains("mean 0.38"))
    }

    func testHeatmapPrintsEveryValueAndGreysUndefinedCells() throws {
        let heatmap = Heatmap(title: "r", labels: ["proxy", hostile], values: [[1, -0.5], [-0.5, nil]])
        let xml = try XCTUnwrap(XMLCheck.parse(heatmap.svg(id: "m")))
        XCTAssertEqual(xml.count("rect"), 4 + 1, "four cells and the background")
        XCTAssertTrue(xml.text.contains("1.00"))
        XCTAssertTrue(xml.text.contains("−0.50"))
        XCTAssertTrue(xml.text.contains("–"))
        XCTAssertEqual(Heatmap.color(0), "#FFFFFF")
        XCTAssertEqual(Heatmap.color(1), "#B2182B")
        XCTAssertEqual(Heatmap.color(-1), "#2166AC")
        XCTAssertEqual(Heatmap.color(-7), "#2166AC", "clamped")
    }

    func testReliabilityDiagramPlotsNonEmptyBinsAndTheDiagonal() throws {
        let bins = [
            CalibrationBin(lower: 0, upper: 0.5, count: 10, meanPredicted: 0.3, observedFrequency: 0.4),
            CalibrationBin(lower: 0.5, upper: 1, count: 0, meanPredicted: nil, observedFrequency: nil),
            CalibrationBin(lower: 0.5, upper: 1, count: 20, meanPredicted: 0.7, observedFrequency: 0.6),
        ]
        let xml = try XCTUnwrap(XMLCheck.parse(ReliabilityDiagram(title: hostile, bins: bins).svg(id: "rel")))
        XCTAssertEqual(xml.count("circle"), 2, "one marker per non-empty bin")
        XCTAssertEqual(xml.count("rect"), 2 + 2 + 1, "two count bars, background, frame, clip")
        XCTAssertTrue(xml.text.contains("n=20"))
    }
}
