import Foundation
import XCTest
@testable import Label

/// Agreement statistics against numpy, statsmodels and `krippendorff`
/// (Tests/Fixtures/generate/label_agreement_reference.py).
final class AgreementTests: XCTestCase {
    struct Case: Decodable {
        struct Cohen: Decodable { var a: String; var b: String; var kappa: Double; var units: Int }
        var name: String
        var units: [[[Rating]]]
        var percent_agreement: Double
        var fleiss_kappa: Double
        var krippendorff_alpha: Double
        var cohen_kappa: Cohen?
    }
    enum Rating: Decodable {
        case rater(String), category(Int)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) { self = .rater(text) } else { self = .category(try c.decode(Int.self)) }
        }
    }

    func cases() throws -> [(Case, [Agreement.Unit])] {
        struct File: Decodable { var cases: [Case] }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: Fixtures.folder.appendingPathComponent("agreement.json")))
        XCTAssertEqual(file.cases.count, 6)
        return file.cases.map { c in
            (c, c.units.map { unit in unit.compactMap { pair -> (rater: String, category: Int)? in
                guard case .rater(let r) = pair[0], case .category(let k) = pair[1] else { return nil }
                return (r, k)
            } })
        }
    }

    func testMatchesPythonReference() throws {
        for (c, units) in try cases() {
            XCTAssertEqual(try XCTUnwrap(Agreement.percentAgreement(units)), c.percent_agreement, accuracy: 1e-12, c.name)
            XCTAssertEqual(try XCTUnwrap(Agreement.fleissKappa(units)), c.fleiss_kappa, accuracy: 1e-12, c.name)
            XCTAssertEqual(try XCTUnwrap(Agreement.krippendorffAlpha(units)), c.krippendorff_alpha, accuracy: 1e-12, c.name)
            if let cohen = c.cohen_kappa {
                let result = Agreement.cohenKappa(units, cohen.a, cohen.b)
                XCTAssertEqual(result.units, cohen.units, c.name)
                XCTAssertEqual(try XCTUnwrap(result.kappa), cohen.kappa, accuracy: 1e-12, c.name)
            }
        }
    }

    func testDegenerateInputsGiveNil() {
        XCTAssertNil(Agreement.percentAgreement([[("a", 1)]]))
        XCTAssertNil(Agreement.fleissKappa([]))
        // Everybody always says 1: chance agreement is 1, κ and α are undefined.
        let unanimous: [Agreement.Unit] = [[("a", 1), ("b", 1)], [("a", 1), ("b", 1)]]
        XCTAssertEqual(Agreement.percentAgreement(unanimous), 1)
        XCTAssertNil(Agreement.fleissKappa(unanimous))
        XCTAssertNil(Agreement.krippendorffAlpha(unanimous))
        XCTAssertNil(Agreement.cohenKappa(unanimous, "a", "b").kappa)
        XCTAssertEqual(Agreement.cohenKappa(unanimous, "a", "zed").units, 0)
    }

    func testPerfectDisagreementOfTwoRaters() {
        let units: [Agreement.Unit] = [[("a", 1), ("b", 0)], [("a", 0), ("b", 1)]]
        XCTAssertEqual(Agreement.percentAgreement(units), 0)
        XCTAssertEqual(try XCTUnwrap(Agreement.cohenKappa(units, "a", "b").kappa), -1, accuracy: 1e-12)
    }
}

final class SHA256Tests: XCTestCase {
    func testMatchesHashlib() throws {
        struct Vector: Decodable { var message: String; var sha256: String }
        let vectors = try JSONDecoder().decode([Vector].self, from: Data(contentsOf: Fixtures.folder.appendingPathComponent("sha256.json")))
        XCTAssertEqual(vectors.count, 10)
        for vector in vectors { XCTAssertEqual(SHA256.hex(vector.message), vector.sha256, vector.message) }
    }

    func testTokensAreFreshAndHashedAndCSRFDependsOnSecretAndAccount() {
        let a = AccessToken.generate(), b = AccessToken.generate()
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(a.hasPrefix("clt_"))
        XCTAssertEqual(a.count, 68)
        XCTAssertEqual(AccessToken.hash(a), SHA256.hex(a))
        XCTAssertNotEqual(AccessToken.csrfToken(secret: "s", tokenHash: "h1"), AccessToken.csrfToken(secret: "s", tokenHash: "h2"))
        XCTAssertNotEqual(AccessToken.csrfToken(secret: "s1", tokenHash: "h"), AccessToken.csrfToken(secret: "s2", tokenHash: "h"))
        XCTAssertTrue(AccessToken.constantTimeEquals("abc", "abc"))
        XCTAssertFalse(AccessToken.constantTimeEquals("abc", "abd"))
        XCTAssertFalse(AccessToken.constantTimeEquals("abc", "abcd"))
    }
}
