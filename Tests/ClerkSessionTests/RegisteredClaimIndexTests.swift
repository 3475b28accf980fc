import Testing

@testable import ClerkSession

/// `RegisteredClaimIndex` finds, in one pass, exactly what `StrictJSON.member(_:in:)` finds name by name.
@Suite("Registered claim index")
struct RegisteredClaimIndexTests {
    static let names = ["exp", "nbf", "iat", "iss", "sub", "sid", "azp", "aud", "sts", "jti"]

    static func field(_ index: RegisteredClaimIndex, _ name: String) -> Int? {
        switch name {
        case "exp": index.exp
        case "nbf": index.nbf
        case "iat": index.iat
        case "iss": index.iss
        case "sub": index.sub
        case "sid": index.sid
        case "azp": index.azp
        case "aud": index.aud
        case "sts": index.sts
        default: index.jti
        }
    }

    @Test("the folded fingerprints are the reader's")
    func fingerprints() {
        for name in Self.names {
            let scalars = Array(name.unicodeScalars)
            #expect(
                RegisteredClaimIndex.fingerprint(scalars[0], scalars[1], scalars[2])
                    == StrictJSON.fingerprint(of: Array(name.utf8)), "\(name)")
        }
    }

    static let documents: [String] = [
        #"{}"#,
        #"{"exp":1,"nbf":2,"iat":3,"iss":"i","sub":"s","sid":"d","azp":"a","aud":["x"],"sts":"active","jti":"j"}"#,
        #"{"jti":"j","sts":"p","aud":"x","azp":"a","sid":"d","sub":"s","iss":"i","iat":3,"nbf":2,"exp":1}"#,
        // Escaped names are the claims they decode to.
        #"{"\u0065xp":1,"s\u0075b":"s","\u0069ss":"i","a\u007Ap":"a"}"#,
        // Near misses: longer, shorter, other case, a shared prefix, a NUL, nested claims.
        #"{"expx":1,"ex":2,"EXP":3,"exp\u0000":4,"subject":"s","o":{"exp":5,"sub":"t"},"a":[{"iss":"i"}]}"#,
        #"{"e":1,"x":2,"p":3,"ssi":"i","bus":"s","pxe":1}"#,
        // Eight and more bytes that share a three-byte name's fingerprint (eighth byte XOR length = 3).
        #"{"exp\u0000\u0000\u0000\u0000\u000b":1,"sub\u0000\u0000\u0000\u0000\u0008abc":"s","iss":"i"}"#,
        // Some present, some absent, among Clerk's other claims.
        #"{"azp":"https://a","exp":10,"fva":[1,2],"iat":4,"iss":"https://i","nbf":3,"sid":"sess","sts":"active","sub":"user","v":2}"#,
    ]

    @Test("one pass finds what member(_:in:) finds", arguments: documents)
    func sameAsMember(document: String) throws {
        let json = try StrictJSON(parsing: Array(document.utf8))
        let index = RegisteredClaimIndex(json)
        for name in Self.names {
            #expect(Self.field(index, name) == json.member(Array(name.utf8)), "\(name) in \(document)")
        }
    }

    @Test("the long names in the documents above do share the three-byte names' fingerprints")
    func collisionsAreReal() {
        let exp8: [UInt8] = Array("exp".utf8) + [0, 0, 0, 0, 0x0B]
        let sub11: [UInt8] = Array("sub".utf8) + [0, 0, 0, 0, 0x08] + Array("abc".utf8)
        #expect(StrictJSON.fingerprint(of: exp8) == StrictJSON.fingerprint(of: Array("exp".utf8)))
        #expect(StrictJSON.fingerprint(of: sub11) == StrictJSON.fingerprint(of: Array("sub".utf8)))
    }

    @Test("a root that is not an object has no claims")
    func nonObjectRoot() throws {
        let json = try StrictJSON(parsingAnyValue: Array(#"[{"exp":1}]"#.utf8))
        let index = RegisteredClaimIndex(json)
        for name in Self.names { #expect(Self.field(index, name) == nil, "\(name)") }
    }
}
