import ClerkSession
import Testing

@Suite("String helpers: ASCII only, byte for byte")
struct StringHelperTests {
    @Test(
        "case-insensitive equality folds ASCII letters and nothing else",
        arguments: [
            ("Authorization", "authorization", true),
            ("AUTHORIZATION", "authorization", true),
            ("\u{212A}ey", "key", false),  // KELVIN SIGN is not K
            ("Cookie", "Cookie ", false),
            ("é", "e\u{301}", false),  // canonically equivalent, different bytes
        ])
    func caseInsensitiveEquals(left: String, right: String, equal: Bool) {
        #expect(left.caseInsensitiveEquals(right) == equal)
        #expect(right.caseInsensitiveEquals(left) == equal)
    }

    @Test(
        "header names lower-case as ASCII tokens; anything else is not a header name",
        arguments: [
            ("X-Test", "x-test"),
            ("Sec-CH-UA", "sec-ch-ua"),
            ("a!#$%&'*+-.^_`|~9", "a!#$%&'*+-.^_`|~9"),
        ])
    func tokens(name: String, lowered: String) {
        #expect(name.lowercasedHTTPToken() == lowered)
    }

    @Test(
        "non-token header names are refused",
        arguments: ["", "\u{212A}ey", "x test", "x:y", "caf\u{E9}", "x\r\ny", "\"q\""])
    func nonTokens(name: String) {
        #expect(name.lowercasedHTTPToken() == nil)
    }

    @Test("trimming removes spaces and tabs only, at the ends only")
    func trimming() {
        #expect(" \t a b \t ".trimmingSpaces() == "a b")
        #expect("\u{A0}a".trimmingSpaces() == "\u{A0}a")  // NO-BREAK SPACE is not trimmed
        #expect("  a ".trimmingLeadingSpaces() == "a ")
        #expect("  a ".trimmingTrailingSpaces() == "  a")
        #expect("".trimmingSpaces().isEmpty)
    }
}
