import ClerkSession

/// Fixed keys and tokens shared by the fuzz targets.
///
/// The JWKS holds the public halves of two throwaway RSA keys (2048 and 4096 bits, generated once for the
/// fuzz corpus; the private halves were discarded). The tokens were signed with them for
/// ``issuer``/``authorizedParty`` at ``issuedAt``; the verifiers below read a clock stopped 5 s later, so
/// these tokens verify, forever, and nothing else should.
public enum Fixtures {
    public static let issuer = "https://clerk.example.test"
    public static let authorizedParty = "https://app.example.test"
    public static let issuedAt: Double = 1_700_000_000

    /// The JWKS document (`ins_test_main`, 2048 bits; `ins_big_4096`, 4096 bits).
    public static let jwks =
        #"{"keys":[{"kty":"RSA","kid":"ins_test_main","use":"sig","alg":"RS256","n":"-1UoWVuhcNexq8dd2wPo3g4boLP7iMXUDWvp72NRUEB9O_mup7XLA3nwUycri2BzWxQCIVq1NtVy1rtWz5h8Ukdp5Qx3rJhUiI1ENRFjsGFJcT0yu0vc04xIAS6Em_innQeYWDB47b7dN1j4ke-JiEkd-Qzd933_-DrQDC5eheElfR65nl4P3SHmXLCyi3kweVt9m_YWkB0vxkWUNozk95knNPjt_Q65u4CBLFe6QSMBIZqk6Kw68wSwJCKDio2h4WoN3HBpdHMKc6T3HJ7O1zi83ilFV4mU1OEVqJP5BNhXnrjN7FUgvQkf5B2R7UvwR32qDmcFx7hQXi7OyjV1GQ","e":"AQAB"},{"kty":"RSA","kid":"ins_big_4096","use":"sig","alg":"RS256","n":"07uM4Y3JvxLbQroDIlPwaSo3dVpezIJZ6zADw0AXcwEnIoxX8oPCvl8TFcH2iHPruW6mq9-ldGqQXjYQTB112HTD1W1pOlIQ47QmE6-ppJDBdpZ50NFHU1DSsejeKuHROBi_n9E0UCyUEO3e8UG7xX2UX2ezVXemxRpbrp2QQhjYyVwPsC2-jCCqZvaY2XLDRYpq2eIdxWzt3Gn4zYBcjlwyC5RgSzeuGpycp3Ku_GVzG3q9P-yav-FYjuR3o0rQQyFtuvs6yDsskSrL4oCMob3aZY7Mq6mDAg0fTN-NZ3zQ0SLf3T55CzE2ITP5fPMO6jv1mMfzWNcgQI0HSaaENgd02lRhXFjdUXVcEYOXdv2BvD_G7xKhtvbpbhHGikuhrlA9xyADF5B0njmjwW7eOfB_qfRoAXyRlvxE4lzAsBuq5-ra0l-vj0iP1jw7LtDkLKmOtM9XaDx9JKU8nAQrC67qoLt9oLe1DmjfKJSbOovi5WwRso8rD-BFTgKoEqJsnTOyDx23-8YEGEgwXg_YgRHltsr4jY2goQ18fugfa5zH5z3oQgzaZmYqHP9iWT7VTHJdt77xLynNM73-VDcZ3OcWQmQA_MWb5iqQfTv-uOWW6c-SikHMOLkZqg5ebQStXKEMrM3s9yfNthgj4MPPQYknbh3GmCvEo6_WRqgK8wc","e":"AQAB"}]}"#

