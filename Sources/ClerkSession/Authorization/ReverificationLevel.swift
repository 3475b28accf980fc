/// Which factors a reverification requirement asks to have been verified recently (Clerk's
/// `SessionVerificationLevel`).
///
/// How each level reads the session's `fva` claim, Clerk's rule (`@clerk/shared` `authorization.ts`):
///
/// - ``firstFactor``: the first factor is fresh;
/// - ``secondFactor``: the second factor is fresh, or the first one when the user has no second factor;
/// - ``multiFactor``: both are fresh, or the first one when the user has no second factor (never when the
///   user has a second factor and no first).
public enum ReverificationLevel: String, Sendable, Hashable, CaseIterable {
    /// `first_factor`: the first factor (password, email code, …).
    case firstFactor = "first_factor"
    /// `second_factor`: the second factor, falling back to the first when the user has none.
    case secondFactor = "second_factor"
    /// `multi_factor`: both factors, falling back to the first when the user has no second factor.
    case multiFactor = "multi_factor"
}
