#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SessionTokenVerifier {
    /// The verification policy. Defaults follow Clerk where Clerk is safe and are stricter where it is not
    /// (see the README's "Verification policy").
    public struct Configuration: Sendable {
        /// Accepted `iss` values, compared by exact string equality (no normalisation, no prefix match).
        public var issuers: [String]
        /// When not empty, `azp` must be present and exactly one of these origins.
        public var authorizedParties: Set<String>
        /// With authorized parties configured, also accept tokens that carry no `azp` at all (for example
        /// tokens minted by the Backend API). A present but unlisted `azp` is still refused.
        public var allowsMissingAuthorizedParty: Bool
        /// When not empty, `aud` (a string or an array) must contain one of these.
        public var audiences: Set<String>
        /// Leeway applied to `exp`, `nbf` and `iat`, in seconds. Default 5, as Clerk.
        public var clockSkewSeconds: Double
        /// The clock, in seconds since 1970. Inject a fixed one in tests.
        public var clock: ClerkClock
        /// Require the `sid` claim (session tokens always carry it). Default true.
        public var requiresSessionID: Bool
        /// Accept sessions whose `sts` is `pending`. Default false: pending counts as signed out, as in Clerk.
        public var acceptsPendingSessions: Bool
        /// Largest accepted token, in bytes. Default 8192.
        public var maximumTokenBytes: Int
        /// Capacity of the verified-token cache; 0 turns it off. Default 10 000 entries.
        public var verifiedTokenCacheCapacity: Int

        /// A policy for tokens of the given issuers (for example `https://clerk.example.com`).
        public init(issuers: [String], authorizedParties: Set<String> = [], allowsMissingAuthorizedParty: Bool = false,
                    audiences: Set<String> = [], clockSkewSeconds: Double = 5, clock: ClerkClock = .system,
                    requiresSessionID: Bool = true, acceptsPendingSessions: Bool = false,
                    maximumTokenBytes: Int = 8192, verifiedTokenCacheCapacity: Int = 10_000) {
            self.issuers = issuers
            self.authorizedParties = authorizedParties
            self.allowsMissingAuthorizedParty = allowsMissingAuthorizedParty
            self.audiences = audiences
            self.clockSkewSeconds = clockSkewSeconds
            self.clock = clock
            self.requiresSessionID = requiresSessionID
            self.acceptsPendingSessions = acceptsPendingSessions
            self.maximumTokenBytes = maximumTokenBytes
            self.verifiedTokenCacheCapacity = verifiedTokenCacheCapacity
        }

        /// Largest accepted ``clockSkewSeconds``: an hour. A larger leeway hides a broken clock.
        public static let maximumClockSkewSeconds: Double = 3600

        /// Checks that the policy cannot make a token outlive its claims: the clock skew finite, between 0
        /// and ``maximumClockSkewSeconds``; a positive token size cap; a non-negative cache capacity.
        ///
        /// ``SessionTokenVerifier`` runs it too, and a verifier over an invalid policy refuses every
        /// token with the same error (fail closed); call it where you build the policy to fail at start-up.
        ///
        /// - Throws: ``ClerkVerificationError`` with code `configuration-invalid`, naming the field.
        public func validate() throws(ClerkVerificationError) {
            guard clockSkewSeconds.isFinite, clockSkewSeconds >= 0, clockSkewSeconds <= Self.maximumClockSkewSeconds else {
                throw ClerkVerificationError(.configurationInvalid,
                    "clockSkewSeconds is \(clockSkewSeconds); it must be a finite number of seconds from 0 to \(Int(Self.maximumClockSkewSeconds))")
            }
            guard maximumTokenBytes > 0 else {
                throw ClerkVerificationError(.configurationInvalid, "maximumTokenBytes is \(maximumTokenBytes); it must be positive")
            }
            guard verifiedTokenCacheCapacity >= 0 else {
                throw ClerkVerificationError(.configurationInvalid,
                    "verifiedTokenCacheCapacity is \(verifiedTokenCacheCapacity); it must be 0 (off) or more")
            }
        }

        /// A policy for one issuer.
        public init(issuer: String, authorizedParties: Set<String> = []) {
            self.init(issuers: [issuer], authorizedParties: authorizedParties)
        }

        /// A policy whose issuer is derived from a publishable key (`pk_test_…` / `pk_live_…`).
        ///
        /// - Throws: ``ClerkVerificationError`` (`publishable-key-invalid`) when the key is not a Clerk publishable key.
        public init(publishableKey: String, authorizedParties: Set<String> = []) throws(ClerkVerificationError) {
            let key = try PublishableKey(publishableKey)
            self.init(issuers: [key.issuer], authorizedParties: authorizedParties)
        }
    }
}

