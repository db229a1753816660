#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a program as a child process and times it from `posix_spawn` to `waitpid` returning
/// (`CLOCK_MONOTONIC`): what a shell user waits for, with process creation, dynamic loading,
/// start-up and exit included. Standard output and standard error are captured through pipes
/// (drained with `poll` while the child runs, so a large output cannot block it); standard input
/// is `/dev/null`; the environment is this process's.
public enum ProcessTimer {
    /// One finished run.
    public struct Run: Sendable {
        /// Spawn to exit, in seconds.
        public let seconds: Double
        /// The exit code, or `128 + n` when killed by signal n (as shells report it).
        public let status: Int32
        public let output: [UInt8]
        public let errorOutput: [UInt8]
    }

    /// Runs `executable` (a path) with `arguments` in `directory` (nil: this process's).
    public static func run(_ executable: String, arguments: [String], directory: String? = nil)
        throws(ProcessTimerError) -> Run
    {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw .system(call: "pipe", errno: errno) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw .system(call: "pipe", errno: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        if let directory {
            var failure: ProcessTimerError? = .noDirectoryChange
            if let addChdir {
                let code = addChdir(&actions, directory)  // An error number, as posix_spawn's own.
                failure = code == 0 ? nil : .system(call: "posix_spawn_file_actions_addchdir_np", errno: code)
            }
            if let failure {
                for fd in outPipe + errPipe { close(fd) }
                throw failure
            }
        }

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = BenchmarkClock.now()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        defer { close(outPipe[0]); close(errPipe[0]) }
        guard spawned == 0 else { throw .spawn(path: executable, errno: spawned) }

        let (output, errorOutput) = drain(outPipe[0], errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw .system(call: "waitpid", errno: errno) }
        }
        let seconds = Double(BenchmarkClock.now() - start) / 1e9
        // The wait status: low 7 bits the terminating signal (0 for a normal exit), then the code.
        let signal = status & 0x7F
        return Run(seconds: seconds, status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
                   output: output, errorOutput: errorOutput)
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), which Swift's Glibc
    /// module does not declare; looked up in the loaded libc (`RTLD_DEFAULT` is a null handle).
    private static let addChdir:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
            dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
                unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
            }
        }()

    /// Reads both pipes to end of file, whichever has data first.
    private static func drain(_ out: Int32, _ err: Int32) -> ([UInt8], [UInt8]) {
        var buffers: [[UInt8]] = [[], []]
        var open = [true, true]
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while open[0] || open[1] {
            var fds = [pollfd(fd: open[0] ? out : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: open[1] ? err : -1, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { break }
            for i in 0 ..< 2 where open[i] && fds[i].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    buffers[i] += chunk[0 ..< n]
                } else if n == 0 || errno != EINTR {
                    open[i] = false
                }
            }
        }
        return (buffers[0], buffers[1])
    }
}

/// Why a child process could not be run or waited for.
public enum ProcessTimerError: Error, CustomStringConvertible, Equatable {
    /// `posix_spawn` failed (the executable is missing or not executable).
    case spawn(path: String, errno: Int32)
    /// A system call failed.
    case system(call: String, errno: Int32)
    /// The C library cannot set a child's working directory (glibc before 2.29).
    case noDirectoryChange

    public var description: String {
        switch self {
        case .spawn(let path, let code):
            "\(path): cannot run (\(String(cString: strerror(code)))); check that it exists and is executable"
        case .system(let call, let code):
            "\(call) failed (\(String(cString: strerror(code))))"
        case .noDirectoryChange:
            "this C library cannot start a process in another directory (posix_spawn_file_actions_addchdir_np, "
                + "glibc 2.29); run from that directory"
        }
    }
}
