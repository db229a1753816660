/// Spells terms from their rank keys (`TokenRanks`): a key of `order` digits, each token's
/// `rank + 1` from the top digit down and 0 past the term's last token; the term is its tokens'
/// bytes joined by a space (0x20).
///
/// Training's sorted lists built from ranks keep only their keys (`SortedTerms.spelling`), and
/// the vocabulary's merge spells each kept term once, straight into the model's vocabulary
/// (`VocabularyPruning.vectorizer(merging:...)`).
struct TermSpelling: Sendable {
    let ranks: TokenRanks
    /// The digits in a key.
    let order: Int

    /// The ranks' arrays as pointers, for the loops (valid only inside `withView`).
    struct View {
        let bytes: UnsafePointer<UInt8>
        let starts: UnsafePointer<Int32>
        /// Digit `k` of a key (`k` = 0 the first token): `rank + 1`, or 0 past the last token.
        let digit: TokenRanks.Digits
        var order: Int { digit.order }

        /// The spelled length of the term of `key`.
        @inline(__always)
        func length(_ key: UInt64) -> Int {
            var total = -1
            for k in 0 ..< order {
                let d = digit(key, k)
                if d == 0 { break }
                total += 1 + Int(starts[d]) - Int(starts[d - 1])
            }
            return max(0, total)
        }

        /// Hints the bytes of the tokens of `key`, to be spelled soon.
        @inline(__always)
        func prefetch(_ key: UInt64) {
            for k in 0 ..< order {
                let d = digit(key, k)
                if d == 0 { break }
                Prefetch.read(UnsafeRawPointer(starts + d))
                Prefetch.read(UnsafeRawPointer(bytes + Int(starts[d - 1])))
            }
        }

        /// Spells the term of `key` at `target` and returns its length. A token of up to 16
        /// bytes is copied as one 16-byte store (`TokenRanks.copy`), which may write past the
        /// term's end, but never at or past `limit`: a token whose store would reach it is
        /// copied byte by byte. (Threads spelling neighbouring parts of one arena pass each
        /// their own part's end as `limit`.)
        @inline(__always)
        func spell(_ key: UInt64, to target: UnsafeMutablePointer<UInt8>, limit: UnsafeMutablePointer<UInt8>) -> Int {
            var at = target
            for k in 0 ..< order {
                let d = digit(key, k)
                if d == 0 { break }
                if k > 0 {
                    at.pointee = 0x20
                    at += 1
                }
                let from = Int(starts[d - 1]), length = Int(starts[d]) - from
                if at + 16 <= limit {
                    TokenRanks.copy(bytes + from, to: at, length)
                } else {
                    VocabularyStorage.copy(bytes + from, to: at, length)
                }
                at += length
            }
            return at - target
        }
    }

    /// Calls `body` with the view of the ranks.
    func withView<R>(_ body: (View) -> R) -> R {
        ranks.bytes.withUnsafeBufferPointer { bytes in
            ranks.starts.withUnsafeBufferPointer { starts in
                guard let byteBase = bytes.baseAddress, let startBase = starts.baseAddress else {
                    preconditionFailure("token ranks without bytes or starts")
                }
                return body(View(bytes: byteBase, starts: startBase, digit: ranks.digits(order: order)))
            }
        }
    }

    /// The spelled term of `key` (tests and diagnostics).
    func term(_ key: UInt64) -> String {
        withView { view in
            let length = view.length(key)
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: length + 16)
            defer { buffer.deallocate() }
            let written = view.spell(key, to: buffer, limit: buffer + length + 16)
            return String(decoding: UnsafeBufferPointer(start: buffer, count: written), as: UTF8.self)
        }
    }
}