    /// Every token these keys ever signed that the policy below accepts.
    public static let validTokens: [String] = [
        // valid-v2
        "eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0I3ZDRQRDExMUFBQSIsImtpZCI6Imluc190ZXN0X21haW4iLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3MDAwMDAwNjAsImZ2YSI6WzAsLTFdLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6Imh0dHBzOi8vY2xlcmsuZXhhbXBsZS50ZXN0IiwianRpIjoianRpXzEiLCJuYmYiOjE2OTk5OTk5OTAsInNpZCI6InNlc3NfMmZ1enoiLCJzdHMiOiJhY3RpdmUiLCJzdWIiOiJ1c2VyXzJmdXp6IiwidiI6Mn0.d5XaTWcrMveZNKJeOPXayOxJqcW8YwQNnxpFYBdiF8ch0Gh_oHXRrc0tlE5eCarbRKjTDfQY4X6vjqySds5CnaJYAmrDIOad2KOQ_nC0d6MwxhV3S5XuuwCySOFTuxlMM0jigGK0I0gRsyshh-_3O2Db9HwmLsYwMBok1Y7F9M1fzTvcnoItRSCkYANy98enjQtC5kZjKgaaHI4OSNIrhK092JoOpqyomn9mVIEC44bWIWCv9e7oWrmboVQ_MRgPhmWwykIsLJcQuIhbf40jzWuQCgDAz76ePnCG4dFHJ7Sg-OVIbf0jFnIPxXmCvzNlneXyA5vyf2q6G5dsYOlXtw",
        // valid-v1-org
        "eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0I3ZDRQRDExMUFBQSIsImtpZCI6Imluc190ZXN0X21haW4iLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3MDAwMDAwNjAsImlhdCI6MTcwMDAwMDAwMCwiaXNzIjoiaHR0cHM6Ly9jbGVyay5leGFtcGxlLnRlc3QiLCJuYmYiOjE2OTk5OTk5OTAsInNpZCI6InNlc3NfMSIsInN1YiI6InVzZXJfMSIsIm9yZ19pZCI6Im9yZ18xIiwib3JnX3JvbGUiOiJvcmc6YWRtaW4iLCJvcmdfc2x1ZyI6ImFjbWUiLCJvcmdfcGVybWlzc2lvbnMiOlsib3JnOnN5c19tZW1iZXJzaGlwczpyZWFkIl19.XvMa8iEqE0xHgjH9gs00HAKgAGzJi2YIoZo998gwIc4Y6MJbudsaFc0W8J3TmdDvioWRmClcUnCawacq1miGap4k_dphibJ9X6LVQCyF68QX-hRHYth28h0E79MpT6mCUvgy_Uu_eWjTrvnJcKPkspZBj8nEQ8uKRkN9lFzqwWdYzIb4IPIHtQ2qg9aE-uelsCrPaQE6Hyy40orG-zY_XiLT5TsTl0P6XKP1iQ3bwMlbX1KjwDfalsm_SPRTr235SSZ9DpMqjHOVBBaA5iteQFlaid_Dt9g_3Myq2DJ3nqnraFx608XTT0I5fH4BXlmMpVK8qSgWk1QC9JlREcqgBQ",
        // valid-v2-org
        "eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0I3ZDRQRDExMUFBQSIsImtpZCI6Imluc190ZXN0X21haW4iLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3MDAwMDAwNjAsImZ2YSI6WzAsLTFdLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6Imh0dHBzOi8vY2xlcmsuZXhhbXBsZS50ZXN0IiwianRpIjoianRpXzEiLCJuYmYiOjE2OTk5OTk5OTAsInNpZCI6InNlc3NfMmZ1enoiLCJzdHMiOiJhY3RpdmUiLCJzdWIiOiJ1c2VyXzJmdXp6IiwidiI6MiwibyI6eyJpZCI6Im9yZ18yIiwicm9sIjoiYWRtaW4iLCJzbGciOiJhY21lIiwicGVyIjoicmVhZCxtYW5hZ2UiLCJmcG0iOiIzIn0sImZlYSI6Im86YmlsbGluZyIsInBsYSI6InU6ZnJlZSJ9.DINd6Q2xjMwoZ7SRl_BWcaXvbvZKoc2MhzFgqSqFGVvoDim03DxARr3R97vgMqaUkOZWEe649snNTJjU6UNMepYfuBVas7OAxiAFH6VrRumgukQ-1pgLuhsQyHEsSHJKGr9RPJUg0ouVvF8GSKdUbWKfEJe617VYjdjke4iVr5rI4MG-Nl_5sts_iq7lCwmfC3rlJ1UlipZ0fj91lRtECaoeWLAGQCqoWS6q6XJC-8iCPQ6f5HuAqEO7X1xaLOb16_7RGDjU46_MMiGJcZPPSQlALRT2t-0GcSSQZe2zH7A_MF5mS0db-H9cPjlnJCEI8BurvY9y9XJZS9qMofRlxA",
        // valid-4096
        "eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0I3ZDRQRDExMUFBQSIsImtpZCI6Imluc19iaWdfNDA5NiIsInR5cCI6IkpXVCJ9.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3MDAwMDAwNjAsImZ2YSI6WzAsLTFdLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6Imh0dHBzOi8vY2xlcmsuZXhhbXBsZS50ZXN0IiwianRpIjoianRpXzEiLCJuYmYiOjE2OTk5OTk5OTAsInNpZCI6InNlc3NfMmZ1enoiLCJzdHMiOiJhY3RpdmUiLCJzdWIiOiJ1c2VyXzJmdXp6IiwidiI6Mn0.kttIaNtnsoCI7A5OA3beTqCJhzWV_V5evgLoxD51X_gvyPRzOyGGujqRKusw4LO9aoPIHLjHiAwmYM768qchiGlUxGdcNxZr1I3b2CK0FmjW9PhidSh3ymP7B3l2VES9lmUvI1onCk0dZbP5fL-a54A5eazRYaMHouuCaaOyinnf8GuXKYFH8nUJCpx5JnQHSO6DLmWe9MDCwI9XbGAPKbjjhZmE2U97ZFe3jifKj8NsT5Fp9O2NR45LMYnRP4G53eK-vvHr2aZ06gmHeLqvyQieJRsXoBBlsn6nP8rk4rPPmLNkvI4cbx0dp8pzCE67c-DQeI0SQKQZEDCN0Gv3n6DCYx80blZxJ2a8Cve4LjU2N2ufrpb1prNW4UkcHg1Zmmp_x0t4Ri3OTM8yymsKYAn9wzRfrYEN_rba5U502hx1yYiu6eNwS9V7sgICPS5kazod3IaAePQBBlkk9aAlI1CjTKt6me20B9EfJEk2W3nxWTcK0dMaOIQOYTA4j5BLHg-sNmm6T1zT8hzIB2iz2P5eLpMry346_ol1SUC7sOQPVY3Re2KxxIZjECR6t8SfjHxRw-4sVVUzeMp2ECsdcHB1WapoMlh-A2quZeXjQmMgngqmMBDzflF0--y0n3TFMoT32Xo2nM1FwZfOKUnVH7Tnr7-8mPg0zGaDTvVaing",
        // valid-neutral-cat
        "eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0k3ZDRQRDExMUlJSSIsImtpZCI6Imluc190ZXN0X21haW4iLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3MDAwMDAwNjAsImZ2YSI6WzAsLTFdLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6Imh0dHBzOi8vY2xlcmsuZXhhbXBsZS50ZXN0IiwianRpIjoianRpXzEiLCJuYmYiOjE2OTk5OTk5OTAsInNpZCI6InNlc3NfMmZ1enoiLCJzdHMiOiJhY3RpdmUiLCJzdWIiOiJ1c2VyXzJmdXp6IiwidiI6Mn0.1mVz2fZvSsKbdcPB1M5xyutXpEFRV231KUmey1seZMYno4FXsAzFbK_XKox33Xf40Bt7vtAaYl4ODJcWj839k_683fa9QYTzq6qJCx2-ym_D6TmJHtQi851H7aQwe2X3oxKBsau0Ske73k1QyL9IqsZCAtQt61NylV5_nAH-UEwFyAU7WJfQ-UVrir1H22mEnILPXd9UCKdAM3tKPOwPjQMc6bM4ZzBRDkLb121q9k4nns6Gr0NjsKo1tO4P7phZpB5DqCRC3g1gzkgnRCR0ZLStLBM-osrL_r3rDLPnkxIaKmZ6EJ3UHk5bIgzio-r0YC6DEmwsO4o7r6FI0oH0bw",
        // valid-actor
        "eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0I3ZDRQRDExMUFBQSIsImtpZCI6Imluc190ZXN0X21haW4iLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3MDAwMDAwNjAsImZ2YSI6WzAsLTFdLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6Imh0dHBzOi8vY2xlcmsuZXhhbXBsZS50ZXN0IiwianRpIjoianRpXzEiLCJuYmYiOjE2OTk5OTk5OTAsInNpZCI6InNlc3NfMmZ1enoiLCJzdHMiOiJhY3RpdmUiLCJzdWIiOiJ1c2VyXzJmdXp6IiwidiI6MiwiYWN0Ijp7InN1YiI6InVzZXJfYWRtaW4iLCJpc3MiOiJodHRwczovL2Rhc2hib2FyZC5jbGVyay5jb20ifX0.jWKIpH3r_MQNUiKZgQ0_Wh3GOcFUPC71EQAC75RmOhxcwUSJQhwxoACIs6FPBnYi20lBISuf3D6-faCnivpAVAU2bQwhXVrdy-Xl2qC1lieIZ4CSqwZJCQp2lzFZocqiMbd-_rESm41GHNJtczO3Ld7sTJVf9HP_HLM5vcv65S8nEV6PL1BE-MuuSWbsMhsGBcLjo9ABR7NbkvPid3A0fwKUT8kCIzX1YLovn0zuHrZULBH9xjohyIc-fv6VjNWi7LDiM3z-LWNhW6EuhK7eJ-eQjD-Y8W65pybvq0Jo_LEI5NOdZo8jH0PBEjOiaSR8Fe10TYQqThElPA8UW99spA",
    ]

