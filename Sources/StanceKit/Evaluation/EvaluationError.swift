/// Everything that can go wrong when scoring predictions or splitting labeled data into folds.
///
/// Each case renders, in `description`, as a compiler-style message that says what is wrong and
/// ends with how to fix it; located problems start with `PATH:LINE:`.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A label at `path:line` (true or predicted) is not among `classes`.
    case unknownLabel(label: String, classes: [String], path: String, line: Int)
    /// The number of true labels and of predictions differ.
    case lengthMismatch(truth: Int, predicted: Int)
    /// The list of class labels names `label` more than once.
    case duplicateLabel(String)
    /// Cross-validation was asked for fewer than two folds.
    case tooFewFolds(Int)
    /// A class has fewer examples than folds, so some test fold would lack it.
    case tooFewExamples(label: String, count: Int, folds: Int)
    /// There is nothing to split or score.
    case noExamples

    /// The message, e.g. `data/test.tsv:7: label "x" is not one of the model's classes (a, b); ...`.
    public var description: String {
        switch self {
        case let .unknownLabel(label, classes, path, line):
            let known = classes.joined(separator: ", ")
            return "\(path):\(line): label \"\(label)\" is not one of the model's classes (\(known)); "
                + "fix the label or retrain with it"
        case let .lengthMismatch(truth, predicted):
            return "got \(truth) true labels but \(predicted) predictions; "
                + "give exactly one prediction per labeled example"
        case let .duplicateLabel(label):
            return "label \"\(label)\" appears twice in the list of classes; list each class once"
        case let .tooFewFolds(folds):
            return "folds must be at least 2, got \(folds); use --folds 2 or more"
        case let .tooFewExamples(label, count, folds):
            let examples = count == 1 ? "1 example" : "\(count) examples"
            return "class \"\(label)\" has \(examples), fewer than --folds \(folds); "
                + "lower --folds or add examples"
        case .noExamples:
            return "no labeled examples to evaluate; check that the data file is not empty"
        }
    }
}
