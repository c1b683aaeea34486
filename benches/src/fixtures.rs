//! The large real-kernel dumps of `tests/fixtures/large` (see its README).

use std::path::PathBuf;

use crate::Result;

/// The directory of the large dumps.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/large")
}

/// One dump: the reply datagrams as received, joined.
#[derive(Clone, Debug)]
pub struct Dump {
    /// File stem (`route4_dump`, ...).
    pub stem: String,
    /// `STEM.resp.bin`, read into a heap buffer as a receive buffer would hold it.
    pub bytes: Vec<u8>,
    /// Each datagram's length, from `manifest.json`.
    pub datagram_lens: Vec<usize>,
    /// The number of data messages (without `NLMSG_DONE`), from `manifest.json`.
    pub data_messages: usize,
}

impl Dump {
    /// Reads `STEM.resp.bin` and its `manifest.json` entry.
    pub fn load(stem: &str) -> Result<Self> {
        let d = dir();
        let bytes = std::fs::read(d.join(format!("{stem}.resp.bin")))?;
        let manifest = std::fs::read_to_string(d.join("manifest.json"))?;
        let entry = manifest_entry(&manifest, stem)?;
        let datagram_lens = number_list(entry, "datagram_lens")?;
        let data_messages = number_list(entry, "data_messages")?
            .first()
            .copied()
            .ok_or("manifest: no data_messages")?;
        if datagram_lens.iter().sum::<usize>() != bytes.len() {
            return Err(format!("{stem}: datagram lengths do not add up to the file").into());
        }
        Ok(Self {
            stem: stem.to_owned(),
            bytes,
            datagram_lens,
            data_messages,
        })
    }

    /// The datagrams, split back out of [`Self::bytes`].
    pub fn datagrams(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut pos = 0;
        self.datagram_lens.iter().map(move |&n| {
            let d = &self.bytes[pos..pos + n];
            pos += n;
            d
        })
    }
}

/// The text of the object `"fixtures": { "stem": { ... } }` in the manifest (and what
/// follows it).
fn manifest_entry<'m>(manifest: &'m str, stem: &str) -> Result<&'m str> {
    let fixtures = manifest
        .find("\"fixtures\": {")
        .ok_or("manifest.json has no fixtures")?;
    let key = format!("\"{stem}\": {{");
    let start = manifest[fixtures..]
        .find(&key)
        .ok_or_else(|| format!("manifest.json has no fixture {stem}"))?;
    Ok(&manifest[fixtures + start + key.len()..])
}

/// The first `"field": N` or `"field": [N, ...]` in `text`, as numbers.
fn number_list(text: &str, field: &str) -> Result<Vec<usize>> {
    let key = format!("\"{field}\":");
    let start = text
        .find(&key)
        .ok_or_else(|| format!("manifest: no {field}"))?
        + key.len();
    let rest = text[start..].trim_start();
    let body = match rest.strip_prefix('[') {
        Some(list) => &list[..list.find(']').ok_or("manifest: unterminated list")?],
        None => &rest[..rest.find([',', '\n', '}']).unwrap_or(rest.len())],
    };
    body.split(',')
        .map(|n| {
            n.trim()
                .parse::<usize>()
                .map_err(|e| format!("manifest {field}: {e}").into())
        })
        .collect()
}
