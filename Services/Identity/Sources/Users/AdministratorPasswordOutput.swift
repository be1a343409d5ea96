import Foundation
import ServiceBootstrap
import ServiceKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a generated first-administrator password goes. Never the log (issue 14 §16): logs are shipped, kept and
/// read by people who must not log in as the administrator. It goes to the file METROLOGY_ADMIN_PASSWORD_FILE names,
/// created with mode 0600, or, without that setting, to the terminal the service was started from (stderr, only
/// when it is a TTY). With neither, identity does not start: an administrator whose password nobody knows helps no one.
enum AdministratorPasswordOutput {
    case file(String)
    case terminal

    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "the first administrator needs a password: set METROLOGY_ADMIN_PASSWORD, or METROLOGY_ADMIN_PASSWORD_FILE to a path where a generated one is written (mode 0600)"
        }
    }

    /// The file if configured, else the terminal if stderr is one, else nothing.
    static func choose(file: String?, stderrIsTerminal: Bool = isatty(STDERR_FILENO) == 1) -> AdministratorPasswordOutput? {
        if let file, !file.isEmpty { return .file(file) }
        return stderrIsTerminal ? .terminal : nil
    }

    func deliver(_ password: String) throws {
        switch self {
        case .file(let path):
            try Self.write(password, toPrivateFile: path)
        case .terminal:
            FileHandle.standardError.write(Data("首次启动：系统管理员 admin 的初始密码为 \(password)（只显示这一次，请登录后立即修改）\n".utf8))
        }
    }

    /// Writes through a new file created with mode 0600 and renamed into place, so the password is never readable
    /// by others, not even for a moment.
    static func write(_ password: String, toPrivateFile path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw ConfigurationError("cannot create \(temporary) for the administrator password: errno \(errno)") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let written = Result {
            try handle.write(contentsOf: Data((password + "\n").utf8)); try handle.close()
        }
        guard case .success = written, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ConfigurationError("cannot write the administrator password to \(path): errno \(errno)")
        }
    }
}
