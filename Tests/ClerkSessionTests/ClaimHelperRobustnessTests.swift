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
        let organization: ClaimValue = .object([
            ("id", "org_1"), ("rol", "admin"), ("per", "read,manage"), ("fpm", "3"),
        ])
        let token = issuer.sessionToken(
            organization: organization, extra: [("fea", "o:reports,u:export"), ("pla", "u:free,o:pro")])
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: .fixed(now)), keySet: issuer.keySet)
        return try! verifier.verify(token)
    }()

    static let malformed = [
        "", ":", "::", "o:", "u:", ":pro", "o::", "x:pro", "org:", ":o", "o:pro:", " : ", "\u{212A}:pro",
        "o:\u{0000}", "\u{FFFF}", String(repeating: ":", count: 1000), "o" + String(repeating: ":", count: 500),
    ]

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

    @Test("arbitrary strings never trap, and the scoped-list rule agrees with a plain reference")
    func property() {
        let alphabet: [Character] = [
            ":", ",", " ", "o", "u", "r", "g", "p", "\u{212A}", "K", "\u{0301}", "\u{0000}", "_", "e",
        ]
        var generator = SplitMix64(seed: 0x5EED_C1E4)
        let session = Self.session
        var held = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            // The session helpers on arbitrary input: any answer, never a trap; plans by the reference.
            #expect(session.hasPlan(text) == Self.reference(session.plans, text), "\(Array(text.utf8))")
            _ = (session.hasFeature(text), session.has(permission: text), session.has(role: text))
            // The list rule on lists built from the same text, against the reference.
            let list = [text, "o:" + text, text + ":x", "u" + text]
            let answer = VerifiedSession.scopedListContains(list, text)
            #expect(answer == Self.reference(list, text), "\(Array(text.utf8))")
            if answer { held += 1 }
        }
        // The generated lists contain their own names often ("o:" + text matches unscoped text): both
        // outcomes were exercised.
        #expect(held > 100 && held < 20_000)
    }

    /// The rule of `hasPlan`/`hasFeature`, written plainly over byte arrays with checked splits.
    static func reference(_ list: [String], _ wanted: String) -> Bool {
        let colon = UInt8(ascii: ":")
        let w = Array(wanted.utf8)
        let pieces = w.split(separator: colon, maxSplits: 1, omittingEmptySubsequences: false)
        var letter: UInt8?
        let name: [UInt8]
        if pieces.count == 2, let scope = pieces.first, let rest = pieces.last {
            switch Array(scope) {
            case Array("o".utf8), Array("org".utf8): letter = UInt8(ascii: "o")
            case Array("u".utf8), Array("user".utf8): letter = UInt8(ascii: "u")
            default: return false
            }
            name = Array(rest)
        } else {
            name = w
        }
        if name.isEmpty { return false }
        for entry in list {
            let e = Array(entry.utf8).split(separator: colon, maxSplits: 1, omittingEmptySubsequences: false)
            guard e.count == 2, let entryScope = e.first, let entryName = e.last else { continue }
            guard Array(entryName) == name else { continue }
            if let letter, !entryScope.contains(letter) { continue }
            return true
        }
        return false
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
