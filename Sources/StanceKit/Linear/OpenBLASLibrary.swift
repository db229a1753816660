#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import COpenBLAS

/// OpenBLAS, loaded with `dlopen` the first time a dense routine runs instead of linked.
///
/// Linked, it cost every process, `stance --help` included, the loading of libopenblas,
/// libgfortran and libquadmath, and OpenBLAS's load-time constructor started its thread pool
/// (one thread per extra core, spinning in `sched_yield` while idle) before `main` could ask for
/// a single thread: on the shared 2-core machine that doubled `stance classify`'s CPU time
/// (64 ms against 39 ms for a 37 ms run) although its sparse scoring never calls OpenBLAS.
/// Loaded here, `OPENBLAS_NUM_THREADS=1` is set first (when unset), so the constructor starts no
/// threads, and `openblas_set_num_threads(1)` is called after, so an inherited value cannot
/// make the scorer's small GEMMs multi-threaded (see `BLAS`).
struct OpenBLASLibrary: Sendable {
    let sgemm: stance_sgemm_function
    let sgemv: stance_sgemv_function
    let sgeqrf: stance_sgeqrf_function
    let sorgqr: stance_sorgqr_function
    let sgesdd: stance_sgesdd_function

    /// The names tried, in order: the runtime soname (Debian's libopenblas0, which
    /// libopenblas-dev installs and `scripts/setup` checks for), then the development link.
    static let names = ["libopenblas.so.0", "libopenblas.so"]

    /// The library, loaded on first use (thread-safe: a `static let` is initialised once).
    static let shared = OpenBLASLibrary.load()

    /// Loads the library and resolves the routines `BLAS` calls. A missing library or routine is
    /// a broken installation, not an input error: it stops with the fix, as the dynamic loader
    /// did when the library was linked (then before `main`).
    private static func load() -> OpenBLASLibrary {
        // Read by OpenBLAS's constructor during dlopen; 0: an explicit value of the user's stays.
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        var handle: UnsafeMutableRawPointer?
        var errors: [String] = []
        for name in names where handle == nil {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle == nil { errors.append(dlerror().map { String(cString: $0) } ?? name) }
        }
        guard let handle else {
            fatalError("OpenBLAS could not be loaded (\(errors.joined(separator: "; "))); install it with "
                + "scripts/setup or `apt-get install libopenblas0`")
        }
        func symbol<Function>(_ name: String, as _: Function.Type) -> Function {
            guard let address = dlsym(handle, name) else {
                fatalError("\(names[0]) has no \(name); install Debian's libopenblas0 (scripts/setup)")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        let setThreads = symbol("openblas_set_num_threads", as: stance_set_num_threads_function.self)
        setThreads(1)
        return OpenBLASLibrary(
            sgemm: symbol("cblas_sgemm", as: stance_sgemm_function.self),
            sgemv: symbol("cblas_sgemv", as: stance_sgemv_function.self),
            sgeqrf: symbol("sgeqrf_", as: stance_sgeqrf_function.self),
            sorgqr: symbol("sorgqr_", as: stance_sorgqr_function.self),
            sgesdd: symbol("sgesdd_", as: stance_sgesdd_function.self))
    }
}
