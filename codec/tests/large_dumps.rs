//! Typed rtnetlink against large real-kernel dumps (391 links, 3,392 addresses, 23,704
//! routes with multipath and tables above 255, 1,299 neighbours, rules, nexthop objects,
//! qdiscs and filters; see tests/fixtures/large/README.md): every message decodes through
//! its typed view, every attribute the uapi defines is known to the descriptors (zero
//! unknown, zero malformed), and re-emitting each message gives identical bytes.

mod common;

use nlwire_codec::desc::{AttrSet, Value};
use nlwire_codec::{Attrs, Builder, MessageType, Messages, SliceBuf};

#[test]
#[cfg_attr(miri, ignore = "3 MB of input is too slow under miri")]
fn every_message_decodes_typed_with_no_unknown_attributes() {
    let mut total = 0;
    for d in common::DUMPS {
        let seen = common::decode(d);
        assert!(seen.messages > 0, "{}", d.name);
        assert_eq!(seen.attrs.unknown, 0, "{}: unknown attributes", d.name);
        assert_eq!(seen.attrs.malformed, 0, "{}: malformed attributes", d.name);
        assert_eq!(seen.accessor_errors, 0, "{}: accessor errors", d.name);
        assert!(seen.attrs.typed > seen.messages, "{}", d.name);
        assert!(seen.text > 0);
        total += seen.messages;
        println!(
            "{}: {} messages, {} attributes typed",
            d.name, seen.messages, seen.attrs.typed
        );
    }
    assert!(total > 29_000, "{total}");
}

fn reemit<B: nlwire_codec::Buffer>(b: &mut Builder<'_, B>, attrs: Attrs<'_>, set: &AttrSet) {
    for a in attrs {
        let a = a.unwrap();
        match set.get(a.kind()).map(|d| d.value) {
            Some(Value::Nested(inner)) => b
                .nest_noflag(a.raw_kind(), |b| {
                    reemit(b, a.nested(), inner);
                    Ok(())
                })
                .unwrap(),
            _ => b.put(a.raw_kind(), a.payload()).unwrap(),
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "3 MB of input is too slow under miri")]
fn every_message_reemits_byte_for_byte() {
    let mut storage = vec![0u8; 1 << 16];
    for d in common::DUMPS {
        for m in Messages::new(d.bytes) {
            let m = m.unwrap();
            let h = m.header();
            let mut buf = SliceBuf::new(&mut storage);
            let mut b =
                Builder::message(&mut buf, h.message_type(), h.flags(), h.seq(), h.pid()).unwrap();
            if m.message_type() == MessageType::DONE {
                b.put_bytes(m.payload()).unwrap();
            } else {
                b.put_bytes(&m.payload()[..d.header_len]).unwrap();
                reemit(&mut b, m.attrs(d.header_len).unwrap(), d.set);
            }
            b.finish();
            assert_eq!(buf.as_slice(), m.bytes(), "{} at {}", d.name, m.offset());
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "3 MB of input is too slow under miri")]
fn tables_above_255_come_from_rta_table() {
    let d = common::DUMPS
        .iter()
        .find(|d| d.name == "route4_dump")
        .unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for m in Messages::new(d.bytes) {
        let m = m.unwrap();
        if m.message_type() == MessageType::DONE {
            continue;
        }
        let r = nlwire_codec::rtnl::route::RouteMsg::parse(&m).unwrap();
        *seen
            .entry((r.header_table(), r.table().unwrap()))
            .or_insert(0) += 1;
    }
    assert!(seen.contains_key(&(252, 1000)), "{seen:?}");
    assert!(seen.contains_key(&(254, 254)), "{seen:?}");
}
