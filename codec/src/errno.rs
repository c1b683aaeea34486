//! Names and descriptions of Linux error numbers, as netlink errors carry them.
//!
//! The numbers are Linux's generic ones (`asm-generic/errno.h`), used by x86, Arm, RISC-V,
//! PowerPC, s390 and most other architectures; MIPS, SPARC, Alpha and PA-RISC number some
//! errors differently and are not covered. A test checks every entry against `libc`.
//!
//! ```
//! assert_eq!(nlwire_codec::errno::name(101), Some("ENETUNREACH"));
//! assert_eq!(nlwire_codec::errno::description(19), Some("No such device"));
//! assert_eq!(nlwire_codec::errno::name(4095), None);
//! ```

/// `(errno, name, description)`, sorted by number.
pub const TABLE: &[(i32, &str, &str)] = &[
    (1, "EPERM", "Operation not permitted"),
    (2, "ENOENT", "No such file or directory"),
    (3, "ESRCH", "No such process"),
    (4, "EINTR", "Interrupted system call"),
    (5, "EIO", "Input/output error"),
    (6, "ENXIO", "No such device or address"),
    (7, "E2BIG", "Argument list too long"),
    (8, "ENOEXEC", "Exec format error"),
    (9, "EBADF", "Bad file descriptor"),
    (10, "ECHILD", "No child processes"),
    (11, "EAGAIN", "Resource temporarily unavailable"),
    (12, "ENOMEM", "Cannot allocate memory"),
    (13, "EACCES", "Permission denied"),
    (14, "EFAULT", "Bad address"),
    (16, "EBUSY", "Device or resource busy"),
    (17, "EEXIST", "File exists"),
    (18, "EXDEV", "Invalid cross-device link"),
    (19, "ENODEV", "No such device"),
    (20, "ENOTDIR", "Not a directory"),
    (21, "EISDIR", "Is a directory"),
    (22, "EINVAL", "Invalid argument"),
    (23, "ENFILE", "Too many open files in system"),
    (24, "EMFILE", "Too many open files"),
    (27, "EFBIG", "File too large"),
    (28, "ENOSPC", "No space left on device"),
    (32, "EPIPE", "Broken pipe"),
    (33, "EDOM", "Numerical argument out of domain"),
    (34, "ERANGE", "Numerical result out of range"),
    (35, "EDEADLK", "Resource deadlock avoided"),
    (36, "ENAMETOOLONG", "File name too long"),
    (38, "ENOSYS", "Function not implemented"),
    (39, "ENOTEMPTY", "Directory not empty"),
    (40, "ELOOP", "Too many levels of symbolic links"),
    (42, "ENOMSG", "No message of desired type"),
    (43, "EIDRM", "Identifier removed"),
    (61, "ENODATA", "No data available"),
    (62, "ETIME", "Timer expired"),
    (67, "ENOLINK", "Link has been severed"),
    (71, "EPROTO", "Protocol error"),
    (74, "EBADMSG", "Bad message"),
    (75, "EOVERFLOW", "Value too large for defined data type"),
    (
        84,
        "EILSEQ",
        "Invalid or incomplete multibyte or wide character",
    ),
    (90, "EMSGSIZE", "Message too long"),
    (91, "EPROTOTYPE", "Protocol wrong type for socket"),
    (92, "ENOPROTOOPT", "Protocol not available"),
    (93, "EPROTONOSUPPORT", "Protocol not supported"),
    (95, "EOPNOTSUPP", "Operation not supported"),
    (96, "EPFNOSUPPORT", "Protocol family not supported"),
    (
        97,
        "EAFNOSUPPORT",
        "Address family not supported by protocol",
    ),
    (98, "EADDRINUSE", "Address already in use"),
    (99, "EADDRNOTAVAIL", "Cannot assign requested address"),
    (100, "ENETDOWN", "Network is down"),
    (101, "ENETUNREACH", "Network is unreachable"),
    (103, "ECONNABORTED", "Software caused connection abort"),
    (104, "ECONNRESET", "Connection reset by peer"),
    (105, "ENOBUFS", "No buffer space available"),
    (106, "EISCONN", "Transport endpoint is already connected"),
    (107, "ENOTCONN", "Transport endpoint is not connected"),
    (110, "ETIMEDOUT", "Connection timed out"),
    (111, "ECONNREFUSED", "Connection refused"),
    (112, "EHOSTDOWN", "Host is down"),
    (113, "EHOSTUNREACH", "No route to host"),
    (114, "EALREADY", "Operation already in progress"),
    (115, "EINPROGRESS", "Operation now in progress"),
    (122, "EDQUOT", "Disk quota exceeded"),
    (125, "ECANCELED", "Operation canceled"),
    (131, "ENOTRECOVERABLE", "State not recoverable"),
    (132, "ERFKILL", "Operation not possible due to RF-kill"),
];

fn find(errno: i32) -> Option<&'static (i32, &'static str, &'static str)> {
    TABLE
        .binary_search_by_key(&errno, |e| e.0)
        .ok()
        .and_then(|i| TABLE.get(i))
}

/// The symbolic name of a positive `errno` (`"ENODEV"`).
pub fn name(errno: i32) -> Option<&'static str> {
    find(errno).map(|e| e.1)
}

/// The C library's description of a positive `errno` (`"No such device"`).
pub fn description(errno: i32) -> Option<&'static str> {
    find(errno).map(|e| e.2)
}

/// The number of a symbolic name (`"ENODEV"` → 19).
pub fn from_name(name: &str) -> Option<i32> {
    TABLE.iter().find(|e| e.1 == name).map(|e| e.0)
}
