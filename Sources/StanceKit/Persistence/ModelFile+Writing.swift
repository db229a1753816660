extension ModelFile {
    /// Writes `model`'s file to `path` atomically (`AtomicFile.write(to:_:)`): the bytes of
    /// `encode(model)`, streamed in file order with their checksum (`ModelChecksum.Stream`)
    /// computed on the way, from the arrays the model holds where their bytes are the file's
    /// (the vocabulary's bytes, the idf, each class's stored counts, the optional sections'
    /// payloads; on a little-endian machine) and through a small buffer otherwise (the terms'
    /// lengths, the counts of a dense table).
    ///
    /// Why: `encode` builds the whole file in fresh memory and checksums it before a byte is
    /// written; for 20 Newsgroups bigrams that is 54 MB of page faults and copies, and the
    /// training's peak memory. Measured there (two threads, alternating runs, medians of 10-16):
    /// `stance train`'s save 37.0 -> 25.5 ms to a new file (41.5 -> 33.0 ms over an existing
    /// one, whose pages the rename frees), peak 129.2 -> 125.3 MiB; the same bytes. Checksumming
    /// on a second thread, over the same pieces produced again, while this one wrote them: 25.5
    /// against 25.0 ms, not kept.
    static func write(_ model: TextClassifier, to path: String, threads: Int?, wordIDsFrom minimumTerms: Int) throws(AtomicFile.Failure) {
        let layout = Layout(model, threads: threads, wordIDsFrom: minimumTerms)
        try AtomicFile.write(to: path) { sink in
            var writer = Writer(sink: sink, checksum: ModelChecksum.Stream(count: layout.total - 8))
            writer.emit(model, layout)
            let checksum = writer.checksum.finish()
            withUnsafeBytes(of: checksum.littleEndian) { sink.write($0) }
        }
    }

    /// The bytes of a model file going to a sink, checksummed on the way.
    private struct Writer {
        let sink: AtomicFile.Sink
        var checksum: ModelChecksum.Stream
        /// Values converted per piece (`emit(count:_:)`).
        static let piece = 16_384

        mutating func emit(_ bytes: UnsafeRawBufferPointer) {
            checksum.update(bytes)
            sink.write(bytes)
        }

        mutating func emit(_ bytes: [UInt8]) { bytes.withUnsafeBytes { emit($0) } }

        mutating func emit(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { emit($0) } }

        mutating func emit(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { emit($0) } }

        /// `count` little-endian values of type `T`, `value(i)` for `i` in `0 ..< count`, a piece
        /// at a time through a reusable buffer.
        mutating func emit<T: FixedWidthInteger>(count: Int, _ value: (Int) -> T) {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: Writer.piece)
            defer { buffer.deallocate() }
            var first = 0
            while first < count {
                let n = min(Writer.piece, count - first)
                for k in 0 ..< n { buffer[k] = value(first + k).littleEndian }
                emit(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0 ..< n])))
                first += n
            }
        }

        /// `values`' bit patterns, little-endian: the array's own bytes on a little-endian machine.
        mutating func emit(_ values: [Double]) {
            #if _endian(little)
            values.withUnsafeBytes { emit($0) }
            #else
            values.withUnsafeBufferPointer { v in emit(count: v.count) { v[$0].bitPattern } }
            #endif
        }

        /// `values` as `UInt32`s (the same bits), little-endian.
        mutating func emit(_ values: [Int32]) {
            #if _endian(little)
            values.withUnsafeBytes { emit($0) }
            #else
            values.withUnsafeBufferPointer { v in emit(count: v.count) { UInt32(bitPattern: v[$0]) } }
            #endif
        }

        /// The file before its checksum, in the order and format `encode` lays out.
        mutating func emit(_ model: TextClassifier, _ layout: Layout) {
            let counts = model.classifier.counts
            emit(magic)
            emit(version)
            emit(UInt32(layout.lengths.count))
            for (i, tag) in layout.tags.enumerated() {
                emit(Array(tag.utf8))
                emit(UInt64(layout.lengths[i]))
                switch i {
                case 0: emit(layout.options)
                case 1:
                    let storage = model.vectorizer.vocabulary.storage, termCount = model.vectorizer.vocabulary.count
                    emit(UInt64(termCount))
                    emit(count: termCount) { UInt32(truncatingIfNeeded: storage.starts[$0 + 1] - storage.starts[$0]) }
                    emit(UnsafeRawBufferPointer(start: storage.arena, count: storage.arenaCount))
                case 2:
                    emit(UInt64(model.vectorizer.idf.count))
                    emit(model.vectorizer.idf)
                case 3:
                    emit(UInt32(counts.classes.count))
                    for label in counts.classes {
                        let bytes = Array(label.utf8)
                        emit(UInt32(bytes.count))
                        emit(bytes)
                    }
                case 4:
                    emit(UInt64(counts.classCounts.count))
                    emit(counts.classCounts)
                case 5:
                    for c in counts.classes.indices { emitCounts(counts, ofClass: c, nonzero: layout.nonzero[c]) }
                default: emit(layout.extra[i - 6].payload)
                }
            }
        }

        /// Class `c`'s `nonzero` non-zero counts: their number, their columns, their values.
        /// Stored sparse without zeros, they are the row's own arrays; otherwise they are
        /// gathered first.
        private mutating func emitCounts(_ counts: NaiveBayesCounts, ofClass c: Int, nonzero: Int) {
            emit(UInt64(nonzero))
            if let row = counts.storedRow(ofClass: c), row.values.count == nonzero {
                emit(row.columns)
                emit(row.values)
                return
            }
            var columns: [Int32] = [], values: [Double] = []
            columns.reserveCapacity(nonzero)
            values.reserveCapacity(nonzero)
            counts.forEachNonzero(ofClass: c) { j, value in
                columns.append(Int32(truncatingIfNeeded: j))
                values.append(value)
            }
            emit(columns)
            emit(values)
        }
    }
}
