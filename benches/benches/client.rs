//! `client/routes`: a whole IPv4 route dump (10,000 routes plus the kernel's own) through
//! nlwire-sys's blocking `Client`, each message decoded as in `decode/route4`.
//!
//! - `kernel`: the real kernel, in a private network namespace made for the run (a veth
//!   pair, an address, 10,000 routes in table 1000 via a gateway on it). Needs
//!   `CAP_SYS_ADMIN`; without it the function is skipped with the reason printed (or the
//!   bench fails when `NLWIRE_REQUIRE_KERNEL=1`, as the kernel tests do).
//! - `simkernel`: the same state and the same dump through nlwire-simkernel's in-memory
//!   kernel (`Kernel::socket` is a `Transport`), so no privilege is needed.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nlwire_benches::fields::BlackBox;
use nlwire_benches::via_nlwire::route_fields;
use nlwire_codec::rtnl::addr::{self, AddrSpec};
use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_codec::rtnl::route::{self, RouteDumpFilter, RouteMsg, RouteSpec};
use nlwire_codec::rtnl::{family, rtm};
use nlwire_simkernel::{Kernel, SimSocket};
use nlwire_sys::{Client, NetNs, Protocol, Socket, Transport, testing};

/// Routes added to the namespace.
const ROUTES: u32 = 10_000;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The index of link `name`.
fn index_of<T: Transport>(client: &mut Client<T>, name: &str) -> Result<i32, BoxError>
where
    T::Error: Into<nlwire_sys::Error>,
{
    let msg = client.request(|buf, seq| link::get_request(buf, seq, 0, Some(name)))?;
    Ok(LinkMsg::parse(&msg)?.index())
}

/// Makes the state of the bench through `client`: a veth pair, up, 10.1.0.1/24 on one
/// end, and `ROUTES` routes in table 1000 via 10.1.0.2 on it.
fn populate<T: Transport>(client: &mut Client<T>) -> Result<(), BoxError>
where
    T::Error: Into<nlwire_sys::Error>,
{
    client.request_ack(|buf, seq| link::create_veth_request(buf, seq, "nlwb0", "nlwb1"))?;
    let a = index_of(client, "nlwb0")?;
    let b = index_of(client, "nlwb1")?;
    for i in [a, b] {
        client.request_ack(|buf, seq| {
            link::set_request(buf, seq, i, Some(true)).map(|b| b.finish())
        })?;
    }
    let ifindex = u32::try_from(a)?;
    let local = IpAddr::V4(Ipv4Addr::new(10, 1, 0, 1));
    client
        .request_ack(|buf, seq| addr::add_request(buf, seq, &AddrSpec::new(local, 24, ifindex)))?;
    for i in 0..ROUTES {
        let spec = RouteSpec {
            dst: Some(IpAddr::V4(Ipv4Addr::from(0x6440_0000 + (i << 8)))),
            dst_len: 24,
            gateway: Some(IpAddr::V4(Ipv4Addr::new(10, 1, 0, 2))),
            oif: ifindex,
            table: 1000,
            priority: Some(100 + i % 1000),
            ..RouteSpec::default()
        };
        client.request_ack(|buf, seq| route::add_request(buf, seq, &spec))?;
    }
    Ok(())
}

/// A private namespace of the real kernel with the bench's state, and a client in it.
fn kernel_setup() -> Result<(NetNs, Client<Socket>), BoxError> {
    let ns = NetNs::new_private()?;
    let mut client = ns.run_in(|| Client::open(Protocol::ROUTE))??;
    populate(&mut client)?;
    Ok((ns, client))
}

/// A simulated kernel with the bench's state, and a client of it.
fn simkernel_setup() -> Result<(Kernel, Client<SimSocket>), BoxError> {
    let kernel = Kernel::new();
    let sock = kernel.socket(Protocol::ROUTE)?;
    let mut client = Client::new(sock).with_protocol(Protocol::ROUTE);
    populate(&mut client)?;
    Ok((kernel, client))
}

/// Dumps every IPv4 route and reads each one's fields; returns the number of routes.
fn dump_routes<T: Transport>(client: &mut Client<T>) -> Result<usize, nlwire_sys::Error>
where
    T::Error: Into<nlwire_sys::Error>,
{
    let filter = RouteDumpFilter {
        family: family::INET,
        ..RouteDumpFilter::default()
    };
    let summary = client.dump(
        |buf, seq| route::dump_request(buf, seq, &filter),
        |msg| {
            if msg.message_type() == rtm::NEWROUTE {
                route_fields(&RouteMsg::parse(&msg)?, &mut BlackBox)?;
            }
            Ok(())
        },
    )?;
    Ok(summary.messages)
}

fn client_routes(c: &mut Criterion) {
    let mut g = c.benchmark_group("client/routes");
    match kernel_setup() {
        Ok((_ns, mut client)) => match dump_routes(&mut client) {
            Ok(n) => {
                g.throughput(Throughput::Elements(n as u64));
                g.bench_function("kernel", |b| {
                    b.iter(|| black_box(dump_routes(&mut client).expect("route dump")));
                });
            }
            Err(e) => {
                testing::skip::<()>(
                    "client/routes/kernel",
                    format!("the first dump failed: {e}"),
                );
            }
        },
        Err(e) => {
            // Panics instead when NLWIRE_REQUIRE_KERNEL=1, as the kernel tests do.
            testing::skip::<()>(
                "client/routes/kernel",
                format!("no private network namespace with routes ({e}); run as root"),
            );
        }
    }
    match simkernel_setup() {
        Ok((_kernel, mut client)) => {
            let n = dump_routes(&mut client).expect("simulated route dump");
            g.throughput(Throughput::Elements(n as u64));
            g.bench_function("simkernel", |b| {
                b.iter(|| black_box(dump_routes(&mut client).expect("route dump")));
            });
        }
        // Not a missing privilege: the simulator must work everywhere.
        Err(e) => panic!("client/routes/simkernel: setting up the simulated kernel failed: {e}"),
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
        targets = client_routes
    }
}
criterion_main!(group::benches);
