import Testing
@testable import StanceKit

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ProbabilityMetricsTests {
    // Expected values produced offline with scikit-learn 1.9.1 and numpy 2.4.6 (/work/venv):
    //
    //   import numpy as np
    //   from sklearn.metrics import log_loss, brier_score_loss
    //   p = np.array([
    //       [0.70, 0.20, 0.10], [0.13, 0.62, 0.25], [0.30, 0.45, 0.25], [0.05, 0.05, 0.90], [0.50, 0.10, 0.40],
    //       [0.34, 0.33, 0.33], [0.10, 0.85, 0.05], [0.24, 0.35, 0.41], [0.97, 0.02, 0.01], [0.20, 0.55, 0.25],
    //   ])
    //   y = np.array([0, 1, 0, 2, 2, 1, 1, 0, 0, 2])
    //   print(repr(log_loss(y, p, labels=[0, 1, 2])))                                  # 0.7175386275003781
    //   print(repr(brier_score_loss(y, p, labels=[0, 1, 2], scale_by_half=False)))     # 0.42367999999999995
    //   conf = p.max(axis=1); pred = p.argmax(axis=1)
    //   bins = np.minimum(14, np.maximum(0, np.ceil(conf * 15).astype(int) - 1))
    //   ece = sum((bins == b).sum() / len(y) * abs((pred[bins == b] == y[bins == b]).mean() - conf[bins == b].mean())
    //             for b in range(15) if (bins == b).any())
    //   print(repr(ece))                                                               # 0.32100000000000006
    //   print(list(np.bincount(bins, minlength=15)))     # [0, 0, 0, 0, 0, 1, 2, 1, 1, 1, 1, 0, 1, 1, 1]
    static let probabilities: [[Double]] = [
        [0.70, 0.20, 0.10], [0.13, 0.62, 0.25], [0.30, 0.45, 0.25], [0.05, 0.05, 0.90], [0.50, 0.10, 0.40],
        [0.34, 0.33, 0.33], [0.10, 0.85, 0.05], [0.24, 0.35, 0.41], [0.97, 0.02, 0.01], [0.20, 0.55, 0.25],
    ]
    static let labels = [0, 1, 0, 2, 2, 1, 1, 0, 0, 2]

    @Test("log-loss, Brier score and ECE equal scikit-learn / numpy on a fixture")
    func againstScikitLearn() {
        let metrics = ProbabilityMetrics(logProbabilities: Self.probabilities.map { $0.map { log($0) } }, labels: Self.labels)
        #expect(abs(metrics.logLoss - 0.7175386275003781) < 1e-12)
        #expect(abs(metrics.brierScore - 0.42367999999999995) < 1e-12)
        #expect(abs(metrics.expectedCalibrationError - 0.32100000000000006) < 1e-12)
        #expect(metrics.bins.map(\.count) == [0, 0, 0, 0, 0, 1, 2, 1, 1, 1, 1, 0, 1, 1, 1])
        #expect(metrics.count == 10)
        #expect(metrics.bins.first?.lower == 0 && metrics.bins.last?.upper == 1)
    }

    @Test("perfect confident predictions score 0; a uniform guess scores ln K and its Brier value")
    func extremes() {
        let perfect = ProbabilityMetrics(logProbabilities: [[0, -.infinity], [-.infinity, 0]], labels: [0, 1])
        #expect(perfect.logLoss == 0 && perfect.brierScore == 0 && perfect.expectedCalibrationError == 0)
        let uniform = ProbabilityMetrics(logProbabilities: [[-log(4), -log(4), -log(4), -log(4)]], labels: [2])
        #expect(abs(uniform.logLoss - log(4)) < 1e-12)
        // (3/4)^2 + 3 (1/4)^2 = 0.75
        #expect(abs(uniform.brierScore - 0.75) < 1e-12)
        // One example at confidence 1/4, wrong (the top class is the first maximum, 0; the label is 2).
        #expect(abs(uniform.expectedCalibrationError - 0.25) < 1e-12)
    }
}
