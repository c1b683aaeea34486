//! A growable [`Buffer`] for the codec's [`Builder`](nlwire_codec::Builder), with an
//! optional limit (the size of the socket buffer a dump chunk is written into).

use nlwire_codec::{Buffer, EncodeError};

/// A `Vec<u8>` that the codec's builders append to, failing past `limit` bytes.
#[derive(Debug, Default, Clone)]
pub struct VecBuf {
    v: Vec<u8>,
    limit: usize,
}

impl VecBuf {
    /// An empty buffer without a limit.
    pub fn new() -> Self {
        Self {
            v: Vec::new(),
            limit: usize::MAX,
        }
    }

    /// An empty buffer that refuses to grow past `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            v: Vec::new(),
            limit,
        }
    }

    /// The written bytes.
    pub fn into_vec(self) -> Vec<u8> {
        self.v
    }

    /// The written bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.v
    }

    /// The limit.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

impl Buffer for VecBuf {
    fn as_slice(&self) -> &[u8] {
        &self.v
    }
    fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.v
    }
    fn capacity(&self) -> usize {
        self.limit
    }
    fn extend_zeroed(&mut self, n: usize) -> Result<(), EncodeError> {
        let needed = self.v.len().saturating_add(n);
        if needed > self.limit {
            return Err(EncodeError::BufferFull {
                needed,
                capacity: self.limit,
            });
        }
        self.v.resize(needed, 0);
        Ok(())
    }
    fn truncate(&mut self, len: usize) {
        self.v.truncate(len);
    }
}
