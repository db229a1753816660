#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Rebuilds a `TextClassifier` from a model file's sections, checking every shape and every
/// value that training could not have produced, so a loaded model always scores to finite
/// probabilities.
struct SectionDecoder {
    /// The largest idf training can produce: `ln((1 + n) / (1 + df)) + 1` (or `ln(n / df) + 1`)
    /// with `df >= 1` and `n <= Int.max` documents is at most `ln(2^63) + 1`, about 44.7; and
    /// it is at least 1.
    static let maximumIDF = log(Double(Int.max)) + 1.000001

    let path: String
    let reader: (String) throws(ModelError) -> ByteReader
    /// Work to run while the classifier's weights are derived, nil for none.
    var overlap: Overlap? = nil
    /// Whether the vocabulary's word n-grams are indexed by word ids (`NGramIndex`) instead of
    /// getting the table by bytes. The index costs more to build than the table, and pays
    /// only over many texts: `stance classify` of the seed article with the shipped model
    /// took 23.4 -> 30.2 ms of task clock with it (same run, medians of 15), `stance evaluate`
    /// on 20 Newsgroups with bigrams 637 -> 570 ms. The smallest vocabulary indexed (see
    /// `NGramIndex.minimumTerms`), nil for none.
    var indexNGrams: Int? = nil
    /// The `WIDX` section's payload (`WordIDSection`), nil when the file has none: with it the
    /// index reads its word numbering instead of looking the words up.
    var wordIDs: UnsafeRawBufferPointer? = nil
    /// Called with the file's bytes a section at a time as the decoder is done with them, so a
    /// mapped file's pages can be given back (`MappedFile.withBytes`): `FCNT` once its counts are
    /// copied (before the weights are derived from them), `IDF_` once decoded, `WIDX` once the
    /// words are numbered from it (before the index's pairs are inserted), and the whole file
    /// (`file`) once neither thread reads it any more, before either joins the overlap's work,
    /// which may run long after. Nil for none. Measured (`stance evaluate`, 20 Newsgroups bigrams,
    /// 54 MB file, alternating runs): peak 189.7 -> 155.1 MiB (16 runs), wall level (0.1591
    /// against 0.1598 s); resident while the texts are scored (`VmRSS` sampled) 190 -> 136 MiB.
    /// With the whole file given back only at the end of decoding, the peak was 188.6 MiB: it
    /// comes as the weights and the index are built, with every section still resident.
    var release: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    /// The whole file's bytes, for `release`.
    var file: UnsafeRawBufferPointer? = nil

    /// Work that needs only the vectorizer, run on the decoder's two threads while the
    /// classifier's weights, the longest part of loading, are derived from the counts.
    /// `vectorizerDecoded` is called once the vectorizer is decoded (not when that fails), on
    /// the thread that decoded it, and must return at once: it hands the vectorizer over. Then
    /// `work` runs on that thread, and on the other once the classifier is ready, so that it
    /// joins the remaining work. The hand-over comes before the other thread is let go: when it
    /// came after (inside the work), the other thread could find no vectorizer yet, return,
    /// and leave all the texts to one thread.
    ///
    /// `classifierDecoded` is called once the classifier is derived (not when that fails), on
    /// the thread that derived it, before that thread joins the work, and must return at once:
    /// the work can then score what it counts.
    struct Overlap: Sendable {
        let vectorizerDecoded: @Sendable (Vectorizer) -> Void
        let work: @Sendable () -> Void
        var classifierDecoded: @Sendable (any NaiveBayesClassifier) -> Void = { _ in }
    }

    func corrupt(_ section: String, _ reason: String) -> ModelError {
        .corrupt(path: path, section: section, reason: reason)
    }

