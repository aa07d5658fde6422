import Foundation
import Hummingbird
import Logging
import NIOCore

/// The labeling web app: routes, sessions and CSRF checks. All state lives in the database.
public struct LabelServer: Sendable {
    public let database: LabelDatabase
    public let settings: LabelSettings
    /// The researcher's guidelines, shown as written.
    public let guidelines: String
    let secret: String
    static let cookie = "ceiling_token"

    public init(database: LabelDatabase, settings: LabelSettings, guidelines: String) async throws {
        self.database = database
        self.settings = try settings.validated()
        self.guidelines = guidelines
        secret = try await database.csrfSecret()
    }

    /// A Hummingbird application serving the app on host:port.
    public func application(host: String = "127.0.0.1", port: Int = 8080, logger: Logger? = nil) -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "ceiling.label")
        if logger == nil { log.logLevel = .warning }
        return Application(router: router(), configuration: .init(address: .hostname(host, port: port)), logger: log)
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in Self.redirect("/label") }
        router.get("/healthz") { _, _ in Self.html(.ok, "ok") }
        router.get("/login") { _, _ in Self.html(.ok, AnnotatorPages.login()) }
        router.post("/login") { request, _ in await respond { try await login(request) } }
        router.post("/logout") { request, _ in
            await respond {
                let (_, _) = try await authenticatedForm(request)
                var response = Self.redirect("/login")
                response.headers[.setCookie] = "\(Self.cookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                return response
            }
        }
        router.get("/guidelines") { _, _ in Self.html(.ok, AnnotatorPages.guidelines(text: guidelines)) }
        router.get("/label") { request, _ in await respond { try await labelPage(request) } }
        router.post("/label") { request, _ in
            await respond {
                let (account, form) = try await authenticatedForm(request, annotatorOnly: true)
                let positions = try form.required("ranking").split(separator: ",", omittingEmptySubsequences: false).map { part -> Int in
                    guard let position = Int(part.trimmingCharacters(in: .whitespaces)) else {
                        throw LabelRequestError.badRequest("ranking must be positions such as 2,1,3")
                    }
                    return position
                }
                var confidence: Int?
                if let text = form["confidence"], !text.isEmpty {
                    guard let value = Int(text) else { throw LabelRequestError.badRequest("confidence must be 1 to 4") }
                    confidence = value
                }
                let submission = LabelSubmission(taskID: try form.integer("task"), positions: positions, confidence: confidence,
                                                 reason: form["reason"])
                try await database.submit(submission, annotatorID: account.id, settings: settings)
                return Self.redirect("/label")
            }
        }
        router.post("/skip") { request, _ in
            await respond {
                let (account, form) = try await authenticatedForm(request, annotatorOnly: true)
                try await database.skip(taskID: try form.integer("task"), reason: form["reason"], annotatorID: account.id, settings: settings)
                return Self.redirect("/label")
            }
        }
        router.get("/admin") { request, _ in
            await respond {
                let account = try await admin(request)
                let statistics = LabelStatistics(snapshot: try await database.snapshot(), overlap: settings.overlap)
                return Self.html(.ok, AdminPage.render(statistics, name: account.name, csrf: csrf(account)))
            }
        }
        router.get("/admin/stats.json") { request, _ in
            await respond {
                _ = try await admin(request)
                let statistics = LabelStatistics(snapshot: try await database.snapshot(), overlap: settings.overlap)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(statistics))))
            }
        }
        return router
    }

    // MARK: handlers

    func login(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        let token = try form.required("token").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let account = try await database.account(token: token) else {
            return Self.html(.unauthorized, AnnotatorPages.login(error: "That token is not valid."))
        }
        if !account.isAdmin { try await database.ensureQueue(annotatorID: account.id, settings: settings) }
        var response = Self.redirect(account.isAdmin ? "/admin" : "/label")
        response.headers[.setCookie] = "\(Self.cookie)=\(token); Path=/; HttpOnly; SameSite=Strict"
        return response
    }

    func labelPage(_ request: Request) async throws -> Response {
        guard let account = try await session(request) else { return Self.redirect("/login") }
        if account.isAdmin { return Self.redirect("/admin") }
        guard let item = try await database.nextItem(annotatorID: account.id, settings: settings) else {
            let snapshotDone = try await database.answeredCount(annotatorID: account.id)
            return Self.html(.ok, AnnotatorPages.done(name: account.name, csrf: csrf(account), done: snapshotDone))
        }
        return Self.html(.ok, AnnotatorPages.item(item, name: account.name, csrf: csrf(account), maxReason: settings.maxReasonCharacters))
    }

    // MARK: sessions, CSRF, bodies

    func csrf(_ account: LabelAccount) -> String { AccessToken.csrfToken(secret: secret, tokenHash: account.tokenHash) }

    func session(_ request: Request) async throws -> LabelAccount? {
        guard let token = request.cookies[Self.cookie]?.value, !token.isEmpty else { return nil }
        return try await database.account(token: token)
    }

    func admin(_ request: Request) async throws -> LabelAccount {
        guard let account = try await session(request) else { throw LabelRequestError.unauthorized }
        guard account.isAdmin else { throw LabelRequestError.forbidden("the statistics are for the admin token only") }
        return account
    }

    /// The logged-in account and its form, after the same-origin and CSRF-token checks.
    func authenticatedForm(_ request: Request, annotatorOnly: Bool = false) async throws -> (LabelAccount, FormBody) {
        guard let account = try await session(request) else { throw LabelRequestError.unauthorized }
        if annotatorOnly, account.isAdmin { throw LabelRequestError.forbidden("admins do not label; log in with an annotator token") }
        let form = try await formBody(request)
        guard let token = form["csrf"], AccessToken.constantTimeEquals(token, csrf(account)) else {
            throw LabelRequestError.forbidden("the form's CSRF token is missing or wrong; reload the page")
        }
        return (account, form)
    }

    /// A form body of at most `maxBodyBytes`, from this site (the Origin header, when sent, must match the Host).
    func formBody(_ request: Request) async throws -> FormBody {
        if let origin = request.headers[.origin], let authority = request.head.authority, origin != "http://\(authority)" {
            throw LabelRequestError.forbidden("cross-site request refused (Origin \(origin))")
        }
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw LabelRequestError(415, "expected a form (application/x-www-form-urlencoded)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxBodyBytes {
            throw LabelRequestError(413, "the request body is larger than \(settings.maxBodyBytes) bytes")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: settings.maxBodyBytes) } catch {
            throw LabelRequestError(413, "the request body is larger than \(settings.maxBodyBytes) bytes")
        }
        return try FormBody(parsing: Array(buffer.readableBytesView))
    }

    /// Runs a handler; a refused request becomes its status and an error page, anything else a 500.
    func respond(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let error as LabelRequestError {
            return Self.html(Self.status(error.status), AnnotatorPages.error(status: error.status, message: error.message))
        } catch {
            return Self.html(.internalServerError, AnnotatorPages.error(status: 500, message: "\(error)"))
        }
    }

    static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func status(_ code: Int) -> HTTPResponse.Status {
        let known: [HTTPResponse.Status] = [.badRequest, .unauthorized, .forbidden, .notFound, .conflict, .contentTooLarge, .unsupportedMediaType]
        return known.first { $0.code == code } ?? HTTPResponse.Status(code: code)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
