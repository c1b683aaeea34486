//! Generic netlink families the host kernel may lack, simulated on top of the public
//! [`Kernel::register_family`](crate::Kernel::register_family) API: `wireguard`
//! ([`WireGuard`]) and `nl80211` ([`Nl80211`]).
//!
//! Each is a handle holding the family's state (shared with the handlers it registers),
//! so tests can configure and inspect it from outside while clients talk netlink:
//!
//! ```
//! use nlwire_simkernel::Kernel;
//! use nlwire_simkernel::families::WireGuard;
//!
//! let kernel = Kernel::new();
//! let wg = WireGuard::new();
//! let id = wg.register(&kernel)?;
//! assert!(id > 16);
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod nl80211;
pub mod wireguard;

pub use nl80211::Nl80211;
pub use wireguard::WireGuard;
