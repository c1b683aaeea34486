//! The Tokio client (feature `tokio`) against the real kernel, in private network
//! namespaces: dumps (whole, and dropped half-way), single replies, acks and errors with
//! their attribute paths, generic netlink, and multicast notifications.
//!
//! Each test makes its namespace with [`nlwire_sys::testing::in_private_netns`] and runs a
//! current-thread runtime on a thread in it (not `#[tokio::test]`, whose runtime would run
//! on the test's own thread, outside the namespace), with a time limit so that a missing
//! reply fails the test instead of hanging it. Run with
//! `cargo test -p nlwire-sys --features tokio --test tokio`.
#![cfg(feature = "tokio")]

use std::future::Future;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use nlwire_codec::genl::ctrl;
use nlwire_codec::rtnl::link::{self, LinkMsg, ifla};
use nlwire_codec::rtnl::{group, rtm};
use nlwire_codec::{Flags, Protocol};
use nlwire_sys::genl::Family;
use nlwire_sys::route::{Event, RtnlHandle};
use nlwire_sys::testing::in_private_netns;
use nlwire_sys::tokio::{AsyncClient, Subscription};

/// Runs the future `make` returns on a current-thread runtime (IO enabled) on a new
/// thread, which is in the caller's namespace; fails after 30 s.
fn run_async<F>(make: impl FnOnce() -> F + Send + 'static)
where
    F: Future<Output = ()>,
{
    let (tx, rx) = mpsc::channel();
    let t = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        rt.block_on(make());
        let _ = tx.send(());
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(()) => t.join().unwrap(),
        Err(RecvTimeoutError::Disconnected) => {
            if let Err(panic) = t.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(RecvTimeoutError::Timeout) => panic!("the async test did not finish in 30 s"),
    }
}

/// The names of the links a dump returned.
fn names(msgs: &[nlwire_sys::tokio::OwnedMessage]) -> Vec<String> {
    msgs.iter()
        .map(|m| {
            let msg = m.message().unwrap();
            LinkMsg::parse(&msg)
                .unwrap()
                .name()
                .unwrap()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn async_link_dump_requests_and_errors() {
    in_private_netns("async_link_dump_requests_and_errors", || {
        let mut rt = RtnlHandle::open().unwrap();
        rt.veth_add("v0", "v1").unwrap();
        let v0 = i32::try_from(rt.link_index("v0").unwrap()).unwrap();
        run_async(move || async move {
            let mut c = AsyncClient::open(Protocol::ROUTE).unwrap();

            // A dump, message by message.
            let mut dump = c
                .dump(|b, seq| link::dump_request(b, seq, link::rtext_filter::SKIP_STATS))
                .await
                .unwrap();
            let mut got = Vec::new();
            while let Some(m) = dump.next().await {
                let m = m.unwrap();
                assert_eq!(m.message_type(), rtm::NEWLINK);
                got.push(m);
            }
            assert_eq!(dump.messages(), 3);
            assert!(!dump.is_interrupted());
            assert!(dump.next().await.is_none(), "stays ended");
            let mut n = names(&got);
            n.sort();
            assert_eq!(n, ["lo", "v0", "v1"]);

            // One reply, owned: it outlives the next request.
            let reply = c
                .request(|b, seq| link::get_request(b, seq, 0, Some("v0")))
                .await
                .unwrap();
            c.request_ack(|b, seq| link::set_request(b, seq, v0, None)?.put_u32(ifla::MTU, 1400))
                .await
                .unwrap();
            let msg = reply.message().unwrap();
            let l = LinkMsg::parse(&msg).unwrap();
            assert_eq!((l.index(), l.mtu().unwrap()), (v0, Some(1500)));
            let now = c
                .request(|b, seq| link::get_request(b, seq, v0, None))
                .await
                .unwrap();
            let msg = now.message().unwrap();
            assert_eq!(LinkMsg::parse(&msg).unwrap().mtu().unwrap(), Some(1400));

            // Kernel errors, with the extended ack mapped to the attribute.
            let e = c
                .request(|b, seq| link::get_request(b, seq, 0, Some("nosuch0")))
                .await
                .unwrap_err();
            assert_eq!(e.errno(), Some(libc::ENODEV), "{e}");
            let e = c
                .request_ack(|b, seq| {
                    link::set_request(b, seq, v0, None)?.put_str(ifla::IFNAME, "sixteen-chars-xx")
                })
                .await
                .unwrap_err();
            let k = e.kernel().expect("a kernel error");
            assert_eq!(k.errno, libc::ERANGE, "{e}");
            assert_eq!(k.path.as_deref(), Some("3"), "IFLA_IFNAME: {e}");

            // A dump dropped half-way: the next request reads the rest first.
            {
                let mut dump = c
                    .dump(|b, seq| link::dump_request(b, seq, 0))
                    .await
                    .unwrap();
                assert!(dump.next().await.unwrap().is_ok());
            }
            c.request_ack(|b, seq| link::set_request(b, seq, v0, Some(true)).map(|m| m.finish()))
                .await
                .unwrap();
            let all = c
                .dump(|b, seq| link::dump_request(b, seq, 0))
                .await
                .unwrap()
                .collect()
                .await
                .unwrap();
            assert_eq!(all.len(), 3);
            assert_eq!(
                c.stats().rejected(),
                0,
                "the dropped dump was read to its end as its own"
            );

            // request_all: the flags the writer set decide (here a dump).
            let all = c
                .request_all(|b, seq| {
                    link::dump_request(b, seq, 0)?;
                    Ok::<_, nlwire_codec::EncodeError>(())
                })
                .await
                .unwrap();
            assert_eq!(all.len(), 3);
            assert!(
                all.iter()
                    .all(|m| m.message().unwrap().flags().contains(Flags::MULTI))
            );
        });
    });
}

#[test]
fn async_dump_dropped_across_datagrams() {
    in_private_netns("async_dump_dropped_across_datagrams", || {
        let mut rt = RtnlHandle::open().unwrap();
        for i in 0..30 {
            rt.veth_add(&format!("a{i}"), &format!("b{i}")).unwrap();
        }
        run_async(|| async {
            let mut c = AsyncClient::open(Protocol::ROUTE).unwrap();
            // With statistics, 61 links take several datagrams.
            {
                let mut dump = c
                    .dump(|b, seq| link::dump_request(b, seq, 0))
                    .await
                    .unwrap();
                assert!(dump.next().await.unwrap().is_ok());
                assert!(dump.next().await.unwrap().is_ok());
            }
            let before = c.stats().datagrams;
            c.request_ack(|b, seq| link::set_request(b, seq, 1, Some(true)).map(|m| m.finish()))
                .await
                .unwrap();
            assert!(
                c.stats().datagrams >= before + 2,
                "the rest of the dump came in more datagrams: {:?}",
                c.stats()
            );
            let all = c
                .dump(|b, seq| link::dump_request(b, seq, 0))
                .await
                .unwrap()
                .collect()
                .await
                .unwrap();
            assert_eq!(all.len(), 61);
            assert_eq!(c.stats().rejected(), 0);
        });
    });
}

#[test]
fn async_generic_netlink() {
    in_private_netns("async_generic_netlink", || {
        run_async(|| async {
            let mut c = AsyncClient::open(Protocol::GENERIC).unwrap();
            let reply = c
                .request(|b, seq| ctrl::get_family_request(b, seq, "nlctrl"))
                .await
                .unwrap();
            let f = Family::parse(&reply.message().unwrap()).unwrap();
            assert_eq!((f.id, f.name.as_str()), (16, "nlctrl"));
            let families = c
                .dump(ctrl::dump_families_request)
                .await
                .unwrap()
                .collect()
                .await
                .unwrap();
            assert!(families.len() > 1);
            let e = c
                .request(|b, seq| ctrl::get_family_request(b, seq, "nlwire-absent"))
                .await
                .unwrap_err();
            assert_eq!(e.errno(), Some(libc::ENOENT), "{e}");
        });
    });
}

#[test]
fn async_subscription_yields_events() {
    in_private_netns("async_subscription_yields_events", || {
        run_async(|| async {
            let mut sub =
                Subscription::open(Protocol::ROUTE, &[group::LINK, group::IPV4_IFADDR]).unwrap();
            assert_eq!(sub.socket().memberships().unwrap(), vec![1, 5]);
            // Changes made meanwhile by another socket (blocking, in the same namespace).
            let mut rt = RtnlHandle::open().unwrap();
            rt.veth_add("v0", "v1").unwrap();
            let v0 = rt.link_index("v0").unwrap();
            rt.addr_add("192.0.2.1".parse().unwrap(), 24, v0).unwrap();

            let (mut link, mut addr) = (false, false);
            while !(link && addr) {
                let n = sub.recv().await.unwrap();
                assert!(n.groups != 0, "multicast");
                match n.rtnl_event().unwrap() {
                    Event::NewLink(l) if l.name == "v0" => {
                        assert_eq!(n.groups, 1 << (group::LINK - 1));
                        link = true;
                    }
                    Event::NewAddr(a) if a.index == v0 => {
                        assert_eq!(a.address.to_string(), "192.0.2.1");
                        addr = true;
                    }
                    _ => {}
                }
            }
            // After leaving the link group only address events come.
            sub.leave(group::LINK).unwrap();
            rt.link_del(v0).unwrap();
            rt.veth_add("v2", "v3").unwrap();
            let v2 = rt.link_index("v2").unwrap();
            rt.addr_add("192.0.2.2".parse().unwrap(), 24, v2).unwrap();
            loop {
                let n = sub.recv().await.unwrap();
                match n.rtnl_event().unwrap() {
                    Event::NewAddr(a) if a.index == v2 => break,
                    Event::NewAddr(_) | Event::DelAddr(_) => {}
                    other => panic!("not an address event after leaving LINK: {other}"),
                }
            }
        });
    });
}

#[test]
fn async_client_needs_a_runtime() {
    // No kernel state is touched: this only opens a socket and fails to register it.
    let e = AsyncClient::open(Protocol::ROUTE).unwrap_err();
    assert!(e.to_string().contains("needs a Tokio runtime"), "{e}");
    let e = Subscription::open(Protocol::ROUTE, &[]).unwrap_err();
    assert!(e.to_string().contains("needs a Tokio runtime"), "{e}");
}

#[test]
fn futures_are_send() {
    // Compiles only if the client's futures can move between threads (`tokio::spawn` on
    // a multi-threaded runtime); nothing runs.
    fn send<T: Send>(_: &T) {}
    async fn all(c: &mut AsyncClient, s: &mut Subscription) {
        let f = c.request_ack(|b, seq| link::get_request(b, seq, 1, None));
        send(&f);
        drop(f);
        let f = c.request(|b, seq| link::get_request(b, seq, 1, None));
        send(&f);
        drop(f);
        if let Ok(mut d) = c.dump(|b, seq| link::dump_request(b, seq, 0)).await {
            let f = d.next();
            send(&f);
        }
        let f = s.recv();
        send(&f);
    }
    let _ = all;
}
