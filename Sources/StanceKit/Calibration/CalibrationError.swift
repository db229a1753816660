/// Problems calibrating a model's probabilities.
public enum CalibrationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Fewer than two calibration folds were asked for.
    case tooFewFolds(Int)
    /// A class has fewer examples than calibration folds.
    case tooFewExamples(label: String, count: Int, folds: Int)

    public var description: String {
        switch self {
        case .tooFewFolds(let folds):
            return "calibration needs at least 2 folds, got \(folds); use --calibration-folds 2 or more"
        case let .tooFewExamples(label, count, folds):
            let examples = count == 1 ? "1 example" : "\(count) examples"
            return "class \"\(label)\" has \(examples), fewer than --calibration-folds \(folds); "
                + "lower --calibration-folds or add examples"
        }
    }
}