    /// The same tokens as bytes, for byte-wise comparison.
    public static let validTokenBytes: [[UInt8]] = validTokens.map { Array($0.utf8) }

    /// The key set of ``jwks``, scoped to ``issuer``.
    public static let keySet: SessionKeySet = {
        do { return try SessionKeySet(jwksText: jwks, issuer: issuer) } catch {
            fatalError("the fixture JWKS must load: \(error)")
        }
    }()

    /// The policy the fixture tokens were made for, with a clock stopped 5 s after they were issued.
    public static func configuration(cacheCapacity: Int) -> SessionTokenVerifier.Configuration {
        SessionTokenVerifier.Configuration(
            issuers: [issuer], authorizedParties: [authorizedParty],
            clock: .fixed(issuedAt + 5), verifiedTokenCacheCapacity: cacheCapacity)
    }

    /// A verifier with the verified-token cache on.
    public static let cachedVerifier = SessionTokenVerifier(
        configuration: configuration(cacheCapacity: 64), keySet: keySet)
    /// A verifier without the cache.
    public static let uncachedVerifier = SessionTokenVerifier(
        configuration: configuration(cacheCapacity: 0), keySet: keySet)

    /// Whether `bytes` is byte-identical to one of ``validTokens``.
    public static func isValidToken(_ bytes: some Collection<UInt8>) -> Bool {
        validTokenBytes.contains { $0.elementsEqual(bytes) }
    }
}

/// Stops the process so libFuzzer records the input as a crash.
public func fuzzFailure(_ message: String) -> Never {
    fatalError(message)
}
