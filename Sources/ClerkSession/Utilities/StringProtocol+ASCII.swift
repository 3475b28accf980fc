// The package's one set of string helpers: ASCII case folding and the trimming of spaces and tabs for
// header, cookie and claim-list text (never Unicode-aware comparison: the text is untrusted), and the two
// conversions of configuration text.

extension StringProtocol {
    /// Equal under ASCII case folding, byte for byte (no Unicode equivalence).
    @inlinable package func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == (b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
    }

    /// The text in ASCII lower case when it is an HTTP token (RFC 9110 `tchar`s: the only bytes a header
    /// name may hold), else nil. Names that pass compare equal as `String`s only when their bytes are
    /// equal, so they are safe as dictionary keys.
    package func lowercasedHTTPToken() -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                bytes.append(byte | 0x20)
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                return nil
            }
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Without trailing spaces and tabs.
    @inlinable package func trimmingTrailingSpaces() -> String {
        var s = String(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }

    /// Without leading spaces and tabs.
    @inlinable package func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    /// Without leading or trailing spaces and tabs.
    @inlinable package func trimmingSpaces() -> String {
        trimmingLeadingSpaces().trimmingTrailingSpaces()
    }
}

extension String {
    /// Turns literal `\n` (and `\r\n`) escapes, as found in environment values, into line breaks.
    package func replacingEscapedNewlines() -> String {
        guard contains("\\n") else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        var iterator = makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else {
                    out.append(character)
                    break
                }
                switch next {
                case "n": out.append("\n")
                case "r": continue
                default:
                    out.append(character)
                    out.append(next)
                }
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Without leading and trailing ASCII whitespace (space, tab, CR, LF), as around PEM text.
    package func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
