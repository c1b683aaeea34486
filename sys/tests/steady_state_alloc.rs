//! Steady-state use of the blocking client allocates nothing beyond its own reused
//! buffers: after a warm-up, acked requests and whole dumps against the real kernel (in a
//! private namespace) make zero heap allocations, as counted by `allocation-counter`.

use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_sys::{Client, Protocol, testing};

#[test]
fn requests_and_dumps_allocate_nothing_once_warm() {
    testing::in_private_netns("requests_and_dumps_allocate_nothing_once_warm", || {
        let mut client = Client::open(Protocol::ROUTE).unwrap();
        let mut names = 0usize;
        let work = |client: &mut Client<nlwire_sys::Socket>, names: &mut usize| {
            for mtu in [1500u32, 9000] {
                client
                    .request_ack(|buf, seq| {
                        link::set_request(buf, seq, 1, None)?.put_u32(link::ifla::MTU, mtu)
                    })
                    .unwrap();
            }
            client
                .dump(
                    |buf, seq| link::dump_request(buf, seq, 0),
                    |msg| {
                        let l = LinkMsg::parse(&msg)?;
                        *names += l.name()?.map_or(0, str::len);
                        Ok(())
                    },
                )
                .unwrap();
        };
        // Warm-up: the client's buffers reach their working size.
        work(&mut client, &mut names);
        let info = allocation_counter::measure(|| {
            for _ in 0..50 {
                work(&mut client, &mut names);
            }
        });
        assert!(names > 0);
        assert_eq!(
            info.count_total, 0,
            "{} allocations ({} bytes) in 100 acked requests and 50 dumps",
            info.count_total, info.bytes_total
        );
    });
}
