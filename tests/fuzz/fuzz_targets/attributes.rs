//! Unmarshal → marshal → unmarshal: the input's attribute tree (up to the first framing
//! error) is re-emitted with `Builder`, over a `SliceBuf` and a `heapless::Vec`; the output
//! must equal the canonical encoding (written without the codec), parse back to the same
//! tree, and re-emit to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlwire_codec::{Attrs, Builder, EncodeError, SliceBuf};
use nlwire_fuzz::{Tree, canonical, emit, parse_trees};

fn emit_slice(trees: &[Tree], cap: usize) -> Result<Vec<u8>, EncodeError> {
    let mut storage = vec![0xa5u8; cap];
    let mut buf = SliceBuf::new(&mut storage);
    let mut b = Builder::attributes(&mut buf)?;
    emit(&mut b, trees)?;
    Ok(buf.as_slice().to_vec())
}

fuzz_target!(|data: &[u8]| {
    let (trees, _) = parse_trees(Attrs::new(data), 0);
    let mut want = Vec::new();
    let Some(()) = canonical(&trees, &mut want) else {
        // A nest of 65,535 bytes whose last child was unpadded grows past nla_len's
        // range once padded: the builder must refuse it.
        let r = emit_slice(&trees, data.len() * 2 + 1024);
        assert!(matches!(r, Err(EncodeError::AttrTooLong { .. })), "{r:?}");
        return;
    };

    let got = emit_slice(&trees, want.len()).expect("canonical size fits");
    assert_eq!(
        got, want,
        "builder output differs from the canonical encoding"
    );
    if !want.is_empty() {
        // One byte short: BufferFull, never a partial or corrupt write.
        let r = emit_slice(&trees, want.len() - 1);
        assert!(matches!(r, Err(EncodeError::BufferFull { .. })), "{r:?}");
    }

    let mut hv: Box<heapless::Vec<u8, 8192>> = Box::default();
    let mut b = Builder::attributes(&mut *hv).unwrap();
    match emit(&mut b, &trees) {
        Ok(()) => assert_eq!(&hv[..], &want[..]),
        Err(EncodeError::BufferFull { .. }) => assert!(want.len() > 8192),
        Err(e) => panic!("{e:?}"),
    }

    let (again, ok) = parse_trees(Attrs::new(&want), 0);
    assert!(ok, "the canonical encoding frames");
    assert_eq!(again, trees, "parse(emit(parse(x))) != parse(x)");
    let twice = emit_slice(&again, want.len()).unwrap();
    assert_eq!(twice, want);
});
