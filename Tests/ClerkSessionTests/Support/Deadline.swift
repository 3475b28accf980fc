import Testing

/// Yields until `condition` holds. Past `timeout` (measured on `ContinuousClock`, not the test's clock) it
/// records an issue and returns false, so a condition that never comes fails the test instead of hanging it.
@discardableResult
func waitUntil(
    _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline {
            Issue.record("timed out after \(timeout) waiting for \(what)", sourceLocation: sourceLocation)
            return false
        }
        await Task.yield()
    }
    return true
}
