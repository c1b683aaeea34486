//! [`MsgBuf`]: a growable, reusable buffer that the codec's writers append requests to.

use nlwire_codec::{Buffer, EncodeError};

/// A request buffer backed by a `Vec<u8>`: it implements the codec's [`Buffer`], so any
/// request writer (`Builder::message`, `rtnl::link::create_veth_request`, …) can write
/// into it. It grows as needed up to a limit, and keeps its allocation when cleared, so a
/// client that reuses it allocates nothing in steady state.
#[derive(Clone, Debug)]
pub struct MsgBuf {
    bytes: Vec<u8>,
    limit: usize,
}

impl MsgBuf {
    /// The default limit: 1 MiB, well above what a netlink socket accepts in one send
    /// by default.
    pub const DEFAULT_LIMIT: usize = 1 << 20;

    /// An empty buffer that may grow to [`Self::DEFAULT_LIMIT`] bytes.
    pub fn new() -> Self {
        Self::with_limit(Self::DEFAULT_LIMIT)
    }

    /// An empty buffer that may grow to `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            bytes: Vec::new(),
            limit,
        }
    }

    /// Forgets the contents, keeping the allocation.
    pub fn clear(&mut self) {
        self.bytes.clear();
    }

    /// The bytes written, mutable (for patching headers).
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
}

impl Default for MsgBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl Buffer for MsgBuf {
    fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    fn capacity(&self) -> usize {
        self.limit
    }

    fn extend_zeroed(&mut self, n: usize) -> Result<(), EncodeError> {
        let needed = self.bytes.len().saturating_add(n);
        if needed > self.limit {
            return Err(EncodeError::BufferFull {
                needed,
                capacity: self.limit,
            });
        }
        self.bytes.resize(needed, 0);
        Ok(())
    }

    fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nlwire_codec::{Builder, Flags, MessageType};

    #[test]
    fn grows_to_the_limit_and_no_further() {
        let mut b = MsgBuf::with_limit(40);
        let mut m = Builder::message(&mut b, MessageType(16), Flags::REQUEST, 1, 0).unwrap();
        m.put_u32(1, 7).unwrap();
        assert!(m.put_bytes(&[0; 32]).is_err());
        assert_eq!(m.finish(), 24);
        assert_eq!(b.as_slice().len(), 24);
        b.clear();
        assert!(b.is_empty());
    }
}
