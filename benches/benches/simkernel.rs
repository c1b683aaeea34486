//! `simkernel/*`: simple requests against nlwire-simkernel's in-memory kernel, through a
//! `SimSocket` (the codec's `Transport`), as a client would make them.
//!
//! - `link_get`: one `RTM_GETLINK` by index (`ip link show dev X`): send the request,
//!   receive the `RTM_NEWLINK` reply. One request per iteration.
//! - `addr_add_del`: `RTM_NEWADDR` (`CREATE | EXCL | ACK`) of 10.2.0.1/24 on an up
//!   dummy link, then `RTM_DELADDR` of it, each followed by the receive of its ack
//!   (checked to be a success). Two requests per iteration.
//!
//! Requests are written once into buffers outside the timed loop (the codec's writers are
//! measured by `encode/*`); the sequence number is the same every time, which the kernel
//! does not care about.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nlwire_codec::rtnl::addr::{self, AddrSpec};
use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_codec::{ErrorMsg, Message, Protocol, SliceBuf, Transport};
use nlwire_simkernel::{Kernel, SimSocket};

/// A simulated kernel with `bench0`, a dummy link that is up, and a route socket.
fn setup() -> (Kernel, SimSocket, i32) {
    let kernel = Kernel::new();
    let mut sock = kernel.socket(Protocol::ROUTE).expect("socket");
    let mut storage = [0u8; 256];
    let mut rx = vec![0u8; 32768];
    let mut buf = SliceBuf::new(&mut storage);
    let n = link::create_request(
        &mut buf,
        1,
        "bench0",
        "dummy",
        None::<fn(&mut nlwire_codec::Builder<'_, SliceBuf<'_>>) -> _>,
    )
    .expect("encode");
    sock.send(&storage[..n]).expect("send");
    expect_ack(&mut sock, &mut rx);
    let index = kernel
        .link_index(kernel.initial_namespace(), "bench0")
        .expect("bench0 exists");
    let mut buf = SliceBuf::new(&mut storage);
    let n = link::set_request(&mut buf, 2, index, Some(true))
        .map(|b| b.finish())
        .expect("encode");
    sock.send(&storage[..n]).expect("send");
    expect_ack(&mut sock, &mut rx);
    (kernel, sock, index)
}

/// Receives one datagram and checks that it is a success ack.
fn expect_ack(sock: &mut SimSocket, rx: &mut [u8]) {
    let got = sock.recv(rx).expect("recv");
    let msg = Message::parse(&rx[..got.len]).expect("a message");
    let e = ErrorMsg::parse(&msg).expect("an ack");
    assert!(e.is_ack(), "request failed: {e:?}");
}

fn simkernel(c: &mut Criterion) {
    let mut g = c.benchmark_group("simkernel");

    // ip link show dev bench0
    {
        let (_kernel, mut sock, index) = setup();
        let mut req = [0u8; 64];
        let mut buf = SliceBuf::new(&mut req);
        let n = link::get_request(&mut buf, 3, index, None).expect("encode");
        let req = &req[..n];
        let mut rx = vec![0u8; 32768];
        // The reply is the link, as expected.
        sock.send(req).expect("send");
        let got = sock.recv(&mut rx).expect("recv");
        let msg = Message::parse(&rx[..got.len]).expect("a message");
        assert_eq!(LinkMsg::parse(&msg).expect("RTM_NEWLINK").index(), index);
        g.throughput(Throughput::Elements(1));
        g.bench_function("link_get", |b| {
            b.iter(|| {
                sock.send(black_box(req)).expect("send");
                black_box(sock.recv(&mut rx).expect("recv").len)
            });
        });
    }

    // ip addr add 10.2.0.1/24 dev bench0; ip addr del 10.2.0.1/24 dev bench0
    {
        let (_kernel, mut sock, index) = setup();
        let spec = AddrSpec::new(
            IpAddr::V4(Ipv4Addr::new(10, 2, 0, 1)),
            24,
            u32::try_from(index).expect("positive ifindex"),
        );
        let mut add = [0u8; 128];
        let mut buf = SliceBuf::new(&mut add);
        let n = addr::add_request(&mut buf, 4, &spec).expect("encode");
        let add = &add[..n];
        let mut del = [0u8; 128];
        let mut buf = SliceBuf::new(&mut del);
        let n = addr::delete_request(&mut buf, 5, &spec).expect("encode");
        let del = &del[..n];
        let mut rx = vec![0u8; 32768];
        // Both succeed, repeatedly (a leftover address would make the add fail).
        for _ in 0..3 {
            sock.send(add).expect("send");
            expect_ack(&mut sock, &mut rx);
            sock.send(del).expect("send");
            expect_ack(&mut sock, &mut rx);
        }
        g.throughput(Throughput::Elements(2));
        g.bench_function("addr_add_del", |b| {
            b.iter(|| {
                sock.send(black_box(add)).expect("send");
                let a = sock.recv(&mut rx).expect("recv").len;
                sock.send(black_box(del)).expect("send");
                let d = sock.recv(&mut rx).expect("recv").len;
                black_box(a + d)
            });
        });
        // Every ack of the run was a success: the last one is, and no address is left.
        assert_eq!(i32::from_ne_bytes([rx[16], rx[17], rx[18], rx[19]]), 0);
    }
    g.finish();
}

/// The criterion group (its generated function has no doc comment of its own).
mod group {
    #![allow(missing_docs)]
    use super::*;

    criterion_group! {
        name = benches;
        config = Criterion::default()
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        targets = simkernel
    }
}
criterion_main!(group::benches);
