//! rtnetlink (`NETLINK_ROUTE`): dispatch of requests to links, addresses, routes and
//! rules, like `rtnetlink_rcv_msg`.

pub(crate) mod addr;
pub(crate) mod addr6;
pub(crate) mod fdb;
pub(crate) mod link;
pub(crate) mod linkmsg;
pub(crate) mod neigh;
pub(crate) mod nexthop;
pub(crate) mod route;
pub(crate) mod route6;
pub(crate) mod rule;

use nlwire_codec::Flags;
use nlwire_codec::rtnl::{family, rtm};

use crate::errno::Errno;
use crate::netlink::{HResult, Req};
use crate::policy::Ext;
use crate::state::State;

/// `RTM_MAX`: types above it are unknown.
const RTM_MAX: u16 = 123;

/// Routes one rtnetlink request.
pub(crate) fn dispatch(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let t = req.msg.message_type();
    if t.0 > RTM_MAX {
        return Err(Errno::EOPNOTSUPP);
    }
    // rtnl_msg_family: the first payload byte, if there is one.
    let fam = req.msg.payload().first().copied().unwrap_or(0);
    let is_get = t.0 % 4 == 2;
    let dump = is_get && req.flags().contains(Flags::DUMP);
    match t {
        rtm::NEWLINK => link::newlink(st, req, ext),
        rtm::DELLINK => link::dellink(st, req, ext),
        rtm::SETLINK => link::setlink(st, req, ext),
        rtm::GETLINK if dump => link::dump_start(st, req),
        rtm::GETLINK => link::getlink(st, req, ext),
        rtm::GETADDR if dump => addr::dump_start(st, req),
        rtm::GETROUTE if dump => route::dump_start(st, req),
        rtm::GETRULE if dump => rule::dump_start(st, req),
        rtm::NEWRULE => rule::newrule(st, req, ext),
        rtm::DELRULE => rule::delrule(st, req, ext),
        rtm::GETNEIGH if dump => neigh::dump_start(st, req),
        rtm::GETNEIGH => neigh::getneigh(st, req, ext),
        rtm::NEWNEIGH => neigh::newneigh(st, req, ext),
        rtm::DELNEIGH => neigh::delneigh(st, req, ext),
        rtm::GETNEXTHOP if dump => nexthop::dump_start(st, req),
        rtm::GETNEXTHOP => nexthop::getnexthop(st, req, ext),
        rtm::NEWNEXTHOP => nexthop::newnexthop(st, req, ext),
        rtm::DELNEXTHOP => nexthop::delnexthop(st, req, ext),
        rtm::NEWADDR if fam == family::INET6 => addr6::newaddr(st, req, ext),
        rtm::GETADDR if fam == family::INET6 => addr6::getaddr(st, req, ext),
        rtm::DELADDR if fam == family::INET6 => addr6::deladdr(st, req, ext),
        rtm::NEWROUTE if fam == family::INET6 => route6::newroute(st, req, ext),
        rtm::DELROUTE if fam == family::INET6 => route6::delroute(st, req, ext),
        rtm::GETROUTE if fam == family::INET6 => route6::getroute(st, req, ext),
        _ if fam != family::INET => Err(Errno::EOPNOTSUPP),
        rtm::NEWADDR => addr::newaddr(st, req, ext),
        rtm::DELADDR => addr::deladdr(st, req, ext),
        rtm::NEWROUTE => route::newroute(st, req, ext),
        rtm::DELROUTE => route::delroute(st, req, ext),
        rtm::GETROUTE => route::getroute(st, req, ext),
        _ => Err(Errno::EOPNOTSUPP),
    }
}
