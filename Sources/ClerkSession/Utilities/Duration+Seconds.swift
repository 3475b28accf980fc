extension Duration {
    /// The duration in seconds, as a Double (exact to the nanosecond for any span this package uses).
    package var inSeconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
