import Testing

@testable import ClerkSession

/// The strict JSON reader: RFC 8259 exactly, strict UTF-8, no duplicates, depth at most 32.
@Suite("Strict JSON reader")
struct StrictJSONTests {
    static func parses(_ bytes: [UInt8], requireObject: Bool = true) -> Bool {
        (try? (requireObject ? StrictJSON(parsing: bytes) : StrictJSON(parsingAnyValue: bytes))) != nil
    }

    static func parses(_ text: String, requireObject: Bool = true) -> Bool {
        parses(Array(text.utf8), requireObject: requireObject)
    }

    static func parse(_ text: String) throws -> StrictJSON {
        try StrictJSON(parsing: Array(text.utf8))
    }

    @Test("Well-formed documents parse and navigate")
    func wellFormed() throws {
        let json = try Self.parse(
            " {\"a\":1,\"b\":[true,false,null,\"x\",-0.5e+2],\"c\":{\"d\":\"\\u00e9\\n\\\"\"},\"e\":\"\"}\n")
        #expect(json.kind(json.root) == .object)
        #expect(json.elementCount(of: json.root) == 4)
        let a = try #require(json.member(Array("a".utf8)))
        #expect(json.double(a) == 1)
        let b = try #require(json.member(Array("b".utf8)))
        #expect(json.elementCount(of: b) == 5)
        var kinds: [StrictJSON.Kind] = []
        json.forEachElement(of: b) { kinds.append(json.kind($0)) }
        #expect(kinds == [.bool, .bool, .null, .string, .number])
        let c = try #require(json.member(Array("c".utf8)))
        let d = try #require(json.member(Array("d".utf8), in: c))
        #expect(json.string(d) == "é\n\"")
        #expect(json.member(Array("d".utf8)) == nil, "members are looked up in the given object only")
        let e = try #require(json.member(Array("e".utf8)))
        #expect(json.string(e) == "")
        #expect(Self.parses("{}"))
        #expect(Self.parses("[]", requireObject: false))
        #expect(Self.parses("\"s\"", requireObject: false))
        #expect(Self.parses("0", requireObject: false))
        #expect(!Self.parses("[]"), "an object is required by default")
    }

    @Test("Duplicate member names are refused, also when escaped differently")
    func duplicates() {
        #expect(!Self.parses("{\"a\":1,\"a\":2}"))
        #expect(!Self.parses("{\"a\":1,\"\\u0061\":2}"))
        #expect(!Self.parses("{\"\\u0061\":1,\"a\":2}"))
        #expect(!Self.parses("{\"é\":1,\"\\u00e9\":2}"))
        #expect(!Self.parses("{\"a/b\":1,\"a\\/b\":2}"))
        #expect(!Self.parses("{\"x\":{\"a\":1,\"a\":1}}"), "nested objects are checked too")
        #expect(!Self.parses("{\"x\":[{\"k\":1,\"k\":2}]}"))
        #expect(Self.parses("{\"a\":1,\"A\":2,\"a \":3}"), "names differing by case or space are distinct")
        #expect(Self.parses("{\"x\":{\"a\":1},\"y\":{\"a\":1}}"), "the same name in sibling objects is fine")
        #expect(Self.parses("{\"iat\":1,\"iss\":2,\"sid\":3,\"sts\":4,\"sub\":5}"), "same first letter and length")
        #expect(!Self.parses("{\"iat\":1,\"iss\":2,\"sid\":3,\"sts\":4,\"iss\":5}"))
        #expect(!Self.parses("{\"\":1,\"\":2}"), "two empty names")
        #expect(Self.parses("{\"\":1,\"a\":2}"))
    }

    @Test("Large objects (more than 16 members) find duplicates too")
    func largeObjects() {
        let names = (0..<40).map { "\"m\($0)\":\($0)" }
        #expect(Self.parses("{" + names.joined(separator: ",") + "}"))
        #expect(!Self.parses("{" + (names + ["\"m7\":0"]).joined(separator: ",") + "}"))
        #expect(!Self.parses("{" + (names + ["\"m\\u0037\":0"]).joined(separator: ",") + "}"))
        #expect(!Self.parses("{\"dup\":0," + names.joined(separator: ",") + ",\"dup\":1}"))
        let seventeen = (0..<16).map { "\"k\($0)\":0" } + ["\"k0\":1"]
        #expect(seventeen.count == 17)
        #expect(!Self.parses("{" + seventeen.joined(separator: ",") + "}"))
        let sixteen = (0..<15).map { "\"k\($0)\":0" } + ["\"k14\":1"]
        #expect(!Self.parses("{" + sixteen.joined(separator: ",") + "}"))
    }

