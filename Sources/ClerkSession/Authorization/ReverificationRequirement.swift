/// How recently the user must have verified their factors for an action (Clerk's `ReverificationConfig`):
/// one of Clerk's four presets, or a custom level and age.
///
/// | preset | level | within |
/// | --- | --- | --- |
/// | ``strictMFA`` (`strict_mfa`) | ``ReverificationLevel/multiFactor`` | 10 minutes |
/// | ``strict`` (`strict`) | ``ReverificationLevel/secondFactor`` | 10 minutes |
/// | ``moderate`` (`moderate`) | ``ReverificationLevel/secondFactor`` | 60 minutes |
/// | ``lax`` (`lax`) | ``ReverificationLevel/secondFactor`` | 1,440 minutes |
///
/// ```swift
/// session.isReverified(.strict)
/// session.isReverified(.custom(level: .firstFactor, afterMinutes: 30))
/// ```
///
/// A factor is fresh when its age in `fva` is strictly less than ``afterMinutes``. A custom requirement
/// whose `afterMinutes` is not positive is invalid, and, as in Clerk's SDKs, never satisfied.
public enum ReverificationRequirement: Sendable, Hashable {
    /// `strict_mfa`: both factors (or the first, without a second factor) within 10 minutes.
    case strictMFA
    /// `strict`: the second factor (or the first, without a second factor) within 10 minutes.
    case strict
    /// `moderate`: the second factor (or the first, without a second factor) within 60 minutes.
    case moderate
    /// `lax`: the second factor (or the first, without a second factor) within 1,440 minutes (a day).
    case lax
    /// A custom requirement: `level` within `afterMinutes` minutes (Clerk's documented range is 1 to
    /// 99,999; anything not positive is never satisfied).
    case custom(level: ReverificationLevel, afterMinutes: Int)

    /// The level the requirement asks for.
    public var level: ReverificationLevel {
        switch self {
        case .strictMFA: .multiFactor
        case .strict, .moderate, .lax: .secondFactor
        case .custom(let level, _): level
        }
    }

    /// The age, in minutes, below which a factor counts as fresh.
    public var afterMinutes: Int {
        switch self {
        case .strictMFA, .strict: 10
        case .moderate: 60
        case .lax: 1_440
        case .custom(_, let minutes): minutes
        }
    }

    /// Clerk's name of a preset (`strict_mfa`, `strict`, `moderate`, `lax`); `nil` for a custom requirement.
    public var presetName: String? {
        switch self {
        case .strictMFA: "strict_mfa"
        case .strict: "strict"
        case .moderate: "moderate"
        case .lax: "lax"
        case .custom: nil
        }
    }

    /// The preset Clerk calls `name` (`strict_mfa`, `strict`, `moderate` or `lax`, compared byte for byte);
    /// `nil` for any other text.
    public init?(presetName name: String) {
        for preset in [Self.strictMFA, .strict, .moderate, .lax]
        where preset.presetName.map({ name.utf8.elementsEqual($0.utf8) }) == true {
            self = preset
            return
        }
        return nil
    }

    /// Whether the requirement can be satisfied at all: presets always, a custom one when
    /// ``afterMinutes`` is positive.
    public var isValid: Bool { afterMinutes > 0 }
}
