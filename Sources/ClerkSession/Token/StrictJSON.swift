/// A small, strict JSON reader for token headers, claims and key sets.
///
/// It accepts exactly RFC 8259 JSON in strict UTF-8 and, unlike Foundation's decoder, refuses duplicate
/// member names (RFC 8725 §2.6: a second `exp` must not sneak past a first), nesting deeper than 32, byte
/// order marks, `NaN`/`Infinity` literals, lone surrogate escapes and trailing data. It does not build a
/// tree of Swift values: it records a flat *tape* of byte ranges, so a parse costs one allocation for the
/// tape and strings are only materialised when someone asks for them.
struct StrictJSON: Sendable {
    enum Kind: UInt8, Sendable { case object, array, string, number, bool, null }

    struct Entry: Sendable {
        var kind: Kind
        /// For strings: the bytes between the quotes. For numbers and literals: the token. For containers: the brackets.
        var start: Int32
        var end: Int32
        /// Index of the entry after this value's subtree.
        var next: Int32
        /// Strings: contains a backslash escape. Bools: the value.
        var flag: Bool
        /// Member names: ``StrictJSON/fingerprint(of:)`` of the decoded name (0 for every other entry), so
        /// the duplicate check and member look-ups compare one word before any bytes.
        var key: UInt64 = 0
    }

    /// Why a document was refused (for messages; the caller maps it to its own error).
    struct ParseError: Error, Sendable {
        let reason: String
        let offset: Int
    }

    static let maximumDepth = 32

    /// A member name's decoded bytes: in place when it has no escape.
    fileprivate static func decodedName(_ entry: Entry, _ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let raw = bytes[Int(entry.start)..<Int(entry.end)]
        return entry.flag ? ArraySlice(unescape(raw)) : raw
    }

    /// The document as parsed.
    let bytes: [UInt8]
    /// The flat record of every value: callers navigate it through the accessors below, never directly.
    private var tape: [Entry]

    /// Parses `bytes`, which must hold one JSON object (a token header, token claims, a key set).
    init(parsing bytes: [UInt8]) throws(ParseError) {
        try self.init(parsing: bytes, requireObject: true)
    }

    /// Parses `bytes` holding any one JSON value, object or not (for the reader's own tests).
    init(parsingAnyValue bytes: [UInt8]) throws(ParseError) {
        try self.init(parsing: bytes, requireObject: false)
    }