    @Test("Depth 32 is accepted and 33 refused")
    func depth() {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        #expect(Self.parses(nested(32), requireObject: false))
        #expect(!Self.parses(nested(33), requireObject: false))
        #expect(Self.parses("{\"a\":" + nested(31) + "}"))
        #expect(!Self.parses("{\"a\":" + nested(32) + "}"))
        func objects(_ depth: Int) -> String {
            String(repeating: "{\"a\":", count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        }
        #expect(Self.parses(objects(32)))
        #expect(!Self.parses(objects(33)))
        #expect(!Self.parses(nested(100_000), requireObject: false), "no stack overflow on a nesting bomb")
        #expect(!Self.parses(String(repeating: "[", count: 100_000), requireObject: false))
    }

    @Test("BOM, NaN and Infinity are refused")
    func nonJSONLiterals() {
        #expect(!Self.parses([0xEF, 0xBB, 0xBF] + Array("{}".utf8)))
        for literal in ["NaN", "Infinity", "-Infinity", "+1", "nan", "inf", "undefined", "True", "NULL", "tru", "nul"] {
            #expect(!Self.parses("{\"a\":\(literal)}"), "\(literal)")
        }
    }

    @Test("Numbers follow the RFC 8259 grammar")
    func numbers() throws {
        for good in ["0", "-0", "1", "-1", "0.5", "1e5", "1E+5", "1e-5", "123.456e-7", "1e400", "-1e400"] {
            #expect(Self.parses("{\"n\":\(good)}"), "\(good)")
        }
        for bad in ["01", "-01", "00", "1.", ".5", "-", "1e", "1e+", "0x10", "1_000", "- 1", "1.5.5", "--1", "1e5e5"] {
            #expect(!Self.parses("{\"n\":\(bad)}"), "\(bad)")
        }
        let json = try Self.parse("{\"a\":1e400,\"b\":123456789012345678901234567890,\"c\":-42,\"d\":0.1}")
        #expect(json.double(try #require(json.member(Array("a".utf8)))) == .infinity)
        #expect(json.double(try #require(json.member(Array("b".utf8)))) == 1.2345678901234568e29)
        #expect(json.double(try #require(json.member(Array("c".utf8)))) == -42)
        #expect(json.double(try #require(json.member(Array("d".utf8)))) == 0.1)
    }

    @Test("Lone surrogate escapes are refused; pairs are decoded")
    func surrogates() throws {
        #expect(!Self.parses("{\"a\":\"\\ud800\"}"))
        #expect(!Self.parses("{\"a\":\"\\udc00\"}"))
        #expect(!Self.parses("{\"a\":\"\\ud800\\u0041\"}"))
        #expect(!Self.parses("{\"a\":\"\\ud800\\ud800\"}"))
        #expect(!Self.parses("{\"a\":\"\\ud800x\"}"))
        #expect(!Self.parses("{\"a\":\"\\udbff\"}"))
        let json = try Self.parse("{\"a\":\"\\ud83d\\ude00\"}")
        #expect(json.string(try #require(json.member(Array("a".utf8)))) == "😀")
    }

    @Test("Invalid UTF-8 is refused: stray bytes, overlong forms, encoded surrogates, beyond U+10FFFF")
    func invalidUTF8() {
        let invalid: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
            [0xF0, 0x80, 0x80, 0x80],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80],
            [0xFF], [0xFE], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3, 0x41],
        ]
        for bytes in invalid {
            #expect(!Self.parses(Array("{\"a\":\"".utf8) + bytes + Array("\"}".utf8)), "\(bytes)")
            #expect(!UTF8Validation.isValid(bytes), "\(bytes)")
        }
        let valid: [[UInt8]] = [
            [0x7F], [0xC2, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for bytes in valid {
            #expect(Self.parses(Array("{\"a\":\"".utf8) + bytes + Array("\"}".utf8)), "\(bytes)")
        }
        #expect(!Self.parses(Array("{\"a\":1}".utf8) + [0xC3]), "invalid UTF-8 outside strings too")
    }

    @Test("Trailing data, control characters and bad escapes are refused")
    func structure() {
        let refused = [
            "{}{}", "{} x", "{}\u{0}", "{\"a\":1}}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\" 1}", "{\"a\":}", "{a:1}",
            "{'a':1}",
            "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":\"x}", "{\"a\":1", "", " ", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"new\nline\"}",
            "{\"a\":\"\u{1}\"}", "{\"a\":\"\u{1F}\"}",
            "/* c */ {}", "{\"a\":1} // c",
        ]
        for text in refused {
            #expect(!Self.parses(text), "\(text.debugDescription)")
        }
        #expect(Self.parses("{\"a\":\"\u{7F}\"}"), "DEL is not a control character for JSON")
        #expect(Self.parses(" \t\r\n{ \"a\" : [ 1 , 2 ] } \t\r\n"), "JSON whitespace is fine")
        #expect(!Self.parses("\u{A0}{}"), "only JSON whitespace is skipped")
    }

    @Test("Errors carry a reason and an offset")
    func errors() throws {
        let duplicate = try #require(throws: StrictJSON.ParseError.self, "duplicate accepted") {
            try StrictJSON(parsing: Array("{\"a\":1,\"a\":2}".utf8))
        }
        #expect(duplicate.reason.contains("duplicate"))
        #expect(duplicate.offset > 0)
        let trailing = try #require(throws: StrictJSON.ParseError.self, "trailing data accepted") {
            try StrictJSON(parsing: Array("{\"a\":1} x".utf8))
        }
        #expect(trailing.reason.contains("trailing"))
        #expect(trailing.offset == 8)
    }
}
