//! Names and descriptions of the error numbers netlink replies carry: the codec's table
//! ([`nlwire_codec::errno`]), re-exported so that `nlwire_sys` users need not reach into
//! the codec.
//!
//! ```
//! assert_eq!(nlwire_sys::errno::name(101), Some("ENETUNREACH"));
//! assert_eq!(nlwire_sys::errno::description(19), Some("No such device"));
//! assert_eq!(nlwire_sys::errno::name(4095), None);
//! ```

pub use nlwire_codec::errno::{description, from_name, name};
