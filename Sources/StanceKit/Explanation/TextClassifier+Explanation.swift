extension TextClassifier {
    /// The explanation of each text's label (see `Explanation` for the formulas).
    ///
    /// - Parameters:
    ///   - texts: The texts, each explained on its own.
    ///   - top: How many features to cite as evidence for and against the label.
    ///   - neighbours: Finds the nearest training sentences; nil leaves `neighbours` nil.
    ///   - neighbourCount: How many neighbours to ask for.
    public func explain(
        _ texts: [String], top: Int = 5, neighbours: (any NeighbourProvider)? = nil, neighbourCount: Int = 3
    ) -> [Explanation] {
        precondition(top >= 0, "top must be >= 0, got \(top)")
        let batch = TextBatch(texts)
        var matrix = vectorizer.transform(batch)
        if let threshold = type(of: classifier).binarization(classifier.options) {
            // Bernoulli NB scores the binarised row; explain exactly what it scores.
            for k in 0 ..< matrix.values.count { matrix.values[k] = matrix.values[k] > threshold ? 1 : 0 }
        }
        let jll = classifier.jointLogLikelihood(matrix)
        let probabilities = Self.probabilities(jointLogLikelihood: jll, classCount: classes.count, temperature: temperature)
        let found = neighbours.map { $0.neighbours(of: batch, count: neighbourCount) }
        return texts.indices.map { row in
            var explanation = explainRow(row, of: matrix, text: texts[row], jll: jll, probabilities: probabilities[row], top: top)
            explanation.neighbours = found?[row]
            return explanation
        }
    }

    /// The explanation of one text.
    public func explain(_ text: String, top: Int = 5) -> Explanation {
        explain([text], top: top)[0]
    }

    private func explainRow(
        _ row: Int, of matrix: SparseMatrix, text: String, jll: [Double], probabilities: [Double], top: Int
    ) -> Explanation {
        let k = classes.count
        let scorer = classifier.scorer
        let modelScores = Array(jll[row * k ..< (row + 1) * k])
        var predicted = 0
        for c in 1 ..< k where modelScores[c] > modelScores[predicted] { predicted = c }

        var features: [FeatureContribution] = []
        var scores = scorer.bias
        for entry in matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1] {
            let column = Int(matrix.columns[entry])
            let value = Double(matrix.values[entry])
            let contributions = (0 ..< k).map { c in value * Double(scorer.weight(feature: column, class: c)) }
            for c in 0 ..< k { scores[c] += contributions[c] }
            var rival = predicted == 0 ? 1 : 0
            for c in 0 ..< k where c != predicted && contributions[c] > contributions[rival] { rival = c }
            features.append(FeatureContribution(
                column: column, term: vectorizer.vocabulary.term(column), value: value, contributions: contributions,
                margin: contributions[predicted] - contributions[rival], rival: rival))
        }

        func evidence(_ indices: [Int]) -> [Evidence] {
            indices.prefix(top).map { i in
                Evidence(feature: i, displayName: features[i].displayName, margin: features[i].margin,
                         rival: features[i].rival)
            }
        }
        // Largest magnitude first; ties in column order.
        func stronger(_ a: Int, _ b: Int) -> Bool {
            let x = abs(features[a].margin), y = abs(features[b].margin)
            return x != y ? x > y : a < b
        }
        let forLabel = features.indices.filter { features[$0].margin > 0 }.sorted(by: stronger)
        let against = features.indices.filter { features[$0].margin < 0 }.sorted(by: stronger)

        var featureIndex: [Int: Int] = [:]
        for (i, feature) in features.enumerated() { featureIndex[feature.column] = i }
        return Explanation(
            text: text, classes: classes, predicted: predicted, bias: scorer.bias, features: features, scores: scores,
            jointLogLikelihood: modelScores, probabilities: probabilities, temperature: temperature,
            evidenceFor: evidence(forLabel), evidenceAgainst: evidence(against),
            tokens: TokenSpans.explainedTokens(of: text, vectorizer: vectorizer, featureIndex: featureIndex),
            unknownWords: TokenSpans.unknownWords(of: text, vectorizer: vectorizer))
    }
}
