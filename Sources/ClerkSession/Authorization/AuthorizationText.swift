/// Byte-level text rules of Clerk's `has()`: JavaScript's `trim()`, `split`, and `prefixWithOrg`, over
/// UTF-8 bytes so that nothing from a token is compared as a Swift `String` (no Unicode canonical
/// equivalence) and no input can trap.
enum AuthorizationText {
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let orgPrefix = Array("org:".utf8)

    /// `text.split(separator)` as JavaScript does it: every piece kept, empty ones too.
    static func split(_ text: ArraySlice<UInt8>, _ separator: UInt8) -> [ArraySlice<UInt8>] {
        text.split(separator: separator, omittingEmptySubsequences: false)
    }

    /// JavaScript's `String.prototype.trim()`: strips WhiteSpace and LineTerminator code points (tab,
    /// VT, FF, space, NBSP, BOM, the other Zs spaces, LF, CR, U+2028, U+2029) at both ends.
    static func trim(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = text.startIndex
        var end = text.endIndex
        while start < end, let length = whitespaceLength(text, at: start, end: end) { start += length }
        while start < end {
            // The last scalar starts at the last byte that is not a continuation byte.
            var at = end - 1
            while at > start, text[at] & 0xC0 == 0x80, end - at < 4 { at -= 1 }
            guard let length = whitespaceLength(text, at: at, end: end), at + length == end else { break }
            end = at
        }
        return text[start..<end]
    }

    /// The length of the whitespace scalar at `at`, or nil when there is none.
    private static func whitespaceLength(_ text: ArraySlice<UInt8>, at: Int, end: Int) -> Int? {
        let b0 = text[at]
        switch b0 {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: return 1
        case 0xC2:
            return at + 1 < end && text[at + 1] == 0xA0 ? 2 : nil  // U+00A0
        case 0xE1:
            // U+1680
            return at + 2 < end && text[at + 1] == 0x9A && text[at + 2] == 0x80 ? 3 : nil
        case 0xE2:
            guard at + 2 < end else { return nil }
            let b1 = text[at + 1]
            let b2 = text[at + 2]
            if b1 == 0x80, (0x80...0x8A).contains(b2) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return 3 }
            if b1 == 0x81, b2 == 0x9F { return 3 }  // U+205F
            return nil
        case 0xE3:
            return at + 2 < end && text[at + 1] == 0x80 && text[at + 2] == 0x80 ? 3 : nil  // U+3000
        case 0xEF:
            return at + 2 < end && text[at + 1] == 0xBB && text[at + 2] == 0xBF ? 3 : nil  // U+FEFF
        default: return nil
        }
    }

    /// `value` without its leading run of `org:` (the part after `prefixWithOrg`'s `org:`): Clerk's
    /// `value.replace(/^(org:)*/, 'org:')` is `org:` followed by this.
    static func withoutOrgPrefixes(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var rest = value
        while rest.starts(with: orgPrefix) { rest = rest.dropFirst(orgPrefix.count) }
        return rest
    }

    /// Whether `prefixWithOrg(candidate) == "org:" + name`, where `name` is already without its prefixes.
    static func equalsPrefixedWithOrg(_ candidate: ArraySlice<UInt8>, name: ArraySlice<UInt8>) -> Bool {
        candidate.count == orgPrefix.count + name.count && candidate.starts(with: orgPrefix)
            && candidate.dropFirst(orgPrefix.count).elementsEqual(name)
    }
}
