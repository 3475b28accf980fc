import ClerkAuthentication
import ClerkSession
import ClerkTesting
import Foundation

/// The cases on which each adapter's one-middleware form (Hummingbird's `requiresIdentity`, Vapor's
/// `requiresSession`) is compared with its authenticator followed by its session guard: the same requests, in
/// setups that reach every outcome the signed-out path distinguishes.
package enum OneMiddlewareCases {
    package static let setups = [
        "no backend", "refreshing backend", "refusing backend", "keys unavailable", "machine tokens",
    ]

    /// The authenticator of `setup`.
    package static func authenticator(setup: String) throws -> ClerkRequestAuthenticator {
        switch setup {
        case "refreshing backend":
            try Fixture.authenticator(backend: StubSessionBackend.refreshing(with: Fixture.issuer))
        case "refusing backend": try Fixture.authenticator(backend: StubSessionBackend.rejecting())
        case "keys unavailable": try Fixture.authenticator(keyStore: Fixture.outageStore())
        case "machine tokens": Fixture.machineAuthenticator(accepting: .any)
        default: try Fixture.authenticator()
        }
    }

    /// The requests, as header lines (each with the `Host` a refresh needs).
    package static let requests: [[(name: String, value: String)]] = {
        func bearer(_ token: String) -> (name: String, value: String) { ("Authorization", "Bearer \(token)") }
        let expired = Fixture.expiredToken()
        let lines: [[(name: String, value: String)]] = [
            [bearer(Fixture.issuer.sessionToken(userID: "user_one", sessionID: "sess_one"))],
            [("Cookie", "__session=\(Fixture.issuer.sessionToken(userID: "user_cookie", sessionID: "sess_cookie"))")],
            [],
            [bearer(Fixture.tampered(Fixture.issuer.sessionToken()))],
            [bearer("not-a-token")],
            [bearer(expired)],
            [("Cookie", "__session=\(expired); __refresh=rt_stub")],
            [("Authorization", "Basic dXNlcjpwYXNz")],
            [bearer(Fixture.m2mToken())],
        ]
        return lines.map { $0 + [("Host", Fixture.host)] }
    }()

    /// What a client sees of an answer: status, body (a JSON error body with its keys sorted: Vapor encodes them in
    /// either order), each `Set-Cookie` by its name and attributes (a refreshed token is new on every refresh),
    /// and Clerk's own `x-clerk-*` headers.
    package struct Answer: Equatable, CustomStringConvertible {
        package let status: Int
        package let body: String
        package let setCookies: [String]
        package let clerkHeaders: [String]

        package init(status: Int, body: String, setCookies: [String], headers: [(name: String, value: String)]) {
            self.status = status
            self.body = Self.sortedJSON(body) ?? body
            self.setCookies = setCookies.map { line in
                "\(line.prefix { $0 != "=" })=…\(line.drop { $0 != ";" })"
            }
            self.clerkHeaders = headers.map { (name: $0.name.lowercased(), value: $0.value) }
                .filter { $0.name.hasPrefix("x-clerk") }.map { "\($0.name): \($0.value)" }
        }

        package var description: String { "\(status) \(body.prefix(40)) cookies=\(setCookies) clerk=\(clerkHeaders)" }

        static func sortedJSON(_ text: String) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
                let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            else { return nil }
            return String(decoding: sorted, as: UTF8.self)
        }
    }

    /// What makes the comparison of `setup` not vacuous: signed-in and refused requests (or the keys' 503s), and
    /// a refresh's new session cookie.
    package static func shortfalls(of answers: [Answer], setup: String) -> [String] {
        var missing: [String] = []
        if setup == "keys unavailable" {
            if answers.filter({ $0.status == 503 }).count < 3 { missing.append("three 503s") }
            return missing
        }
        if !answers.contains(where: { $0.status == 200 }) { missing.append("a 200") }
        if !answers.contains(where: { $0.status == 401 }) { missing.append("a 401") }
        if setup == "refreshing backend",
            !answers.contains(where: { $0.status == 200 && $0.setCookies.contains { $0.hasPrefix("__session=") } })
        {
            missing.append("a refreshed __session cookie")
        }
        if setup == "machine tokens", answers.last?.status != 401 { missing.append("a 401 for the machine token") }
        return missing
    }
}
