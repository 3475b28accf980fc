import ClerkTesting
import Testing
@testable import ClerkSession

/// Issue 12 (5): no input traps a claim helper. Malformed scoped names (`"o:"`, `":pro"`, `":"`) once
/// indexed past the end of a split; every helper now answers `false` for them, and arbitrary strings
/// (a seeded generator over a hostile alphabet) never crash any helper.
@Suite("Claim helpers never trap")
struct ClaimHelperRobustnessTests {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))

    static let session: VerifiedSession = {
        let organization: ClaimValue = .object([("id", "org_1"), ("rol", "admin"), ("per", "read,manage"), ("fpm", "3")])
        let token = issuer.sessionToken(organization: organization, extra: [("fea", "o:reports,u:export"), ("pla", "u:free,o:pro")])
        let verifier = SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer], clock: .fixed(now)), keySet: issuer.keySet)
        return try! verifier.verify(token)
    }()

    static let malformed = ["", ":", "::", "o:", "u:", ":pro", "o::", "x:pro", "org:", ":o", "o:pro:", " : ", "\u{212A}:pro",
                            "o:\u{0000}", "\u{FFFF}", String(repeating: ":", count: 1000), "o" + String(repeating: ":", count: 500)]

    @Test("malformed names are not held", arguments: malformed)
    func malformedNames(_ name: String) {
        let session = Self.session
        #expect(!session.hasPlan(name))
        #expect(!session.hasFeature(name))
        #expect(!session.has(permission: name))
        #expect(!session.has(role: name))
    }

    @Test("well-formed names keep their meaning")
    func wellFormed() {
        let session = Self.session
        #expect(session.hasPlan("pro") && session.hasPlan("o:pro") && session.hasPlan("org:pro"))
        #expect(!session.hasPlan("u:pro") && !session.hasPlan("user:pro"))
        #expect(session.hasPlan("free") && session.hasPlan("u:free") && !session.hasPlan("o:free"))
        #expect(session.hasFeature("reports") && session.hasFeature("o:reports") && !session.hasFeature("u:reports"))
        #expect(session.hasFeature("u:export"))
        #expect(session.has(permission: "org:reports:read") && session.has(permission: "org:reports:manage"))
        #expect(!session.has(permission: "org:reports:delete"))
        #expect(session.has(role: "admin") && session.has(role: "org:admin") && !session.has(role: "member"))
    }

    @Test("arbitrary strings never trap any helper")
    func property() {
        let alphabet: [Character] = [":", ",", " ", "o", "u", "r", "g", "p", "\u{212A}", "K", "\u{0301}", "\u{0000}", "_", "e"]
        var generator = SplitMix64(seed: 0x5EED_C1E4)
        let session = Self.session
        var held = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            for answer in [session.hasPlan(text), session.hasFeature(text), session.has(permission: text), session.has(role: text)] where answer {
                held += 1
            }
            // The list helpers see the same text as a claim, too.
            _ = VerifiedSession.scopedListContains([text, "o:" + text, text + ":x"], text)
        }
        // Some generated names are real ones ("o:pro" is reachable), most are not: the property ran.
        #expect(held < 20_000 * 4)
    }
}

/// A small deterministic generator (SplitMix64), so a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
