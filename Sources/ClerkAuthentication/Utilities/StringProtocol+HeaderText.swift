// The package's one set of helpers for header and cookie text: ASCII case folding and the trimming of
// spaces and tabs (never Unicode-aware comparison: the text is untrusted).

extension StringProtocol {
    /// Equal under ASCII case folding, byte for byte (no Unicode equivalence).
    package func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == (b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
    }

    /// Without trailing spaces and tabs.
    package func trimmingTrailingSpaces() -> String {
        var s = String(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }

    /// Without leading spaces and tabs.
    package func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    /// Without leading or trailing spaces and tabs.
    package func trimmingSpaces() -> String {
        trimmingLeadingSpaces().trimmingTrailingSpaces()
    }
}
