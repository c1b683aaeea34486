//! The libraries read the same values from every dump, and write the same bytes for
//! every request: the benches compare equal work.

use nlwire_benches::fields::Checksum;
use nlwire_benches::fixtures::Dump;
use nlwire_benches::requests::{routes, veths};
use nlwire_benches::{DECODE_INPUTS, Kind, Lib, decode, split_messages, via_nlwire, via_npr};

#[test]
fn every_library_reads_the_same_fields() {
    for (input, stem) in DECODE_INPUTS {
        let dump = Dump::load(stem).unwrap();
        let kind = Kind::of_input(input).unwrap();
        let mut sums = Vec::new();
        for lib in Lib::ALL {
            let mut sum = Checksum::default();
            let n = decode(lib, kind, &dump.bytes, &mut sum)
                .unwrap_or_else(|e| panic!("{input}/{}: {e}", lib.id()));
            assert_eq!(n, dump.data_messages, "{input}/{}", lib.id());
            if lib != Lib::Walk {
                sums.push((lib.id(), sum));
            }
        }
        for (id, sum) in &sums[1..] {
            assert_eq!(
                *sum, sums[0].1,
                "{input}: {id} read other values than nlwire"
            );
        }
    }
}

#[test]
fn datagrams_hold_whole_messages() {
    for (_, stem) in DECODE_INPUTS {
        let dump = Dump::load(stem).unwrap();
        let per_datagram: usize = dump.datagrams().map(|d| split_messages(d).count()).sum();
        assert_eq!(per_datagram, split_messages(&dump.bytes).count(), "{stem}");
        assert_eq!(per_datagram, dump.data_messages + 1, "{stem}");
    }
}

fn collect(f: impl FnOnce(&mut dyn FnMut(&[u8]))) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    f(&mut |b: &[u8]| out.push(b.to_vec()));
    out
}

#[test]
fn route_requests_are_byte_identical() {
    let reqs = routes(300);
    let mut storage = [0u8; 256];
    let mut vec = Vec::new();
    let a = collect(|each| {
        via_nlwire::encode_routes(&reqs, &mut storage, each).unwrap();
    });
    let b = collect(|each| {
        via_npr::encode_routes(&reqs, &mut vec, each).unwrap();
    });
    assert_eq!(a.len(), 300);
    assert_eq!(a, b);
}

#[test]
fn veth_requests_are_equivalent() {
    let pairs = veths(50);
    let mut storage = [0u8; 256];
    let mut vec = Vec::new();
    let a = collect(|each| {
        via_nlwire::encode_veths(&pairs, &mut storage, each).unwrap();
    });
    let b = collect(|each| {
        via_npr::encode_veths(&pairs, &mut vec, each).unwrap();
    });
    assert_eq!(a.len(), 50);
    for (x, y) in a.iter().zip(&b) {
        // netlink-packet-route sets NLA_F_NESTED on IFLA_LINKINFO / IFLA_INFO_DATA /
        // VETH_INFO_PEER; nlwire writes them as the kernel and iproute2 do, without it.
        // Everything else is the same.
        assert_eq!(x.len(), y.len());
        let differing: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
        for i in differing {
            assert!(
                x[i] == 0 && y[i] == 0x80 && i % 2 == 1,
                "byte {i}: {x:?} vs {y:?}"
            );
        }
    }
}

/// Counts a few facts from the fixture README, to show the fields are really read.
#[derive(Default)]
struct Facts {
    table_1000: usize,
    gateways: usize,
    prefsrc: usize,
    veth: usize,
    bridge: usize,
    masters: usize,
    stats: usize,
    labels: usize,
    lladdr: usize,
}

impl nlwire_benches::fields::Sink for Facts {
    fn route(&mut self, f: &nlwire_benches::fields::RouteFields) {
        self.table_1000 += usize::from(f.table == 1000);
        self.gateways += usize::from(f.gateway.is_some());
        self.prefsrc += usize::from(f.prefsrc.is_some());
    }
    fn link(&mut self, f: &nlwire_benches::fields::LinkFields<'_>) {
        self.veth += usize::from(f.kind == Some("veth"));
        self.bridge += usize::from(f.kind == Some("bridge"));
        self.masters += usize::from(f.master.is_some());
        self.stats += usize::from(f.rx_bytes.is_some() && f.mtu.is_some() && f.name.is_some());
    }
    fn addr(&mut self, f: &nlwire_benches::fields::AddrFields<'_>) {
        self.labels += usize::from(f.label.is_some_and(|l| l.contains(':')));
    }
    fn neigh(&mut self, f: &nlwire_benches::fields::NeighFields<'_>) {
        self.lladdr += usize::from(f.lladdr.is_some_and(|l| l.len() == 6));
    }
}

#[test]
fn the_fields_are_really_read() {
    for lib in [Lib::Nlwire, Lib::Npr, Lib::Neli] {
        let mut f = Facts::default();
        for (input, stem) in DECODE_INPUTS {
            let dump = Dump::load(stem).unwrap();
            decode(lib, Kind::of_input(input).unwrap(), &dump.bytes, &mut f).unwrap();
        }
        // route4: 2,000 + route6: 1,000 routes in table 1000.
        assert_eq!(f.table_1000, 3000, "{}", lib.id());
        assert!(f.gateways > 9840 + 4980, "{}", lib.id());
        assert!(f.prefsrc >= 3494, "{}", lib.id());
        assert_eq!(
            (f.veth, f.bridge, f.masters, f.stats),
            (380, 10, 60, 391),
            "{}",
            lib.id()
        );
        assert_eq!(f.labels, 330, "{}", lib.id());
        assert!(f.lladdr >= 900, "{}", lib.id());
    }
}
