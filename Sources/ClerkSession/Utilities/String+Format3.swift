extension String {
    /// A number with up to 3 decimals, without Foundation's formatters.
    init(format3 value: Double) {
        let scaled = (value * 1000).rounded()
        guard let whole = Int64(exactly: scaled) else {
            self = "\(value)"
            return
        }
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        var fraction = String(magnitude % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        self = "\(sign)\(magnitude / 1000)" + (fraction.isEmpty ? "" : ".\(fraction)")
    }
}