    /// A copy of `other` that shares no array storage with it: the verified-token cache's per-thread
    /// replicas hold one, so that what one thread's cache hits read retains nothing another thread retains.
    init(unsharedCopyOf other: StrictJSON) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(other.bytes.count)
        bytes.append(contentsOf: other.bytes)
        var tape: [Entry] = []
        tape.reserveCapacity(other.tape.count)
        tape.append(contentsOf: other.tape)
        self.bytes = bytes
        self.tape = tape
    }

    private init(parsing bytes: [UInt8], requireObject: Bool) throws(ParseError) {
        self.bytes = bytes
        self.tape = []
        tape.reserveCapacity(min(64, bytes.count / 4 + 4))
        guard UTF8Validation.isValid(bytes) else {
            throw ParseError(reason: "not valid UTF-8", offset: 0)
        }
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        if requireObject, parser.peek() != UInt8(ascii: "{") {
            throw ParseError(reason: "the top-level value is not an object", offset: parser.index)
        }
        try parser.parseValue(depth: 0, into: &tape)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw ParseError(reason: "trailing data after the JSON value", offset: parser.index)
        }
    }

    // MARK: Navigation

    var root: Int { 0 }

    func kind(_ index: Int) -> Kind { tape[index].kind }

    /// The value of member `name` of the object at `object`, if present. `name` is compared with the
    /// decoded member name, so `"\u0061lg"` is found as `alg`.
    func member(_ name: [UInt8], in object: Int = 0) -> Int? {
        guard tape[object].kind == .object else { return nil }
        let key = Self.fingerprint(of: name)
        var i = object + 1
        let end = Int(tape[object].next)
        while i < end {
            // Different fingerprints, different names: the bytes are compared only on a match.
            if tape[i].key == key, stringEquals(i, name) { return i + 1 }
            i = Int(tape[i + 1].next)
        }
        return nil
    }

    /// The fingerprint of the member name at `index` (a key entry of ``forEachMember(of:_:)``): equal
    /// names have equal fingerprints, so a caller matching several names compares this word first and
    /// confirms a match with ``stringEquals(_:_:)``.
    @inline(__always)
    func nameFingerprint(_ index: Int) -> UInt64 { tape[index].key }

    /// Whether the string at `index` has no escape and is `length` bytes long. With a fingerprint equal to
    /// that of a name of `length` ≤ 7 bytes, that proves the name is that name (the fingerprint holds its
    /// bytes and its length); without it, compare with ``stringEquals(_:_:)``.
    @inline(__always)
    func isPlain(_ index: Int, length: Int) -> Bool {
        let e = tape[index]
        return !e.flag && Int(e.end &- e.start) == length
    }

    /// Calls `body` with (key entry index, value entry index) for each member of the object.
    @inline(__always)
    func forEachMember(of object: Int, _ body: (Int, Int) throws -> Void) rethrows {
        guard tape[object].kind == .object else { return }
        var i = object + 1
        let end = Int(tape[object].next)
        while i < end {
            try body(i, i + 1)
            i = Int(tape[i + 1].next)
        }
    }

    /// Calls `body` with each element index of the array.
    func forEachElement(of array: Int, _ body: (Int) throws -> Void) rethrows {
        guard tape[array].kind == .array else { return }
        var i = array + 1
        let end = Int(tape[array].next)
        while i < end {
            try body(i)
            i = Int(tape[i].next)
        }
    }

    func elementCount(of container: Int) -> Int {
        var count = 0
        if tape[container].kind == .array {
            forEachElement(of: container) { _ in count += 1 }
        } else if tape[container].kind == .object {
            forEachMember(of: container) { _, _ in count += 1 }
        }
        return count
    }

    // MARK: Values

    /// The decoded UTF-8 bytes of a string entry.
    func stringBytes(_ index: Int) -> [UInt8] {
        let e = tape[index]
        let raw = bytes[Int(e.start)..<Int(e.end)]
        return e.flag ? Self.unescape(raw) : Array(raw)
    }

    func string(_ index: Int) -> String? {
        guard tape[index].kind == .string else { return nil }
        let e = tape[index]
        if !e.flag {
            return String(decoding: bytes[Int(e.start)..<Int(e.end)], as: UTF8.self)
        }
        return String(decoding: Self.unescape(bytes[Int(e.start)..<Int(e.end)]), as: UTF8.self)
    }

    /// Whether the string entry equals `other` (decoded comparison), without allocating for plain strings.
    func stringEquals(_ index: Int, _ other: [UInt8]) -> Bool {
        let e = tape[index]
        guard e.kind == .string else { return false }
        if !e.flag {
            guard Int(e.end - e.start) == other.count else { return false }
            return RawBytes.equal(bytes, at: Int(e.start), other)
        }
        return Self.unescape(bytes[Int(e.start)..<Int(e.end)]) == other
    }

    /// Length in Unicode scalars of a string entry.
    func scalarCount(_ index: Int) -> Int {
        let e = tape[index]
        var count = 0
        if e.flag {
            for byte in stringBytes(index) where byte & 0xC0 != 0x80 { count += 1 }
        } else {
            for i in Int(e.start)..<Int(e.end) where bytes[i] & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }

    func bool(_ index: Int) -> Bool? {
        tape[index].kind == .bool ? tape[index].flag : nil
    }

    /// The raw text of a number entry.
    func numberText(_ index: Int) -> ArraySlice<UInt8>? {
        guard tape[index].kind == .number else { return nil }
        return bytes[Int(tape[index].start)..<Int(tape[index].end)]
    }

    /// The number as a Double (infinite when out of range, e.g. `1e400`).
    func double(_ index: Int) -> Double? {
        guard let text = numberText(index) else { return nil }
        // Fast path: an integer of at most 15 digits is exact.
        var value: Int64 = 0
        var negative = false
        var digits = 0
        var simple = true
        for byte in text {
            if byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39, digits < 15 else {
                simple = false
                break
            }
            value = value &* 10 &+ Int64(byte &- 0x30)
            digits += 1
        }
        if simple { return Double(negative ? -value : value) }
        return Double(String(decoding: text, as: UTF8.self))
    }

    /// The bytes of string entry `index`: a slice of the document when the string has no escape (no
    /// allocation), its decoded bytes otherwise; nil when the entry is not a string.
    func stringValue(_ index: Int) -> ArraySlice<UInt8>? {
        let e = tape[index]
        guard e.kind == .string else { return nil }
        let raw = bytes[Int(e.start)..<Int(e.end)]
        return e.flag ? ArraySlice(Self.unescape(raw)) : raw
    }

    /// Whether entry `index` is a string of at least one byte.
    func isNonEmptyString(_ index: Int) -> Bool {
        let e = tape[index]
        return e.kind == .string && e.end > e.start
    }

    // MARK: Members by name

    /// The string value of member `name` of the object at `object`; nil when absent or not a string.
    func string(member name: [UInt8], in object: Int = 0) -> String? {
        member(name, in: object).flatMap { string($0) }
    }

    /// The number value of member `name` as a Double; nil when absent or not a number.
    func number(member name: [UInt8], in object: Int = 0) -> Double? {
        member(name, in: object).flatMap { double($0) }
    }

    /// The string elements of array member `name` (elements of other types are left out); nil when the
    /// member is absent or not an array.
    func strings(member name: [UInt8], in object: Int = 0) -> [String]? {
        guard let array = member(name, in: object), tape[array].kind == .array else { return nil }
        var out: [String] = []
        forEachElement(of: array) { if let text = string($0) { out.append(text) } }
        return out
    }

    /// The raw JSON text of any value.
    func rawText(_ index: Int) -> ArraySlice<UInt8> {
        let e = tape[index]
        switch e.kind {
        case .string: return bytes[Int(e.start - 1)..<Int(e.end + 1)]
        default: return bytes[Int(e.start)..<Int(e.end)]
        }
    }

    /// A word that equal byte strings share: the first eight bytes (little-endian, zero-padded), the
    /// top byte XOR-ed with the length. Names of up to seven bytes have distinct fingerprints; longer ones
    /// may collide, so a match is always confirmed byte by byte.
    static func fingerprint(of name: some Collection<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        var k: UInt64 = 0
        for byte in name {
            if k == 8 { break }
            word |= UInt64(byte) << (k &* 8)
            k += 1
        }
        return word ^ UInt64(truncatingIfNeeded: name.count) << 56
    }

    // MARK: Unescaping

    static func unescape(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let kind = raw[i + 1]
            i += 2
            switch kind {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default:  // u
                var scalar = hex4(raw, i)
                i += 4
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    let low = hex4(raw, i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(scalar, to: &out)
            }
        }
        return out
    }

    private static func hex4(_ raw: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | UInt32(hexValue(raw[at + k]) ?? 0) }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

/// The three JSON literals, as bytes prepared once.
private enum Literal {
    static let `true` = Array("true".utf8), `false` = Array("false".utf8), null = Array("null".utf8)
}

// MARK: - The parser

extension StrictJSON {
    struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        /// Skips JSON whitespace. Inlined test first: in a compact document the next byte is hardly ever
        /// whitespace (every whitespace byte is at most 0x20).
        @inline(__always)
        mutating func skipWhitespace() {
            if index < bytes.count, bytes[index] > 0x20 { return }
            skipWhitespaceBytes()
        }

        @inline(never)
        private mutating func skipWhitespaceBytes() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        func fail(_ reason: String) -> ParseError { ParseError(reason: reason, offset: index) }

        mutating func parseValue(depth: Int, into tape: inout [Entry]) throws(ParseError) {
            guard let byte = peek() else { throw fail("unexpected end of input") }
            switch byte {
            case UInt8(ascii: "{"): try parseObject(depth: depth + 1, into: &tape)
            case UInt8(ascii: "["): try parseArray(depth: depth + 1, into: &tape)
            case UInt8(ascii: "\""): try parseString(into: &tape)
            case UInt8(ascii: "t"): try parseLiteral(Literal.true, .bool, true, into: &tape)
            case UInt8(ascii: "f"): try parseLiteral(Literal.false, .bool, false, into: &tape)
            case UInt8(ascii: "n"): try parseLiteral(Literal.null, .null, false, into: &tape)
            case UInt8(ascii: "-"), 0x30...0x39: try parseNumber(into: &tape)
            default: throw fail("unexpected character")
            }
        }

        mutating func parseLiteral(_ word: [UInt8], _ kind: Kind, _ flag: Bool, into tape: inout [Entry])
            throws(ParseError)
        {
            let start = index
            let length = word.count
            guard index + length <= bytes.count else { throw fail("truncated literal") }
            for k in 0..<length where bytes[start + k] != word[k] { throw fail("invalid literal") }
            index += length
            tape.append(
                Entry(kind: kind, start: Int32(start), end: Int32(index), next: Int32(tape.count + 1), flag: flag))
        }

        mutating func parseNumber(into tape: inout [Entry]) throws(ParseError) {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), first >= 0x30, first <= 0x39 else { throw fail("invalid number") }
            if first == 0x30 {
                index += 1
                if let next = peek(), next >= 0x30, next <= 0x39 { throw fail("leading zero in number") }
            } else {
                while let d = peek(), d >= 0x30, d <= 0x39 { index += 1 }
            }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard let d = peek(), d >= 0x30, d <= 0x39 else { throw fail("invalid fraction") }
                while let d = peek(), d >= 0x30, d <= 0x39 { index += 1 }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                index += 1
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
                guard let d = peek(), d >= 0x30, d <= 0x39 else { throw fail("invalid exponent") }
                while let d = peek(), d >= 0x30, d <= 0x39 { index += 1 }
            }
            tape.append(
                Entry(kind: .number, start: Int32(start), end: Int32(index), next: Int32(tape.count + 1), flag: false))
        }

        /// Parses a string; a member name also gets its fingerprint (of its decoded bytes) on the tape.
        mutating func parseString(into tape: inout [Entry], isMemberName: Bool = false) throws(ParseError) {
            index += 1  // opening quote
            let start = index
            var escaped = false
            while true {
                // Plain characters first, eight at a time: most strings have no escape at all.
                let end = bytes.count
                index = RawBytes.endOfPlainJSONString(bytes, from: index)
                guard index < end else { throw fail("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw fail("control character in string") }
                escaped = true
                try validateEscape()
            }
            var key: UInt64 = 0
            if isMemberName {
                key =
                    escaped
                    ? StrictJSON.fingerprint(of: StrictJSON.unescape(bytes[start..<index]))
                    : RawBytes.fingerprint(bytes, start, index)
            }
            tape.append(
                Entry(
                    kind: .string, start: Int32(start), end: Int32(index), next: Int32(tape.count + 1), flag: escaped,
                    key: key))
            index += 1  // closing quote
        }

        private mutating func validateEscape() throws(ParseError) {
            guard index + 1 < bytes.count else { throw fail("truncated escape") }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 2
            case UInt8(ascii: "u"):
                let unit = try readHex4(at: index + 2)
                index += 6
                if unit >= 0xDC00, unit <= 0xDFFF { throw fail("lone low surrogate escape") }
                if unit >= 0xD800, unit <= 0xDBFF {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw fail("lone high surrogate escape") }
                    let low = try readHex4(at: index + 2)
                    guard low >= 0xDC00, low <= 0xDFFF else { throw fail("invalid surrogate pair") }
                    index += 6
                }
            default:
                throw fail("invalid escape")
            }
        }

        private func readHex4(at position: Int) throws(ParseError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("truncated unicode escape") }
            var value: UInt32 = 0
            for k in 0..<4 {
                guard let digit = StrictJSON.hexValue(bytes[position + k]) else { throw fail("invalid unicode escape") }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        mutating func parseArray(depth: Int, into tape: inout [Entry]) throws(ParseError) {
            guard depth <= StrictJSON.maximumDepth else { throw fail("nesting deeper than \(StrictJSON.maximumDepth)") }
            let slot = tape.count
            tape.append(Entry(kind: .array, start: Int32(index), end: 0, next: 0, flag: false))
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    try parseValue(depth: depth, into: &tape)
                    skipWhitespace()
                    guard let byte = peek() else { throw fail("unterminated array") }
                    index += 1
                    if byte == UInt8(ascii: "]") { break }
                    guard byte == UInt8(ascii: ",") else { throw fail("expected , or ] in array") }
                }
            }
            tape[slot].end = Int32(index)
            tape[slot].next = Int32(tape.count)
        }

        mutating func parseObject(depth: Int, into tape: inout [Entry]) throws(ParseError) {
            guard depth <= StrictJSON.maximumDepth else { throw fail("nesting deeper than \(StrictJSON.maximumDepth)") }
            let slot = tape.count
            tape.append(Entry(kind: .object, start: Int32(index), end: 0, next: 0, flag: false))
            index += 1
            skipWhitespace()
            var memberCount = 0
            if peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                    memberCount += 1
                    try parseString(into: &tape, isMemberName: true)
                    skipWhitespace()
                    guard peek() == UInt8(ascii: ":") else { throw fail("expected : after a member name") }
                    index += 1
                    skipWhitespace()
                    try parseValue(depth: depth, into: &tape)
                    skipWhitespace()
                    guard let byte = peek() else { throw fail("unterminated object") }
                    index += 1
                    if byte == UInt8(ascii: "}") { break }
                    guard byte == UInt8(ascii: ",") else { throw fail("expected , or } in object") }
                }
            }
            tape[slot].end = Int32(index)
            tape[slot].next = Int32(tape.count)
            if memberCount > 1 { try checkDuplicates(object: slot, count: memberCount, tape) }
        }

        /// Refuses duplicate member names, comparing decoded names. Pairwise for small objects,
        /// sorted for large ones, so a hostile 8 KiB object cannot cost quadratic time.
        private func checkDuplicates(object slot: Int, count: Int, _ tape: [Entry]) throws(ParseError) {
            func name(_ k: Int) -> ArraySlice<UInt8> { StrictJSON.decodedName(tape[k], bytes) }
            let end = Int(tape[slot].next)
            if count <= 16 {
                // Each name's fingerprint marks one bit of 256 (four words); equal names have equal
                // fingerprints, so a duplicate always finds its bit taken. Only a name whose bit is taken is
                // compared with the names before it: a typical claims object is one pass, no pairs.
                var seen: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
                var a = slot + 1
                while a < end {
                    let hash = (tape[a].key &* 0x9E37_79B9_7F4A_7C15) &>> 56
                    let bit: UInt64 = 1 &<< (hash & 63)
                    let taken: Bool
                    switch hash &>> 6 {
                    case 0:
                        taken = seen.0 & bit != 0
                        seen.0 |= bit
                    case 1:
                        taken = seen.1 & bit != 0
                        seen.1 |= bit
                    case 2:
                        taken = seen.2 & bit != 0
                        seen.2 |= bit
                    default:
                        taken = seen.3 & bit != 0
                        seen.3 |= bit
                    }
                    if taken { try checkAgainstEarlierNames(a, object: slot, tape) }
                    a = Int(tape[a + 1].next)
                }
                return
            }
            var keys: [Int] = []
            keys.reserveCapacity(count)
            var k = slot + 1
            while k < end {
                keys.append(k)
                k = Int(tape[k + 1].next)
            }
            let names = keys.map(name).sorted { $0.lexicographicallyPrecedes($1) }
            for k in 1..<names.count where names[k].elementsEqual(names[k - 1]) {
                throw fail("duplicate member name")
            }
        }

        /// Refuses the member name at `a` when a member before it in the object at `slot` has the same
        /// decoded name: fingerprints first, then the bytes (in place, unescaped only when escaped).
        private func checkAgainstEarlierNames(_ a: Int, object slot: Int, _ tape: [Entry]) throws(ParseError) {
            let ea = tape[a]
            let startA = Int(ea.start)
            let lengthA = Int(ea.end - ea.start)
            var b = slot + 1
            while b < a {
                let eb = tape[b]
                let duplicate: Bool
                if ea.key != eb.key {
                    duplicate = false  // different fingerprints of the decoded names
                } else if ea.flag || eb.flag {
                    duplicate = StrictJSON.decodedName(eb, bytes).elementsEqual(StrictJSON.decodedName(ea, bytes))
                } else if Int(eb.end - eb.start) != lengthA {
                    duplicate = false
                } else {
                    let startB = Int(eb.start)
                    duplicate = lengthA == 0 || RawBytes.equal(bytes, startA, startB, count: lengthA)
                }
                if duplicate { throw fail("duplicate member name") }
                b = Int(tape[b + 1].next)
            }
        }
    }
}
