//! A growable [`Buffer`] for the codec's [`Builder`](nlwire_codec::Builder), with an
//! optional limit (the size of the socket buffer a dump chunk is written into).

use nlwire_codec::{Buffer, EncodeError};

/// The first allocation of a buffer: most messages fit (routes, addresses, acks), and
/// the allocator serves it from its per-thread cache (glibc's tcache ends at 1032
/// bytes); a link message (about 1.4 KB) grows once.
const MIN_ALLOC: usize = 1000;

/// A `Vec<u8>` that the codec's builders append to, failing past `limit` bytes.
///
/// Internally the vector is kept zero-filled beyond the written length (`len`), so
/// appending zeroed room for an attribute — the codec does it for every attribute — is
/// a length check, without writing.
#[derive(Debug, Default, Clone)]
pub struct VecBuf {
    /// The bytes: `v[..len]` written, `v[len..]` zeros.
    v: Vec<u8>,
    len: usize,
    limit: usize,
}

impl VecBuf {
    /// An empty buffer without a limit.
    pub fn new() -> Self {
        Self {
            v: Vec::new(),
            len: 0,
            limit: usize::MAX,
        }
    }

    /// An empty buffer that refuses to grow past `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            v: Vec::new(),
            len: 0,
            limit,
        }
    }

    /// An empty buffer without a limit whose first allocation is `n` bytes (for
    /// messages of a known size, such as acks: smaller than the default first allocation).
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            v: vec![0; n],
            len: 0,
            limit: usize::MAX,
        }
    }

    /// The written bytes.
    pub fn into_vec(mut self) -> Vec<u8> {
        self.v.truncate(self.len);
        self.v
    }

    /// The written bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.v[..self.len]
    }

    /// The limit.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Makes the zero-filled part reach `needed` bytes: at least [`MIN_ALLOC`], at least
    /// double, at most the limit.
    #[cold]
    fn grow(&mut self, needed: usize) {
        let want = needed
            .max(self.v.len().saturating_mul(2))
            .max(MIN_ALLOC)
            .min(self.limit)
            .max(needed);
        self.v.reserve_exact(want - self.v.len());
        self.v.resize(want, 0);
    }
}

impl Buffer for VecBuf {
    fn as_slice(&self) -> &[u8] {
        &self.v[..self.len]
    }
    fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.v[..self.len]
    }
    fn capacity(&self) -> usize {
        self.limit
    }
    #[inline]
    fn extend_zeroed(&mut self, n: usize) -> Result<(), EncodeError> {
        let needed = self.len.saturating_add(n);
        if needed > self.limit {
            return Err(EncodeError::BufferFull {
                needed,
                capacity: self.limit,
            });
        }
        if needed > self.v.len() {
            self.grow(needed);
        }
        self.len = needed;
        Ok(())
    }
    fn truncate(&mut self, len: usize) {
        if len < self.len {
            // Restore the invariant: everything past the written length is zero.
            self.v[len..self.len].fill(0);
            self.len = len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_is_zeroed_after_truncate_and_limits_hold() {
        let mut b = VecBuf::with_limit(2000);
        b.extend_zeroed(8).unwrap();
        b.as_mut_slice().copy_from_slice(&[0xff; 8]);
        b.truncate(2);
        assert_eq!(b.bytes(), [0xff, 0xff]);
        b.extend_zeroed(4).unwrap();
        assert_eq!(b.bytes(), [0xff, 0xff, 0, 0, 0, 0]);
        b.extend_zeroed(1994).unwrap();
        assert_eq!(b.bytes().len(), 2000);
        assert!(b.extend_zeroed(1).is_err());
        assert_eq!(b.clone().into_vec().len(), 2000);
        let mut u = VecBuf::new();
        u.extend_zeroed(5000).unwrap();
        assert!(u.bytes().iter().all(|&x| x == 0));
        assert_eq!(u.into_vec().len(), 5000);
    }
}
