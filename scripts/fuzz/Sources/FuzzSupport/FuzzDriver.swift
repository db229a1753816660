import CLibFuzzer

/// Starts libFuzzer from a target's entry point.
///
/// SwiftPM links every executable with `main` defined as `<Target>_main`, so libFuzzer's own
/// `main` is never used: each target defines `@_cdecl("<Target>_main")` and calls `run`, which
/// hands the command line and `LLVMFuzzerTestOneInput` to `LLVMFuzzerRunDriver`.
public enum FuzzDriver {
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer with the process's arguments; returns its exit status.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: Callback
    ) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}
