import DSBenchReport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// stdout as raw bytes, for output too large to go through `Console` as one string.
enum StandardOutput {
    static func writer() -> JSONBytes {
        JSONBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                // stdout closed or full (a pipe whose reader left, a full disk): nothing more can go out.
                guard n > 0 else { Console.error("cannot write to stdout (\(String(cString: strerror(errno))))"); Glibc.exit(ProcessExit.stdoutUnwritable) }
                offset += n
            }
        }
    }
}
