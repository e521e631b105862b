import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who may read a state, and reading one that cannot be written.
///
/// A state holds the array's data and the operator's journal: Vigil makes its directory 0700 and
/// its files 0600, whatever the umask. SQLite gives `state.sqlite-wal` and `-shm` the mode of
/// `state.sqlite`, and Vigil gives `last-checkpoint` the same, so an operator who opens a state to a
/// monitoring group (`chmod 0750` the directory, `0640` state.sqlite) keeps it that way; an existing
/// directory's or file's mode is never changed.
extension StateStore {
    /// The mode of new state files: 0600.
    public static let privateFileMode: mode_t = 0o600

    /// Creates `path` and any missing parent as 0700 (the umask is not consulted); an existing
    /// directory is left as it is.
    public static func createPrivateDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StateStoreError("\(path) is not a directory") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createPrivateDirectory(parent) }
        if mkdir(path, 0o700) == 0 {
            chmod(path, 0o700)  // mkdir's mode passes through the umask
        } else if errno != EEXIST {
            throw StateStoreError(String(cString: strerror(errno)))
        }
    }

    /// Opens `path`, creating it with exactly `mode` if it is not there (an existing file keeps its
    /// mode). Returns the descriptor, or −1 with errno set.
    public static func openPrivate(_ path: String, flags: Int32, mode: mode_t = privateFileMode) -> Int32 {
        let fd = open(path, flags | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd >= 0 {
            fchmod(fd, mode)  // open's mode passes through the umask
            return fd
        }
        guard errno == EEXIST else { return -1 }
        return open(path, flags | O_CLOEXEC)
    }

    /// The mode for a new file beside the database: the database's own (at least owner read and
    /// write), or 0600.
    static func stateFileMode(_ databasePath: String) -> mode_t {
        var st = stat()
        guard stat(databasePath, &st) == 0 else { return privateFileMode }
        return (st.st_mode & 0o666) | 0o600
    }

    /// Creates an empty `state.sqlite` as 0600 before SQLite opens it: SQLite would create it
    /// 0644 less the umask, and then the -wal and -shm files like it.
    static func createDatabaseFile(_ path: String) throws {
        let fd = openPrivate(path, flags: O_RDWR)
        guard fd >= 0 else { throw StateStoreError("cannot create \(path): \(String(cString: strerror(errno)))") }
        closeDescriptor(fd)
    }

    /// What a reader hands SQLite. Where the directory can be written, the database's path: SQLite
    /// shares the writer's -shm, or makes one. Where it cannot (a read-only copy, read-only media),
    /// SQLite cannot make the -shm a WAL database needs: with no committed transactions left in a
    /// -wal, the database file is the whole state and is opened immutable (no -shm, no locks);
    /// with some, the -shm must be there to read them through (SQLite reads a read-only -shm).
    static func readerPath(directory: String) throws -> String {
        let databasePath = directory + "/state.sqlite"
        guard access(directory, W_OK) != 0 else { return databasePath }
        let wal = databasePath + "-wal", shm = databasePath + "-shm"
        let walBytes = ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? NSNumber)?.intValue ?? 0
        if walBytes == 0 { return Self.immutableURI(databasePath) }
        if access(shm, R_OK) == 0 { return databasePath }
        throw StateStoreError("\(wal) holds committed transactions that SQLite can only read through \(shm), which is missing and cannot be made in the read-only \(directory); copy the state directory somewhere writable and read the copy")
    }

    /// `file:` URI of `path` with `immutable=1` (SQLite is built with URI filenames here).
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file://\(escaped)?immutable=1"
    }
}
