//! Formatting helpers shared by the dissectors.

use core::fmt;

/// Writes `bytes` as lowercase hex pairs, at most `max` bytes, then `…(+N)` for the rest.
pub(crate) fn hex(f: &mut fmt::Formatter<'_>, bytes: &[u8], max: usize) -> fmt::Result {
    for b in bytes.iter().take(max) {
        write!(f, "{b:02x}")?;
    }
    if bytes.len() > max {
        write!(f, "…(+{})", bytes.len() - max)?;
    }
    Ok(())
}

/// `Display` for bytes as hex, without a limit.
#[derive(Clone, Copy, Debug)]
pub struct Hex<'a>(pub &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        hex(f, self.0, usize::MAX)
    }
}
