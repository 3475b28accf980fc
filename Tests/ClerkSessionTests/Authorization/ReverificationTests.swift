import Testing

@testable import ClerkSession

/// Reverification from `fva`, Clerk's `checkReverificationAuthorization`: the four presets, custom
/// levels and ages, the strict `<` at the boundary, `-1` for a factor group the user does not have,
/// graceful downgrade, and malformed `fva` failing closed.
@Suite("Reverification from fva")
struct ReverificationTests {
    typealias F = AuthorizationFixture

    static func session(fva: String) throws -> VerifiedSession { try F.session("\"fva\":\(fva)") }

    @Test("The presets are Clerk's TYPES_TO_OBJECTS")
    func presets() {
        #expect(ReverificationRequirement.strictMFA.level == .multiFactor)
        #expect(ReverificationRequirement.strictMFA.afterMinutes == 10)
        #expect(ReverificationRequirement.strict.level == .secondFactor)
        #expect(ReverificationRequirement.strict.afterMinutes == 10)
        #expect(ReverificationRequirement.moderate.level == .secondFactor)
        #expect(ReverificationRequirement.moderate.afterMinutes == 60)
        #expect(ReverificationRequirement.lax.level == .secondFactor)
        #expect(ReverificationRequirement.lax.afterMinutes == 1_440)
        let names = [ReverificationRequirement.strictMFA, .strict, .moderate, .lax].map(\.presetName)
        #expect(names == ["strict_mfa", "strict", "moderate", "lax"])
        #expect(ReverificationRequirement(presetName: "strict_mfa") == .strictMFA)
        #expect(ReverificationRequirement(presetName: "lax") == .lax)
        #expect(ReverificationRequirement(presetName: "Strict") == nil)
        #expect(ReverificationRequirement(presetName: "invalid-value") == nil)
        #expect(ReverificationRequirement.custom(level: .firstFactor, afterMinutes: 5).presetName == nil)
        #expect(ReverificationLevel.allCases.map(\.rawValue) == ["first_factor", "second_factor", "multi_factor"])
    }

    @Test("Fresh means strictly younger than afterMinutes")
    func boundary() throws {
        #expect(try Self.session(fva: "[9,9]").isReverified(.strict))
        #expect(!(try Self.session(fva: "[10,10]").isReverified(.strict)))
        #expect(try Self.session(fva: "[9.999,9.999]").isReverified(.strict))
        #expect(try Self.session(fva: "[59,59]").isReverified(.moderate))
        #expect(!(try Self.session(fva: "[60,60]").isReverified(.moderate)))
        #expect(try Self.session(fva: "[1439,1439]").isReverified(.lax))
        #expect(!(try Self.session(fva: "[1440,1440]").isReverified(.lax)))
        #expect(try Self.session(fva: "[0,0]").isReverified(.custom(level: .multiFactor, afterMinutes: 1)))
        #expect(!(try Self.session(fva: "[1,0]").isReverified(.custom(level: .multiFactor, afterMinutes: 1))))
    }

    /// Each level over `[f1, f2]`: (fva, first, second, multi) at afterMinutes 10.
    static let table: [(String, Bool, Bool, Bool)] = [
        ("[5,5]", true, true, true),
        ("[5,20]", true, false, false),
        ("[20,5]", false, true, false),
        ("[20,20]", false, false, false),
        // No second factor: second and multi fall back to the first.
        ("[5,-1]", true, true, true),
        ("[20,-1]", false, false, false),
        // No first factor: second reads the second; multi never passes.
        ("[-1,5]", false, true, false),
        ("[-1,20]", false, false, false),
        // Neither: always false.
        ("[-1,-1]", false, false, false),
    ]

    @Test("Levels over fva, with -1 for a factor group the user does not have", arguments: table)
    func levels(_ row: (String, Bool, Bool, Bool)) throws {
        let session = try Self.session(fva: row.0)
        #expect(session.isReverified(.custom(level: .firstFactor, afterMinutes: 10)) == row.1, "\(row.0)")
        #expect(session.isReverified(.custom(level: .secondFactor, afterMinutes: 10)) == row.2, "\(row.0)")
        #expect(session.isReverified(.custom(level: .multiFactor, afterMinutes: 10)) == row.3, "\(row.0)")
        #expect(session.isReverified(.strict) == row.2, "\(row.0)")
        #expect(session.isReverified(.strictMFA) == row.3, "\(row.0)")
        #expect(session.has(.reverification(.strictMFA)) == row.3, "\(row.0)")
    }

    @Test(
        "Malformed fva fails every requirement",
        arguments: [
            "null", "[]", "[0]", "[0,0,0]", "\"0,0\"", "{}", "[\"0\",\"0\"]", "[null,0]", "[0,true]", "[-0.5,0]",
            "[0,-2]", "[-1e300,0]", "[1e400,0]", "[0,-1e400]", "[[0],0]", "0",
        ])
    func malformed(_ fva: String) throws {
        let session = try Self.session(fva: fva)
        for requirement in [
            ReverificationRequirement.strictMFA, .strict, .moderate, .lax,
            .custom(level: .firstFactor, afterMinutes: .max),
        ] {
            #expect(!session.isReverified(requirement), "\(fva) \(requirement)")
        }
    }

    @Test("Absent fva fails; well-formed non-integers and -0 are ages")
    func absentAndOddNumbers() throws {
        #expect(!(try F.session("")).isReverified(.lax))
        #expect(try Self.session(fva: "[-0,-1]").isReverified(.strict))
        #expect(try Self.session(fva: "[0.5,1e0]").isReverified(.strictMFA))
        #expect(try Self.session(fva: "[1e5,-1]").isReverified(.custom(level: .firstFactor, afterMinutes: 100_001)))
    }

    @Test("Invalid custom requirements are never satisfied; huge ones do not trap")
    func customRequirements() throws {
        let session = try Self.session(fva: "[0,0]")
        #expect(!session.isReverified(.custom(level: .firstFactor, afterMinutes: 0)))
        #expect(!session.isReverified(.custom(level: .secondFactor, afterMinutes: -5)))
        #expect(!session.isReverified(.custom(level: .multiFactor, afterMinutes: .min)))
        #expect(session.isReverified(.custom(level: .multiFactor, afterMinutes: .max)))
    }
}