/// A wall clock in seconds since 1970, injectable for tests.
public struct ClerkClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock reading `now`.
    public init(_ now: @escaping @Sendable () -> Double) { self.read = now }

    /// The current time in seconds since 1970.
    public func now() -> Double { read() }

    /// The system's wall clock.
    public static let system = ClerkClock { Date().timeIntervalSince1970 }

    /// A clock stopped at `seconds`.
    public static func fixed(_ seconds: Double) -> ClerkClock { ClerkClock { seconds } }
}

/// A decoded Clerk publishable key.
public struct PublishableKey: Sendable, Hashable {
    /// The Frontend API host, e.g. `clerk.example.com` or `foo-bar-13.clerk.accounts.dev`.
    public let frontendAPIHost: String
    /// True for `pk_live_`, false for `pk_test_`.
    public let isLive: Bool
    /// The key text itself (publishable keys are public).
    public let rawValue: String

    /// The session-token issuer: `https://<frontend API host>`.
    public var issuer: String { "https://\(frontendAPIHost)" }
    /// The Frontend API JWKS URL: `https://<host>/.well-known/jwks.json`.
    public var jwksURL: String { "https://\(frontendAPIHost)/.well-known/jwks.json" }

    /// Decodes `pk_test_<base64(host$)>` / `pk_live_<…>`.
    ///
    /// - Throws: ``ClerkVerificationError`` with code `publishable-key-invalid` (a configuration mistake,
    ///   never reported as a key outage).
    public init(_ text: String) throws(ClerkVerificationError) {
        let invalid = ClerkVerificationError(.publishableKeyInvalid,
                                             "not a Clerk publishable key (expected pk_test_… or pk_live_… with a base64 Frontend API host)")
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, let prefix = parts.first, let kind = parts.dropFirst().first, let encoded = parts.last,
              prefix.utf8.elementsEqual("pk".utf8),
              kind.utf8.elementsEqual("test".utf8) || kind.utf8.elementsEqual("live".utf8)
        else { throw invalid }
        var body = String(encoded)
        while body.utf8.count % 4 != 0 { body += "=" }
        guard let bytes = StandardBase64.decode(Substring(body)),
              let decoded = String(validating: bytes, as: UTF8.self),
              decoded.hasSuffix("$"), decoded.dropLast().contains("."), !decoded.dropLast().contains("$")
        else { throw invalid }
        let host = String(decoded.dropLast())
        guard host.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == ":" })
        else { throw invalid }
        self.frontendAPIHost = host
        self.isLive = kind.utf8.elementsEqual("live".utf8)
        self.rawValue = text
    }

    /// Encodes a publishable key for a host (for tests and the embedded demo).
    public static func encode(host: String, live: Bool = false) -> String {
        let b64 = StandardBase64Encoder.encode(Array("\(host)$".utf8))
        return "pk_\(live ? "live" : "test")_\(b64)"
    }
}

enum StandardBase64Encoder {
    static func encode(_ input: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < input.count {
            let b0 = input[i], b1 = i + 1 < input.count ? input[i + 1] : 0, b2 = i + 2 < input.count ? input[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < input.count ? table[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < input.count ? table[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
