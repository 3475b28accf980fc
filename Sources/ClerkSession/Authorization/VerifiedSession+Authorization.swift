extension VerifiedSession {
    /// Whether the session satisfies `check`: Clerk's `has()`, rule for rule (`@clerk/shared`
    /// `createCheckAuthorization`).
    ///
    /// Each dimension of the check (organization: role and permission; billing: feature and plan;
    /// reverification) passes, fails, or is skipped when the check leaves it out. The answer is `true` when at
    /// least one dimension passes and none fails, so an empty check is `false`, and a check of several
    /// dimensions needs them all. Missing or malformed claims fail the dimension that reads them:
    ///
    /// - **Organization.** Without an active organization, fail. A role matches when the session's role
    ///   and the requested one are equal after Clerk's `org:` normalisation (`admin`, `org:admin` and
    ///   `org:org:admin` are one role); a permission matches when `org:` plus the requested permission
    ///   without its leading `org:`s is in the session's permissions, verbatim. In v2 claims the role is
    ///   `org:` + `o.rol` and the permissions are decoded from `o.per` and the `o.fpm` bitmasks over the
    ///   organization's features in `fea`; in v1 claims `org_role` and `org_permissions` are used as they are.
    /// - **Billing.** The `fea` (features) or `pla` (plans) claim must be a non-empty string of
    ///   `scope:name` entries (an entry without a colon fails the check). A requested `o:`, `org:` or
    ///   `organization:` name must be in the organization's entries (scope `o`, `ou` or `uo`), a `u:` or
    ///   `user:` name in the user's (scope `u`, `ou` or `uo`), a bare name in either; any other scope fails.
    /// - **Reverification.** See ``isReverified(_:)``.
    ///
    /// Every comparison is byte for byte; no input traps.
    public func has(_ check: AuthorizationCheck) -> Bool {
        guard let userID = storage.userIDBytes, !userID.isEmpty else { return false }
        var reverification = DimensionResult.skip
        if let requirement = check.reverification { reverification = isReverified(requirement) ? .pass : .fail }
        let results = [organizationResult(check), billingResult(check), reverification]
        return results.contains(.pass) && !results.contains(.fail)
    }

    /// Whether the user verified their factors recently enough for `requirement`: Clerk's
    /// `has({ reverification })`, from the `fva` claim.
    ///
    /// `fva` holds the minutes since the first and the second factor were last verified, `-1` for a factor
    /// group the user does not have. The answer is `false` when `fva` is absent, not an array of two
    /// numbers, or holds a number that is neither `-1` nor finite and non-negative; when both factors are
    /// `-1`; or when the requirement is invalid (a custom `afterMinutes` not positive). Otherwise a factor
    /// is fresh when it is not `-1` and its age is strictly below ``ReverificationRequirement/afterMinutes``,
    /// and the ``ReverificationRequirement/level`` decides:
    ///
    /// - first factor: the first factor is fresh;
    /// - second factor: the second factor is fresh, or, when it is `-1`, the first;
    /// - multi factor: when the second factor is `-1`, the first is fresh (Clerk's graceful downgrade);
    ///   when the first is `-1`, never; otherwise both are fresh.
    ///
    /// Unlike ``factorVerificationAge``, this reads `fva` as it is, telling `-1` from a malformed value.
    public func isReverified(_ requirement: ReverificationRequirement) -> Bool {
        guard let ages = factorAges, requirement.isValid else { return false }
        let (first, second) = ages
        if first == -1 && second == -1 { return false }
        let limit = Double(requirement.afterMinutes)
        let firstFresh = first != -1 && limit > first
        let secondFresh = second != -1 && limit > second
        switch requirement.level {
        case .firstFactor: return firstFresh
        case .secondFactor: return second == -1 ? firstFresh : secondFresh
        case .multiFactor:
            if second == -1 { return firstFresh }
            if first == -1 { return false }
            return firstFresh && secondFresh
        }
    }

    // MARK: Dimensions

    private enum DimensionResult { case pass, fail, skip }

    /// `fva` as two numbers, each `-1` or finite and non-negative; nil otherwise.
    private var factorAges: (Double, Double)? {
        let json = storage.json
        guard let fva = json.member(ClaimName.fva), json.kind(fva) == .array, json.elementCount(of: fva) == 2
        else { return nil }
        var ages: [Double] = []
        var valid = true
        json.forEachElement(of: fva) { index in
            guard let age = json.double(index), age.isFinite, age == -1 || age >= 0 else {
                valid = false
                return
            }
            ages.append(age)
        }
        guard valid, ages.count == 2 else { return nil }
        return (ages[0], ages[1])
    }

    private func organizationResult(_ check: AuthorizationCheck) -> DimensionResult {
        guard check.role != nil || check.permission != nil else { return .skip }
        guard let organization = authorizationOrganization(withPermissions: check.permission != nil) else {
            return .fail
        }
        if let role = check.role {
            guard let actual = organization.role, !actual.isEmpty else { return .fail }
            let wanted = AuthorizationText.withoutOrgPrefixes(Array(role.utf8)[...])
            guard AuthorizationText.withoutOrgPrefixes(actual).elementsEqual(wanted) else { return .fail }
        }
        if let permission = check.permission {
            guard let granted = organization.permissions else { return .fail }
            let wanted = AuthorizationText.withoutOrgPrefixes(Array(permission.utf8)[...])
            guard granted.contains(where: { AuthorizationText.equalsPrefixedWithOrg($0, name: wanted) }) else {
                return .fail
            }
        }
        return .pass
    }

    private func billingResult(_ check: AuthorizationCheck) -> DimensionResult {
        guard check.feature != nil || check.plan != nil else { return .skip }
        for (wanted, claim) in [(check.feature, ClaimName.fea), (check.plan, ClaimName.pla)] {
            guard let wanted else { continue }
            guard let text = nonEmptyString(claim), let list = ScopedClaimList(text), list.contains(wanted) else {
                return .fail
            }
        }
        return .pass
    }

    private func nonEmptyString(_ name: [UInt8], in object: Int = 0) -> ArraySlice<UInt8>? {
        guard let value = storage.json.member(name, in: object).flatMap(storage.json.stringValue), !value.isEmpty
        else { return nil }
        return value
    }

    /// The organization as Clerk's `has()` sees it: an id (any JavaScript-truthy value), the role (nil when
    /// absent or empty), and the permissions (nil when not a list: the permission check then fails; only
    /// decoded when `withPermissions`).
    private func authorizationOrganization(withPermissions: Bool)
        -> (role: ArraySlice<UInt8>?, permissions: [ArraySlice<UInt8>]?)?
    {
        let json = storage.json
        if claimsVersion == 2 {
            guard let o = json.member(ClaimName.o), json.kind(o) == .object,
                let id = json.member(ClaimName.id, in: o), isTruthy(id)
            else { return nil }
            let role = nonEmptyString(ClaimName.rol, in: o).map { ArraySlice(AuthorizationText.orgPrefix + $0) }
            return (role, withPermissions ? organizationPermissionsV2(o) : nil)
        }
        guard let id = json.member(ClaimName.orgID), isTruthy(id) else { return nil }
        let role = nonEmptyString(ClaimName.orgRole)
        guard withPermissions, let list = json.member(ClaimName.orgPermissions), json.kind(list) == .array else {
            return (role, nil)
        }
        var permissions: [ArraySlice<UInt8>] = []
        json.forEachElement(of: list) { index in
            if let text = json.stringValue(index) { permissions.append(text) }
        }
        return (role, permissions)
    }

    /// Clerk's v2 permissions: the organization's features (`splitByScope(fea).org`) zipped with the
    /// `o.fpm` masks over `o.per`. Missing `per` or `fpm` grants nothing; a malformed `fea` (where Clerk's
    /// parser throws) or non-string claims give nil, so a permission check fails.
    private func organizationPermissionsV2(_ o: Int) -> [ArraySlice<UInt8>]? {
        let json = storage.json
        var features: [ArraySlice<UInt8>] = []
        if let fea = json.member(ClaimName.fea), isTruthy(fea) {
            guard let text = json.stringValue(fea), let list = ScopedClaimList(text) else { return nil }
            features = list.organization
        }
        let per = json.member(ClaimName.per, in: o)
        let fpm = json.member(ClaimName.fpm, in: o)
        guard let per, isTruthy(per), let fpm, isTruthy(fpm) else { return [] }
        guard let per = json.stringValue(per), let fpm = json.stringValue(fpm) else { return nil }
        let permissions = AuthorizationText.split(per, AuthorizationText.comma).map(AuthorizationText.trim)
        let masks = AuthorizationText.split(fpm, AuthorizationText.comma).map(AuthorizationText.trim)
        var granted: [ArraySlice<UInt8>] = []
        for (index, feature) in features.enumerated() where index < masks.count {
            guard let bits = Self.bits(ofDecimal: masks[index]) else { continue }
            for (k, permission) in permissions.enumerated() where k < bits.count && bits[k] {
                var entry = AuthorizationText.orgPrefix
                entry += feature
                entry.append(AuthorizationText.colon)
                entry += permission
                granted.append(entry[...])
            }
        }
        return granted
    }

    /// The bits of an ASCII decimal (JavaScript `/^\d+$/`), least significant first; nil otherwise.
    private static func bits(ofDecimal text: ArraySlice<UInt8>) -> [Bool]? {
        guard !text.isEmpty, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return OrganizationPermissions.bitsOfDecimal(String(decoding: text, as: UTF8.self))
    }

    /// JavaScript truthiness of a JSON value: not `false`, `null`, `0` or `""`.
    private func isTruthy(_ index: Int) -> Bool {
        let json = storage.json
        switch json.kind(index) {
        case .null: return false
        case .bool: return json.bool(index) ?? false
        case .string: return json.isNonEmptyString(index)
        case .number: return json.double(index).map { $0 != 0 && !$0.isNaN } ?? false
        case .object, .array: return true
        }
    }
}