    func decode() throws(ModelError) -> TextClassifier {
        var optionsReader = try reader("OPTS")
        let optionsText = try optionsReader.readBytes(optionsReader.remaining)
        guard let text = String(validating: optionsText, as: UTF8.self) else {
            throw corrupt("OPTS", "not UTF-8")
        }
        let options: TrainingOptions
        do { options = try OptionsCodec.decode(text) } catch { throw corrupt("OPTS", error.reason) }

        var terms = try reader("VOCB")
        let termCount = try terms.readCount(elementSize: 4)
        let lengths = try terms.readBytes(4 * termCount)
        // The lengths must add up to the rest of the section. Past it already, the sum stops,
        // before a hostile list of lengths can overflow it.
        var total = 0
        for i in 0 ..< termCount where total <= terms.remaining {
            total += Int(UInt32(littleEndian: lengths.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
        }
        guard total == terms.remaining else { throw corrupt("VOCB", "term lengths do not add up to the section") }
        let arena = try terms.readBytes(terms.remaining)
        // Three pieces, on two threads: the index of the word n-grams (`NGramIndex`, built from
        // the file's bytes in place), the vocabulary's storage and idf (a copy of the same
        // bytes, and `IDF_`), and the classifier's weights. The index, when there is one, is
        // the longest; the weights come next. So part 0 builds the index and part 1 derives
        // the weights, and the storage goes to whichever is free first (`SharedOnce`): with
        // the index, part 1 (20 Newsgroups bigrams: index ~68 ms, weights ~47, copy ~10);
        // without, part 0, at once, as before the index existed. Errors are reported in
        // section order, as if the sections had been read one after the other.
        // `reader` only reads the file's immutable bytes and section table: safe from two threads.
        nonisolated(unsafe) let decoder = self
        // The file's bytes, borrowed and immutable while the decoder runs: as safe as `reader`.
        nonisolated(unsafe) let termLengths = lengths, termBytes = arena
        nonisolated(unsafe) var vectorizerPart: Result<(Vocabulary, [Double], NGramIndex?), ModelError>?
        nonisolated(unsafe) var classifierPart: Result<any NaiveBayesClassifier, ModelError>?
        let vocabularyPart = SharedOnce<(VocabularyStorage, Result<[Double], ModelError>)>()
        let decodeVocabulary = { @Sendable in
            let storage = decoder.decodeStorage(lengths: termLengths, arena: termBytes)
            return (storage, Result { () throws(ModelError) in try decoder.decodeIDF(termCount: termCount, options: options) })
        }
        let vectorizerDecoded = DispatchSemaphore(value: 0)
        let readers = Mutex(2)
        let doneReading = { @Sendable in
            let last = readers.withLock { count -> Bool in
                count -= 1
                return count == 0
            }
            if last, let release = decoder.release, let file = decoder.file { release(file) }
        }
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                let index = decoder.buildIndex(lengths: termLengths, arena: termBytes, options: options)
                let (storage, idf) = vocabularyPart.value(decodeVocabulary)
                doneReading()
                let part = Result { () throws(ModelError) in
                    try decoder.vectorizer(storage: storage, idf: idf, index: index)
                }
                vectorizerPart = part
                guard let overlap = decoder.overlap, case .success(let (vocabulary, idf, index)) = part else {
                    vectorizerDecoded.signal()
                    return
                }
                overlap.vectorizerDecoded(
                    Vectorizer(options: options.vectorizer, vocabulary: vocabulary, idf: idf, ngramIndex: index))
                vectorizerDecoded.signal()
                overlap.work()
            } else {
                let classifier = Result { () throws(ModelError) in
                    try decoder.decodeClassifier(termCount: termCount, options: options)
                }
                classifierPart = classifier
                if let overlap = decoder.overlap, case .success(let classifier) = classifier { overlap.classifierDecoded(classifier) }
                vocabularyPart.runUnlessClaimed(decodeVocabulary)
                doneReading()
                // Join the work only once there is work to join: with the weights as exceptions the
                // classifier is often ready before the vocabulary, and returning then would leave
                // the texts to one thread. (Part 0 signals whether or not its decoding succeeds,
                // and is claimed first, so this cannot wait for ever.)
                if let overlap = decoder.overlap {
                    vectorizerDecoded.wait()
                    if case .success = vectorizerPart { overlap.work() }
                }
            }
        }
        guard let vectorizerPart, let classifierPart else { preconditionFailure("concurrentPerform returned early") }
        let (vocabulary, idf, index) = try vectorizerPart.get()
        let classifier = try classifierPart.get()
        let vectorizer = Vectorizer(options: options.vectorizer, vocabulary: vocabulary, idf: idf, ngramIndex: index)
        return TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options)
    }

    /// The vocabulary's storage of `VOCB`'s terms (`lengths`, their lengths as little-endian
    /// `UInt32`s, which the caller has checked add up to the count of `arena`, their bytes):
    /// the bytes copied from the file in one `memcpy` and their offsets summed straight into
    /// the storage (`VocabularyStorage.filled`), not yet indexed.
    func decodeStorage(lengths: UnsafeRawBufferPointer, arena: UnsafeRawBufferPointer) -> VocabularyStorage {
        let termCount = lengths.count / 4
        return VocabularyStorage.filled(count: termCount, byteCount: arena.count) { bytes, ends in
            if let base = arena.baseAddress { UnsafeMutableRawPointer(bytes).copyMemory(from: base, byteCount: arena.count) }
            var end = 0
            for i in 0 ..< termCount {
                end += Int(UInt32(littleEndian: lengths.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                ends[i] = end
            }
        }
    }

    /// With `indexNGrams`, the index of the vocabulary's word n-grams, built from `VOCB`'s
    /// bytes in place (`NGramIndex.TermBytes`); nil without, or for unigrams only, or for a
    /// vocabulary with character n-grams.
    ///
    /// Scoring looks a model's terms up through the index (`NGramIndex`), so with one the
    /// vocabulary's own table by bytes is deferred (`deferIndex`) until something asks for a
    /// term by its bytes; the index finds duplicate terms as the table would. Measured on 20
    /// Newsgroups with bigrams (1.2 million terms; `stance evaluate` of the test set, same run,
    /// 7 alternating runs, median): task clock 637 -> 570 ms, wall 0.74 -> 0.56 s on a busy
    /// 2-core machine. Building the index costs more than the table did (about 75 against
    /// 50 ms), but looking the test set's n-grams up costs about half (`VocabularyStorage.ids`
    /// and `DocumentTerms.count` were 31% of the samples).
    func buildIndex(lengths: UnsafeRawBufferPointer, arena: UnsafeRawBufferPointer, options: TrainingOptions) -> NGramIndex.Built? {
        let termCount = lengths.count / 4
        // Not for unigrams alone (`NGramIndex.serves`): `stance evaluate` on 20 Newsgroups with
        // a unigram model took 222 -> 232 ms of task clock with the index.
        let tokenizer = options.vectorizer.tokenizer
        guard let minimum = indexNGrams, termCount >= minimum, NGramIndex.serves(tokenizer),
              let bytes = arena.baseAddress, let lengthBytes = lengths.baseAddress
        else { return nil }
        let terms = NGramIndex.TermBytes(
            arena: bytes.assumingMemoryBound(to: UInt8.self), arenaCount: arena.count, count: termCount, lengths: lengthBytes)
        // With a `WIDX` section, its numbering instead of looking the words up: on 20 Newsgroups'
        // 1.07 million bigrams the index took ~40 instead of ~60 ms (see `WordIDSection`).
        guard let wordIDs else { return NGramIndex.build(terms, lengths: tokenizer.wordNGrams) }
        do {
            let numbering = try WordIDSection.decode(wordIDs, terms: terms, lengths: tokenizer.wordNGrams)
            release?(wordIDs)
            return NGramIndex.build(numbering, lengths: tokenizer.wordNGrams)
        } catch {
            return .corrupt(error.reason)
        }
    }

    /// The idf values (`IDF_`), checked against the vocabulary's `termCount` and the weighting.
    func decodeIDF(termCount: Int, options: TrainingOptions) throws(ModelError) -> [Double] {
        var idfReader = try reader("IDF_")
        let idfBytes = idfReader.unread
        let idf = try idfReader.readDoubles()
        release?(idfBytes)
        guard idf.isEmpty || idf.count == termCount else { throw corrupt("IDF_", "\(idf.count) values for \(termCount) terms") }
        guard (options.vectorizer.weighting == .tfidf) == !idf.isEmpty || termCount == 0 else {
            throw corrupt("IDF_", "idf presence does not match the weighting")
        }
        guard idf.allSatisfy({ $0 >= 1 && $0 <= Self.maximumIDF }) else {
            throw corrupt("IDF_", "an idf value outside [1, \(Self.maximumIDF)]")
        }
        return idf
    }

    /// The vocabulary (`storage`, indexed by bytes unless `index` was built: then its table is
    /// deferred), the idf values and the index; a duplicate term (`VOCB`) is reported before
    /// a bad `IDF_`.
    func vectorizer(storage: VocabularyStorage, idf: Result<[Double], ModelError>, index built: NGramIndex.Built?)
        throws(ModelError) -> (Vocabulary, [Double], NGramIndex?)
    {
        var index: NGramIndex?
        switch built {
        case .index(let built)?:
            storage.deferIndex()
            index = built
        case .duplicate(let duplicate)?:
            throw corrupt("VOCB", "duplicate term at index \(duplicate)")
        case .corrupt(let reason)?:
            throw corrupt(WordIDSection.tag, reason)
        case .unsupported?, nil:
            break
        }
        if index == nil, let duplicate = storage.indexInBulk() { throw corrupt("VOCB", "duplicate term at index \(duplicate)") }
        var vocabulary = Vocabulary(capacity: 0)
        vocabulary.storage = storage
        return (vocabulary, try idf.get(), index)
    }
}
