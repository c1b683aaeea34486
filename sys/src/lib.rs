//! Netlink sockets for nlwire-codec.
