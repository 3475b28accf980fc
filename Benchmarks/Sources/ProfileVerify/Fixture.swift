/// A fixed RSA key's JWKS and the benchmark token it signed, printed by `ProfileVerify fixture` (first line
/// the JWKS, second the token). A test key: its private half was discarded.
enum FixedToken {
    static let jwks =
        #"{"keys":[{"kty":"RSA","kid":"ins_test_main","use":"sig","alg":"RS256","n":"2VJzDK--5uDjuwA6GURMe"#
        + #"TmE8jFOjNX5I-Gzu8li3Ufd5AFy-bSMOGahpWXcxVjESVmUP_qR-sRkaEW_cQ1WjBJPtJQzfCctthHulf5xpPab5kaYuQCXC"#
        + #"L7Ko791sl34shJ4aTJVRNcdWdJ9z3VDpZRZCN5-ucHOGy3u7PDMHiYTUtt99vSc_8nm8fjHDacRjGQ2mIHfkahaqMramIJsJ"#
        + #"WN3w37HrZ8btKmi3pyAe-wscUYVjRiGTkPsVtfUpaurNjKmpolWhjpOOTeo_khwiC1B6niM-ICnsUBwfmRTADyK88Mz14voM"#
        + #"bWteQBGCD_6Ph0s_TPf4tun8mtm18EBSQ","e":"AQAB"}]}"#
    static let token =
        #"eyJhbGciOiJSUzI1NiIsImNhdCI6ImNsX0I3ZDRQRDExMUFBQSIsImtpZCI6Imluc190ZXN0X21haW4iLCJ0eXAiOiJKV1Qi"#
        + #"fQ.eyJhenAiOiJodHRwczovL2FwcC5leGFtcGxlLnRlc3QiLCJleHAiOjE3NjcyMjU2NjAsImZ2YSI6WzAsLTFdLCJpYXQiO"#
        + #"jE3NjcyMjU2MDAsImlzcyI6Imh0dHBzOi8vY2xlcmsuZXhhbXBsZS50ZXN0IiwianRpIjoianRpXzEyMzQ1Njc4OTAxMjM0N"#
        + #"TY3ODkwIiwibmJmIjoxNzY3MjI1NTkwLCJvIjp7ImZwbSI6IjMiLCJpZCI6Im9yZ18ya1FGdlh5WkxtOHRBM2JDOWRFMWZHN"#
        + #"GhKNmsiLCJyb2wiOiJhZG1pbiIsInNsZyI6ImFjbWUtaW5jIiwicGVyIjoibWFuYWdlLHJlYWQsd3JpdGUifSwic2lkIjoic"#
        + #"2Vzc18ya1FGdzBhQmNEZUZnSGlKa0xtTm9QcVJzVHUiLCJzdHMiOiJhY3RpdmUiLCJzdWIiOiJ1c2VyXzJrUUZ2WHlaTG04d"#
        + #"EEzYkM5ZEUxZkc0aEo2ayIsInYiOjIsImVtYWlsIjoiYWRhLmxvdmVsYWNlQGV4YW1wbGUudGVzdCIsInBsYSI6InU6cHJvL"#
        + #"G86YnVzaW5lc3MiLCJmZWEiOiJ1OmV4cG9ydCx1OnNzbyxvOmF1ZGl0LWxvZyxvOmFuYWx5dGljcyIsIm1ldGFkYXRhIjp7I"#
        + #"nJvbGUiOiJlbmdpbmVlciIsInRlYW0iOiJwbGF0Zm9ybSIsInJlZ2lvbiI6ImV1LXdlc3QtMSJ9fQ.TDXG20H3SJKbD7Qwhy"#
        + #"oOPym0-hHU6Ia2CyH102iokC5dzXFtgPBIszPrgQqNP7REqszMFNwCA_hhQyj5YliNaSbgh5YPwzz1zqY7U3pJIsjuaVqGk_"#
        + #"shVsz1Qr9d80_jjdrT6iGDUge_Pj2ZAWHbKIZWexi83qu0uvx0RedbaUubBJ65eRqyMUYEcf3wve_lNG68Lc9f1LMqMucOQq"#
        + #"xSMAVt1cpfLkSnuJJeT2n-KJY053h-nLtk1Tltc4TVCI5mj5gXl7PQdklplOmhScsmvvtAwW7rTNJotOyGw-GkG348SZG6hD"#
        + #"xGEg5M_dUfd_1fphRDhIP6y-mqMzKuQDDMFA"#
}
