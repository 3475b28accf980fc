import Testing

@testable import ClerkSession

/// The text rules under `has()`: Clerk's `splitByScope` (ported from `authorization.spec.ts`), the scoped
/// look-up of a feature or plan, JavaScript's `trim()`, and `prefixWithOrg`; and no input traps.
@Suite("has(): splitByScope and the text rules")
struct AuthorizationTextTests {
    static func strings(_ list: [ArraySlice<UInt8>]) -> [String] { list.map { String(decoding: $0, as: UTF8.self) } }

    @Test("splitByScope: o and u")
    func split() throws {
        let list = try #require(ScopedClaimList(Array("o:reservations,u:dashboard".utf8)[...]))
        #expect(Self.strings(list.organization) == ["reservations"])
        #expect(Self.strings(list.user) == ["dashboard"])
    }

    @Test("splitByScope: ou and uo are both; other scopes are ignored")
    func splitMultipleScopes() throws {
        let list = try #require(
            ScopedClaimList(Array("o:reservations,u:dashboard,ou:support-chat,uo:billing,x:ignored,:empty".utf8)[...]))
        #expect(Self.strings(list.organization) == ["reservations", "support-chat", "billing"])
        #expect(Self.strings(list.user) == ["dashboard", "support-chat", "billing"])
    }

    @Test("splitByScope: an element without a colon makes the claim malformed")
    func splitMissingColon() {
        #expect(ScopedClaimList(Array("reservations,dashboard".utf8)[...]) == nil)
        #expect(ScopedClaimList(Array("o:a,".utf8)[...]) == nil)  // the empty last element
        #expect(ScopedClaimList(Array("".utf8)[...]) == nil)
    }

    @Test("Scoped look-up: first two pieces of a split on ':', o/org/organization and u/user")
    func lookUp() throws {
        let list = try #require(ScopedClaimList(Array("o:a,u:b,o:o,ou:c".utf8)[...]))
        #expect(list.contains("a") && list.contains("o:a") && list.contains("org:a") && list.contains("organization:a"))
        #expect(!list.contains("u:a") && !list.contains("user:a"))
        #expect(list.contains("b") && list.contains("u:b") && !list.contains("o:b"))
        #expect(list.contains("o:c") && list.contains("u:c"))
        #expect(list.contains("o:a:ignored"))  // only the first two pieces count
        #expect(!list.contains("lol:a") && !list.contains(":a") && !list.contains("Org:a"))
        #expect(list.contains("o:"))  // Clerk: an empty id falls back to the scope text, "o"
        #expect(!list.contains("u:"))
    }

    @Test("JavaScript trim(): ASCII and Unicode white space at both ends, nothing inside")
    func trim() {
        func trimmed(_ text: String) -> String {
            String(decoding: AuthorizationText.trim(Array(text.utf8)[...]), as: UTF8.self)
        }
        #expect(
            trimmed(
                " \t\n\r\u{0B}\u{0C}a b\u{A0}\u{FEFF}\u{2028}\u{2029}\u{3000}\u{205F}\u{1680}\u{2000}\u{200A}\u{202F}")
                == "a b")
        #expect(trimmed("\u{200B}a") == "\u{200B}a")  // zero-width space is not white space
        #expect(trimmed("\u{85}a") == "\u{85}a")  // nor is NEL
        #expect(trimmed("é") == "é" && trimmed(" \u{E9} ") == "\u{E9}")
        #expect(trimmed("") == "" && trimmed("   ") == "")
    }

    @Test("prefixWithOrg collapses repeated leading org: only")
    func prefixWithOrg() {
        func stripped(_ text: String) -> String {
            String(decoding: AuthorizationText.withoutOrgPrefixes(Array(text.utf8)[...]), as: UTF8.self)
        }
        #expect(stripped("admin") == "admin")
        #expect(stripped("org:admin") == "admin")
        #expect(stripped("org:org:org:admin") == "admin")
        #expect(stripped("org:") == "" && stripped("orgorg:") == "orgorg:" && stripped("Org:a") == "Org:a")
        #expect(stripped("x:org:a") == "x:org:a")
    }

    @Test("Arbitrary checks over arbitrary claims never trap")
    func property() throws {
        let alphabet: [Character] = [
            ":", ",", " ", "o", "u", "r", "g", "\u{A0}", "\u{212A}", "\u{0301}", "\u{2028}", "a",
        ]
        var generator = SplitMix64(seed: 0xA117_0012)
        func text() -> String {
            let length = Int(generator.next() % 10)
            return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        func json(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                out += scalar == "\"" || scalar == "\\" ? "\\\(scalar)" : String(scalar)
            }
            return out + "\""
        }
        for round in 0..<200 {
            let v2 = round % 2 == 0
            let members =
                v2
                ? "\"v\":2,\"fea\":\(json(text())),\"pla\":\(json(text())),\"o\":{\"id\":\"org_1\",\"rol\":\(json(text())),\"per\":\(json(text())),\"fpm\":\(json(text()))}"
                : "\"org_id\":\"org_1\",\"org_role\":\(json(text())),\"org_permissions\":[\(json(text()))],\"fea\":\(json(text()))"
            let session = try AuthorizationFixture.session(members)
            for _ in 0..<20 {
                let check = AuthorizationCheck(role: text(), permission: text(), feature: text(), plan: text())
                _ = session.has(check)
                _ = session.has(.feature(text()))
                _ = session.has(.permission(text()))
            }
        }
    }
}
