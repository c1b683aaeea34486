//! Errors of the tool, printed like `ip` prints them, and their exit statuses: 2 for bad
//! arguments (with the object's usage) and for kernel errors (as `ip`), 1 otherwise.

use std::fmt;

use nlwire_sys::Error;

/// Which usage text to print with an argument error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Object {
    /// The top level.
    Top,
    /// `link`.
    Link,
    /// `address`.
    Addr,
    /// `route`.
    Route,
    /// `neigh`.
    Neigh,
    /// `rule`.
    Rule,
    /// `nexthop`.
    Nexthop,
    /// `monitor`.
    Monitor,
    /// `genl`.
    Genl,
    /// `decode`.
    Decode,
}

impl Object {
    /// The object's usage text.
    pub(crate) fn usage(self) -> &'static str {
        match self {
            Object::Top => crate::opts::USAGE,
            Object::Link => crate::link::USAGE,
            Object::Addr => crate::addr::USAGE,
            Object::Route => crate::route::USAGE,
            Object::Neigh => crate::neigh::USAGE,
            Object::Rule => crate::rule::USAGE,
            Object::Nexthop => crate::nexthop::USAGE,
            Object::Monitor => crate::monitor::USAGE,
            Object::Genl => crate::genl::USAGE,
            Object::Decode => crate::decode::USAGE,
        }
    }
}

/// A failed command.
#[derive(Debug)]
pub(crate) enum CliError {
    /// Bad arguments: the message (may be empty) and the object whose usage to print.
    Usage {
        /// The object.
        object: Object,
        /// What was wrong.
        msg: String,
    },
    /// The kernel or the socket failed.
    Netlink(Error),
    /// Anything else, already worded (`Cannot find device "x"`).
    Failed(String),
}

impl CliError {
    /// An argument error of `object`.
    pub(crate) fn usage(object: Object, msg: impl Into<String>) -> Self {
        CliError::Usage {
            object,
            msg: msg.into(),
        }
    }

    /// A failure with a message.
    pub(crate) fn failed(msg: impl Into<String>) -> Self {
        CliError::Failed(msg.into())
    }

    /// `Cannot find device "name"`, as `ip` says it.
    pub(crate) fn no_device(name: &str) -> Self {
        CliError::Failed(format!("Cannot find device \"{name}\""))
    }

    /// The exit status: 2 for argument and kernel errors (as `ip`), 1 otherwise.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage { .. } => 2,
            CliError::Netlink(Error::Kernel(_)) => 2,
            CliError::Netlink(_) | CliError::Failed(_) => 1,
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Netlink(e)
    }
}

impl From<nlwire_codec::EncodeError> for CliError {
    fn from(e: nlwire_codec::EncodeError) -> Self {
        CliError::Netlink(Error::Encode(e))
    }
}

impl From<nlwire_codec::DecodeError> for CliError {
    fn from(e: nlwire_codec::DecodeError) -> Self {
        CliError::Netlink(Error::Decode(e))
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Netlink(Error::from(e))
    }
}

/// A kernel error as `ip` words it: `Nexthop has invalid gateway (ENETUNREACH)`, then
/// ` at attribute RTA_GATEWAY` (or the numeric path) when the kernel pointed at one.
pub(crate) struct KernelText<'a>(pub(crate) &'a nlwire_sys::KernelError);

impl fmt::Display for KernelText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.0;
        match (&k.msg, nlwire_sys::errno::description(k.errno)) {
            (Some(m), _) => f.write_str(m.trim_end_matches('.'))?,
            (None, Some(d)) => f.write_str(d)?,
            (None, None) => write!(f, "errno {}", k.errno)?,
        }
        match k.name() {
            Some(n) => write!(f, " ({n})")?,
            None => write!(f, " (errno {})", k.errno)?,
        }
        match (&k.path, k.offset) {
            (Some(p), _) => write!(f, " at attribute {p}")?,
            (None, Some(o)) => write!(f, " at offset {o}")?,
            _ => {}
        }
        if let Some(p) = &k.policy {
            write!(f, " {p}")?;
        }
        if let Some(t) = k.missing_type {
            write!(f, ", missing attribute {t}")?;
        }
        Ok(())
    }
}

/// Prints `e` to standard error as `ip` would.
pub(crate) fn print(e: &CliError) {
    match e {
        CliError::Usage { object, msg } => {
            if !msg.is_empty() {
                eprintln!("{}", msg.trim_end());
            }
            eprintln!("{}", object.usage());
        }
        CliError::Netlink(Error::Kernel(k)) => {
            eprintln!("Error: {}", KernelText(k));
        }
        CliError::Netlink(Error::Overrun) => eprintln!("Error: {}", Error::Overrun),
        CliError::Netlink(e) => eprintln!("Error: {e}"),
        CliError::Failed(m) => eprintln!("{m}"),
    }
}
