import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import Label

/// Every route and every bad input, in process (HummingbirdTesting's router client).
final class EndpointTests: XCTestCase {
    struct Setup {
        let folder: TemporaryFolder
        let database: LabelDatabase
        let server: LabelServer
        let token: String
        let admin: String
        var app: some ApplicationProtocol { Application(router: server.router()) }
        func csrf(_ token: String) async throws -> String {
            let account = try await unwrapAsync(try await database.account(token: token))
            return server.csrf(account)
        }
    }

    func setup(tasks: [LabelTask] = Fixtures.pairTasks(3)) async throws -> Setup {
        let folder = try TemporaryFolder()
        let database = try LabelDatabase(path: folder.path("l.sqlite"))
        try await database.addTasks(tasks)
        let token = try await database.addAnnotator(name: "ann")
        let admin = try await database.addAnnotator(name: "boss", isAdmin: true)
        var settings = LabelSettings(overlap: 1, qaRate: 0, seed: 1)
        settings.maxBodyBytes = 4096
        let server = try await LabelServer(database: database, settings: settings, guidelines: "Prefer <b>correct</b> answers.")
        return Setup(folder: folder, database: database, server: server, token: token, admin: admin)
    }

    func testLoginSetsAStrictHttpOnlyCookieAndBadTokensAre401() async throws {
        let s = try await setup()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(String(response: response).contains("name=\"token\""))
            }
            try await client.execute(uri: "/login", method: .post, headers: formHeaders, body: form([("token", s.token)])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/label")
                XCTAssertEqual(response.headers[.setCookie], "ceiling_token=\(s.token); Path=/; HttpOnly; SameSite=Strict")
            }
            try await client.execute(uri: "/login", method: .post, headers: formHeaders, body: form([("token", s.admin)])) { response in
                XCTAssertEqual(response.headers[.location], "/admin")
            }
            try await client.execute(uri: "/login", method: .post, headers: formHeaders, body: form([("token", "clt_wrong")])) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertTrue(String(response: response).contains("That token is not valid."))
                XCTAssertNil(response.headers[.setCookie])
            }
            try await client.execute(uri: "/login", method: .post, headers: formHeaders, body: ByteBuffer(string: "token=%zz")) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { response in
                XCTAssertEqual(response.status, .unsupportedMediaType)
            }
        }
        let queued = try await rowCount(s.database, "queue")
        XCTAssertEqual(queued, 3, "logging in builds the queue")
    }

    func testPublicPagesAndRedirects() async throws {
        let s = try await setup()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { XCTAssertEqual($0.headers[.location], "/label") }
            try await client.execute(uri: "/healthz", method: .get) { XCTAssertEqual(String(response: $0), "ok") }
            try await client.execute(uri: "/guidelines", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(String(response: response).contains("Prefer &lt;b&gt;correct&lt;/b&gt; answers."), "escaped, shown as written")
                XCTAssertNotNil(response.headers[.contentSecurityPolicy])
            }
            try await client.execute(uri: "/label", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login")
            }
            try await client.execute(uri: "/label", method: .get, headers: cookieHeaders("clt_forged", form: false)) {
                XCTAssertEqual($0.headers[.location], "/login")
            }
            try await client.execute(uri: "/label", method: .get, headers: cookieHeaders(s.admin, form: false)) {
                XCTAssertEqual($0.headers[.location], "/admin")
            }
            try await client.execute(uri: "/nowhere", method: .get) { XCTAssertEqual($0.status, .notFound) }
        }
    }

    func testLabelingFlowAndEveryBadSubmission() async throws {
        let s = try await setup()
        let csrf = try await s.csrf(s.token)
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/login", method: .post, headers: formHeaders, body: form([("token", s.token)]))
            let page = try await client.execute(uri: "/label", method: .get, headers: cookieHeaders(s.token, form: false)) { String(response: $0) }
            XCTAssertTrue(page.contains("<span id=\"progress\">1 of 3</span>"))
            XCTAssertEqual(hiddenField("csrf", in: page), csrf)
            let task = try XCTUnwrap(hiddenField("task", in: page))
            let headers = cookieHeaders(s.token)
            let bad: [(String, HTTPFields, ByteBuffer, HTTPResponse.Status, String)] = [
                ("/label", formHeaders, form([("csrf", csrf), ("task", task), ("ranking", "1")]), .unauthorized, "log in"),
                ("/label", headers, form([("task", task), ("ranking", "1")]), .forbidden, "CSRF"),
                ("/label", headers, form([("csrf", String(repeating: "0", count: 64)), ("task", task), ("ranking", "1")]), .forbidden, "CSRF"),
                ("/label", cookieHeaders(s.admin), form([("csrf", csrf), ("task", task), ("ranking", "1")]), .forbidden, "admins do not label"),
                ("/label", headers, form([("csrf", csrf), ("task", "999"), ("ranking", "1")]), .notFound, "unknown task 999"),
                ("/label", headers, form([("csrf", csrf), ("task", "x"), ("ranking", "1")]), .badRequest, "not a whole number"),
                ("/label", headers, form([("csrf", csrf), ("ranking", "1")]), .badRequest, "missing form field"),
                ("/label", headers, form([("csrf", csrf), ("task", task)]), .badRequest, "missing form field &quot;ranking&quot;"),
                ("/label", headers, form([("csrf", csrf), ("task", task), ("ranking", "1,1")]), .badRequest, "ranking must list"),
                ("/label", headers, form([("csrf", csrf), ("task", task), ("ranking", "one")]), .badRequest, "positions such as"),
                ("/label", headers, form([("csrf", csrf), ("task", task), ("ranking", "1"), ("confidence", "9")]), .badRequest, "confidence"),
                ("/label", headers, form([("csrf", csrf), ("task", task), ("ranking", "1"), ("confidence", "x")]), .badRequest, "confidence"),
                ("/label", headers, form([("csrf", csrf), ("task", task), ("ranking", "1"), ("reason", String(repeating: "r", count: 1001))]),
                 .badRequest, "at most 1000"),
                ("/label", headers, ByteBuffer(string: "csrf=\(csrf)&task=\(task)&ranking=1&ranking=2"), .badRequest, "appears twice"),
                ("/label", headers, ByteBuffer(string: "csrf=\(csrf)&task"), .badRequest, "malformed form field"),
                ("/label", headers, ByteBuffer(bytes: [0x74, 0x3D, 0xFF]), .badRequest, "not valid UTF-8"),
                ("/label", headers, ByteBuffer(string: "reason=" + String(repeating: "a", count: 5000)), .contentTooLarge, "larger than"),
                ("/skip", headers, form([("csrf", csrf), ("task", task)]), .badRequest, "a skip needs a reason"),
                ("/skip", headers, form([("task", task), ("reason", "x")]), .forbidden, "CSRF"),
            ]
            for (uri, requestHeaders, body, status, message) in bad {
                try await client.execute(uri: uri, method: .post, headers: requestHeaders, body: body) { response in
                    XCTAssertEqual(response.status, status, "\(uri) \(String(buffer: body).prefix(80))")
                    XCTAssertTrue(String(response: response).contains(message), "\(String(response: response).suffix(300))")
                }
            }
            var crossSite = headers
            crossSite[.origin] = "http://evil.example"
            try await client.execute(uri: "/label", method: .post, headers: crossSite, body: form([("csrf", csrf), ("task", task), ("ranking", "1")])) {
                XCTAssertEqual($0.status, .forbidden)
            }
            let count = try await rowCount(s.database, "label")
            XCTAssertEqual(count, 0, "no refused request wrote anything")

            var sameSite = headers
            sameSite[.origin] = "http://localhost"
            try await client.execute(uri: "/label", method: .post, headers: sameSite,
                                     body: form([("csrf", csrf), ("task", task), ("ranking", "2"), ("confidence", "3"), ("reason", "clearer")])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/label")
            }
            try await client.execute(uri: "/label", method: .post, headers: headers, body: form([("csrf", csrf), ("task", task), ("ranking", "1")])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(String(response: response).contains("double submission"))
            }
            let next = try await client.execute(uri: "/label", method: .get, headers: cookieHeaders(s.token, form: false)) { String(response: $0) }
            XCTAssertTrue(next.contains("2 of 3"))
            let nextTask = try XCTUnwrap(hiddenField("task", in: next))
            XCTAssertNotEqual(nextTask, task)
            try await client.execute(uri: "/label", method: .post, headers: headers, body: form([("csrf", csrf), ("task", nextTask == "1" ? "2" : "1"), ("ranking", "1")])) { response in
                XCTAssertTrue([.conflict].contains(response.status), "a task not yet shown cannot be answered")
            }
            try await client.execute(uri: "/skip", method: .post, headers: headers, body: form([("csrf", csrf), ("task", nextTask), ("reason", "cannot judge")])) {
                XCTAssertEqual($0.status, .seeOther)
            }
            let third = try await client.execute(uri: "/label", method: .get, headers: cookieHeaders(s.token, form: false)) { String(response: $0) }
            let thirdTask = try XCTUnwrap(hiddenField("task", in: third))
            try await client.execute(uri: "/label", method: .post, headers: headers, body: form([("csrf", csrf), ("task", thirdTask), ("ranking", "1,2")]))
            let done = try await client.execute(uri: "/label", method: .get, headers: cookieHeaders(s.token, form: false)) { String(response: $0) }
            XCTAssertTrue(done.contains("All done"))
            XCTAssertTrue(done.contains("You answered 3 items"))
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: form([("csrf", "bad")])) { XCTAssertEqual($0.status, .forbidden) }
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: form([("csrf", csrf)])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.setCookie], "ceiling_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
            }
        }
        let snapshot = try await s.database.snapshot()
        XCTAssertEqual(snapshot.labels.count, 2)
        XCTAssertEqual(snapshot.labels[0].confidence, 3)
        XCTAssertEqual(snapshot.labels[0].reason, "clearer")
        XCTAssertEqual(snapshot.labels[0].ranking, [snapshot.labels[0].shownOrder![1], snapshot.labels[0].shownOrder![0]])
        XCTAssertEqual(snapshot.skips, ["ann": 1])
    }

    func testAdminPagesAreForTheAdminOnly() async throws {
        let s = try await setup()
        let id = try await unwrapAsync(try await s.database.account(token: s.token)).id
        try await s.database.ensureQueue(annotatorID: id, settings: s.server.settings)
        let item = try await unwrapAsync(try await s.database.nextItem(annotatorID: id, settings: s.server.settings))
        try await s.database.submit(LabelSubmission(taskID: item.task.id, positions: [1]), annotatorID: id, settings: s.server.settings)
        try await s.app.test(.router) { client in
            for uri in ["/admin", "/admin/stats.json"] {
                try await client.execute(uri: uri, method: .get) { XCTAssertEqual($0.status, .unauthorized) }
                try await client.execute(uri: uri, method: .get, headers: cookieHeaders(s.token, form: false)) { XCTAssertEqual($0.status, .forbidden) }
            }
            try await client.execute(uri: "/admin", method: .get, headers: cookieHeaders(s.admin, form: false)) { response in
                XCTAssertEqual(response.status, .ok)
                let page = String(response: response)
                XCTAssertTrue(page.contains("<td id=\"labels\">1</td>"))
                XCTAssertTrue(page.contains("<meta http-equiv=\"refresh\" content=\"30\">"))
                XCTAssertTrue(page.contains("<td>ann</td><td>1</td>"))
            }
            try await client.execute(uri: "/admin/stats.json", method: .get, headers: cookieHeaders(s.admin, form: false)) { response in
                XCTAssertEqual(response.headers[.contentType], "application/json")
                let statistics = try JSONDecoder().decode(LabelStatistics.self, from: Data(String(response: response).utf8))
                XCTAssertEqual(statistics.labels, 1)
                XCTAssertEqual(statistics.tasks, 3)
                XCTAssertEqual(statistics.firstShownChosen.hits, 1)
            }
        }
    }
}
