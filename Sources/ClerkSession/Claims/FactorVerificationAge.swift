/// Minutes since each factor was verified (`fva`); `nil` means never.
public struct FactorVerificationAge: Sendable, Hashable {
    public let firstFactorMinutes: Int?
    public let secondFactorMinutes: Int?
}
