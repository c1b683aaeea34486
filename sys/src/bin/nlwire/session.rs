//! One invocation's connection to the kernel: the clients (opened on first use), the
//! pcap capture, the output, and a cache of the links (index, name, flags) that every
//! object needs to print device names.

use std::collections::BTreeMap;

use nlwire_codec::desc::{AttrSet, Value};
use nlwire_codec::rtnl::{addr, link, neigh, nexthop, route, rule};
use nlwire_codec::{
    Buffer, EncodeError, Message, MessageType, PathTarget, Protocol, attr_path_with,
};
use nlwire_sys::{Client, Error, MsgBuf, Socket};

use crate::backend::{Backend, Conn, SharedFile};
use crate::error::CliError;
use crate::opts::Global;
use crate::render::Out;

/// Bytes of a pcap file header (dropped from the second writer on a shared file).
const PCAP_HEADER: usize = 24;

/// What the tool knows of one link.
#[derive(Clone, Debug)]
pub(crate) struct LinkEntry {
    /// `IFLA_IFNAME`.
    pub(crate) name: String,
    /// `ifi_flags`.
    pub(crate) flags: u32,
    /// `ifi_type`.
    pub(crate) link_type: u16,
}

/// The links by index.
#[derive(Clone, Debug, Default)]
pub(crate) struct LinkMap {
    by_index: BTreeMap<i32, LinkEntry>,
}

impl LinkMap {
    /// Builds the map from link messages.
    pub(crate) fn from_messages(msgs: &[Vec<u8>]) -> Self {
        let mut map = Self::default();
        for bytes in msgs {
            map.learn(bytes);
        }
        map
    }

    /// Adds (or, for `RTM_DELLINK`, removes) the link of one message.
    pub(crate) fn learn(&mut self, bytes: &[u8]) {
        let Ok(m) = Message::parse(bytes) else { return };
        let Ok(l) = link::LinkMsg::parse(&m) else {
            return;
        };
        if m.message_type() == nlwire_codec::rtnl::rtm::DELLINK {
            self.by_index.remove(&l.index());
            return;
        }
        let name = l.name().ok().flatten().unwrap_or("").to_owned();
        self.by_index.insert(
            l.index(),
            LinkEntry {
                name,
                flags: l.flags(),
                link_type: l.link_type(),
            },
        );
    }

    /// The link `index`.
    pub(crate) fn get(&self, index: i32) -> Option<&LinkEntry> {
        self.by_index.get(&index)
    }

    /// The name of link `index`, or `if<index>` as `ip` prints unknown ones.
    pub(crate) fn name(&self, index: i32) -> String {
        self.get(index)
            .map_or_else(|| format!("if{index}"), |l| l.name.clone())
    }

    /// The name of link `index` (unsigned form).
    pub(crate) fn name_u(&self, index: u32) -> String {
        self.name(i32::try_from(index).unwrap_or(-1))
    }

    /// The index of the link called `name` (or `if<N>`, or a number, as `ip` accepts).
    pub(crate) fn index(&self, name: &str) -> Option<i32> {
        self.by_index
            .iter()
            .find(|(_, l)| l.name == name)
            .map(|(i, _)| *i)
            .or_else(|| {
                let n = name.strip_prefix("if").unwrap_or(name);
                n.parse::<i32>()
                    .ok()
                    .filter(|i| self.by_index.contains_key(i))
            })
    }
}

/// The clients, capture and caches of one invocation (a whole batch shares one).
pub(crate) struct Session {
    /// The global options.
    pub(crate) global: Global,
    route: Option<Client<Conn>>,
    generic: Option<Client<Conn>>,
    capture: Option<SharedFile>,
    captures_opened: usize,
    links: Option<LinkMap>,
    sim: Option<nlwire_simkernel::Kernel>,
}

impl Session {
    /// A session for the global options; opens the capture file if asked for. Sockets
    /// are opened on first use, so commands that need no kernel (`decode`) open none.
    pub(crate) fn new(global: &Global) -> Result<Self, CliError> {
        if global.sim && global.netns.is_some() {
            return Err(CliError::usage(
                crate::error::Object::Top,
                "Error: --sim and -n cannot be combined (the simulated kernel has its own namespace)",
            ));
        }
        let capture = match &global.capture {
            Some(p) => Some(SharedFile::create(p).map_err(|e| {
                CliError::failed(format!("Cannot create \"{}\": {e}", p.display()))
            })?),
            None => None,
        };
        Ok(Self {
            global: global.clone(),
            route: None,
            generic: None,
            capture,
            captures_opened: 0,
            links: None,
            sim: global.sim.then(nlwire_simkernel::Kernel::new),
        })
    }

    /// An output for show commands.
    pub(crate) fn out(&self) -> Out {
        Out::new(self.global.json, self.global.pretty)
    }

    fn open(&mut self, protocol: Protocol) -> Result<Client<Conn>, CliError> {
        let backend = match &self.sim {
            Some(k) => Backend::sim(k, protocol)?,
            None => {
                let mut sock = Socket::new(protocol).map_err(Error::from)?;
                sock.bind_auto().map_err(Error::from)?;
                sock.set_ext_ack(true).map_err(Error::from)?;
                sock.set_cap_ack(true).map_err(Error::from)?;
                Backend::Real(sock)
            }
        };
        let file = self.capture.as_ref().map(|f| {
            let skip = if self.captures_opened == 0 {
                0
            } else {
                PCAP_HEADER
            };
            f.another(skip)
        });
        if file.is_some() {
            self.captures_opened += 1;
        }
        let conn = Conn::new(backend, protocol, file)?;
        Ok(Client::new(conn).with_protocol(protocol))
    }

    /// The rtnetlink client.
    pub(crate) fn route(&mut self) -> Result<&mut Client<Conn>, CliError> {
        if self.route.is_none() {
            self.route = Some(self.open(Protocol::ROUTE)?);
        }
        self.route
            .as_mut()
            .ok_or_else(|| CliError::failed("no rtnetlink socket"))
    }

    /// The generic netlink client.
    pub(crate) fn generic(&mut self) -> Result<&mut Client<Conn>, CliError> {
        if self.generic.is_none() {
            self.generic = Some(self.open(Protocol::GENERIC)?);
        }
        self.generic
            .as_mut()
            .ok_or_else(|| CliError::failed("no generic netlink socket"))
    }

    /// A fresh rtnetlink connection for a monitor (not shared with requests).
    pub(crate) fn open_monitor(&mut self) -> Result<Conn, CliError> {
        Ok(self.open(Protocol::ROUTE)?.into_transport())
    }

    /// Dumps with `build` on the rtnetlink socket and returns every message's bytes.
    pub(crate) fn dump<F, R>(&mut self, build: F) -> Result<Vec<Vec<u8>>, CliError>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        let mut out = Vec::new();
        self.route()?.dump(build, |m| {
            out.push(m.bytes().to_vec());
            Ok(())
        })?;
        Ok(out)
    }

    /// Dumps every link and refreshes the link cache.
    pub(crate) fn dump_links(&mut self) -> Result<Vec<Vec<u8>>, CliError> {
        let mask = link::rtext_filter::VF | link::rtext_filter::SKIP_STATS;
        let msgs = self.dump(|b, seq| link::dump_request(b, seq, mask))?;
        self.links = Some(LinkMap::from_messages(&msgs));
        Ok(msgs)
    }

    /// The links (dumped once per command).
    pub(crate) fn links(&mut self) -> Result<&LinkMap, CliError> {
        if self.links.is_none() {
            self.dump_links()?;
        }
        self.links
            .as_ref()
            .ok_or_else(|| CliError::failed("no link cache"))
    }

    /// Forgets the cached links (after a command that may have changed them).
    pub(crate) fn forget_links(&mut self) {
        self.links = None;
    }

    /// The index of device `name`, or `Cannot find device "name"`.
    pub(crate) fn ifindex(&mut self, name: &str) -> Result<i32, CliError> {
        self.links()?
            .index(name)
            .ok_or_else(|| CliError::no_device(name))
    }

    /// [`Self::ifindex`] as the unsigned index most attributes carry.
    pub(crate) fn ifindex_u(&mut self, name: &str) -> Result<u32, CliError> {
        let i = self.ifindex(name)?;
        u32::try_from(i).map_err(|_| CliError::no_device(name))
    }

    /// Sends one rtnetlink request built by `build` and waits for its ack. A kernel error
    /// that points at an attribute gets the attribute's path with names
    /// (`RTA_MULTIPATH > 1`), from the request rebuilt the same way.
    pub(crate) fn ack<F>(&mut self, build: F) -> Result<(), CliError>
    where
        F: Fn(&mut MsgBuf, u32) -> Result<usize, EncodeError>,
    {
        let result = self.route()?.request_ack(&build);
        self.forget_links();
        match result {
            Ok(()) => Ok(()),
            Err(Error::Kernel(mut k)) => {
                if let Some(off) = k.offset {
                    let mut buf = MsgBuf::new();
                    if build(&mut buf, 0).is_ok() {
                        if let Some(p) = named_path(buf.as_slice(), off) {
                            k.path = Some(p);
                        }
                    }
                }
                Err(CliError::Netlink(Error::Kernel(k)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Flushes the capture file.
    pub(crate) fn close(self) -> Result<(), CliError> {
        drop(self.route);
        drop(self.generic);
        if let Some(mut f) = self.capture {
            std::io::Write::flush(&mut f)?;
        }
        Ok(())
    }
}

/// The top-level attribute set of an rtnetlink message type.
pub(crate) fn rtnl_set(t: MessageType) -> Option<&'static AttrSet> {
    Some(match t.0 {
        16..=19 => &link::IFLA,
        20..=23 => &addr::IFA,
        24..=27 => &route::RTA,
        28..=31 => &neigh::NDA,
        32..=35 => &rule::FRA,
        104..=107 => &nexthop::NHA,
        _ => return None,
    })
}

/// The path to the attribute at `offset` of the rtnetlink `request`, with names where
/// the attribute sets know them: `IFLA_LINKINFO > IFLA_INFO_DATA > 1`.
pub(crate) fn named_path(request: &[u8], offset: u32) -> Option<String> {
    let m = Message::parse(request).ok()?;
    let hdr = nlwire_sys::header_len::rtnetlink(m.message_type())?;
    let path = attr_path_with(request, hdr, offset, link::nest_header);
    match path.target {
        PathTarget::OutOfRange => return None,
        PathTarget::NetlinkHeader { at } => return Some(format!("nlmsghdr+{at}")),
        PathTarget::FamilyHeader { at } => return Some(format!("family header+{at}")),
        _ => {}
    }
    let mut set = rtnl_set(m.message_type());
    let mut parts = Vec::new();
    for &k in path.kinds() {
        match set.and_then(|s| s.get(k).map(|d| (s, d))) {
            Some((s, d)) => {
                parts.push(format!("{}{}", s.prefix, d.name));
                set = match d.value {
                    Value::Nested(n) | Value::NestedArray(n) => Some(n),
                    _ => None,
                };
            }
            None => {
                parts.push(k.to_string());
                set = None;
            }
        }
    }
    let mut s = parts.join(" > ");
    if let PathTarget::Payload { at } = path.target {
        s.push_str(&format!(" (+{at})"));
    }
    Some(s)
}
