//! Generic netlink families by name: resolution with the controller's
//! `CTRL_CMD_GETFAMILY` into an owned [`Family`] (id, version, operations, multicast
//! groups), a [`FamilyCache`] so that a name is resolved once, and a [`GenlClient`] that
//! sends requests to a family by name.
//!
//! A family that the kernel does not have (its module is not loaded, or the hardware it
//! drives is absent — `nl80211` on a machine without wireless) fails resolution with
//! `ENOENT`, reported as [`Error::Kernel`] saying so: test it with [`is_absent`].
//!
//! ```no_run
//! use nlwire_sys::genl::{self, GenlClient};
//!
//! let mut genl = GenlClient::open()?;
//! let ctrl = genl.family("nlctrl")?;
//! println!("nlctrl is family {} version {}", ctrl.id, ctrl.version);
//! match genl.family("nl80211") {
//!     Ok(f) => println!("nl80211 is family {}", f.id),
//!     Err(e) if genl::is_absent(&e) => println!("no wireless here: {e}"),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), nlwire_sys::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use nlwire_codec::genl::ctrl::{self, FamilyMsg};
use nlwire_codec::genl::{self as cgenl};
use nlwire_codec::{Builder, EncodeError, Flags, Message, Protocol, Transport};

use crate::buf::MsgBuf;
use crate::client::{Client, DumpSummary};
use crate::error::{Error, KernelError};
use crate::socket::Socket;

/// A generic netlink family, as the controller describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Family {
    /// The family id: the message type of its requests.
    pub id: u16,
    /// The name (`"nlctrl"`, `"nl80211"`, `"ethtool"`, …).
    pub name: String,
    /// The interface version, to put in `genlmsghdr.version`.
    pub version: u32,
    /// The length of the family's own fixed header after `genlmsghdr` (usually 0).
    pub hdrsize: u32,
    /// The highest attribute type.
    pub maxattr: u32,
    /// The operations: command number and `GENL_*` flags (see
    /// [`nlwire_codec::genl::ctrl::op_flags`]).
    pub ops: Vec<(u32, u32)>,
    /// The multicast groups: name and group id (for [`Socket::join_group`]).
    pub groups: Vec<(String, u32)>,
}

impl Family {
    /// Reads a controller reply (`CTRL_CMD_NEWFAMILY`).
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Self::from_view(&FamilyMsg::parse(msg)?)
    }

    /// Copies what a typed controller view says.
    pub fn from_view(f: &FamilyMsg<'_>) -> Result<Self, Error> {
        let mut ops = Vec::new();
        for op in f.ops() {
            let op = op?;
            ops.push((op.id, op.flags));
        }
        let mut groups = Vec::new();
        for g in f.mcast_groups() {
            let g = g?;
            groups.push((g.name.to_owned(), g.id));
        }
        Ok(Self {
            id: f
                .id()?
                .ok_or(Error::Protocol("a family description without an id"))?,
            name: f.name()?.unwrap_or_default().to_owned(),
            version: f.version()?.unwrap_or(0),
            hdrsize: f.hdrsize()?.unwrap_or(0),
            maxattr: f.maxattr()?.unwrap_or(0),
            ops,
            groups,
        })
    }

    /// The id of the multicast group called `name`.
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }

    /// The flags of command `cmd`, if the family has it.
    pub fn op(&self, cmd: u32) -> Option<u32> {
        self.ops.iter().find(|&&(c, _)| c == cmd).map(|&(_, f)| f)
    }

    /// `genlmsghdr.version` for requests: the family's version (saturated to a byte).
    pub fn header_version(&self) -> u8 {
        u8::try_from(self.version).unwrap_or(u8::MAX)
    }
}

impl fmt::Display for Family {
    /// `nlctrl id 16 version 2 hdrsize 0 maxattr 10 ops 2 groups notify=16`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} id {} version {} hdrsize {} maxattr {} ops {}",
            self.name,
            self.id,
            self.version,
            self.hdrsize,
            self.maxattr,
            self.ops.len()
        )?;
        if !self.groups.is_empty() {
            f.write_str(" groups")?;
            for (n, id) in &self.groups {
                write!(f, " {n}={id}")?;
            }
        }
        Ok(())
    }
}

/// Whether `e` says that a generic netlink family is absent: what [`resolve`] (and
/// everything that resolves) returns for a family the kernel does not have.
pub fn is_absent(e: &Error) -> bool {
    e.errno() == Some(libc::ENOENT)
}

/// Resolves the family called `name` (`CTRL_CMD_GETFAMILY`). Sends one request each time:
/// use a [`FamilyCache`] to resolve once.
///
/// A family the kernel does not have fails with `ENOENT` (see [`is_absent`]), displayed
/// as `generic netlink family "nl80211" is not available: the kernel does not have it
/// (its module is not loaded, or there is no device for it) (ENOENT, errno 2)`.
pub fn resolve<T>(client: &mut Client<T>, name: &str) -> Result<Family, Error>
where
    T: Transport,
    T::Error: Into<Error>,
{
    let got = client.request(|b, seq| ctrl::get_family_request(b, seq, name));
    match got {
        Ok(m) => Family::parse(&m),
        Err(e) if is_absent(&e) => {
            let mut k = e
                .kernel()
                .cloned()
                .unwrap_or_else(|| KernelError::new(libc::ENOENT));
            k.msg = Some(format!(
                "generic netlink family {name:?} is not available: the kernel does not have it \
                 (its module is not loaded, or there is no device for it)"
            ));
            Err(Error::from(k))
        }
        Err(e) => Err(e),
    }
}

/// Resolves the family with id `id`.
pub fn resolve_id<T>(client: &mut Client<T>, id: u16) -> Result<Family, Error>
where
    T: Transport,
    T::Error: Into<Error>,
{
    let m = client.request(|b, seq| ctrl::get_family_by_id_request(b, seq, id))?;
    Family::parse(&m)
}

/// Every family the kernel has (a `CTRL_CMD_GETFAMILY` dump), in the kernel's order.
pub fn list_families<T>(client: &mut Client<T>) -> Result<Vec<Family>, Error>
where
    T: Transport,
    T::Error: Into<Error>,
{
    let mut out = Vec::new();
    client.dump(ctrl::dump_families_request, |m| {
        out.push(Family::parse(&m)?);
        Ok(())
    })?;
    Ok(out)
}

/// Resolved families by name: the first [`Self::get`] of a name asks the kernel, later
/// ones send nothing.
///
/// Family ids are stable while the family's module stays loaded; after a module is
/// unloaded and loaded again its id may change: [`Self::invalidate`] the name (or
/// [`Self::clear`]) when requests to it start failing with `ENOENT`/`EOPNOTSUPP`, or on
/// the controller's `CTRL_CMD_DELFAMILY` notification (group `notify` of `nlctrl`).
#[derive(Clone, Debug, Default)]
pub struct FamilyCache {
    families: HashMap<String, Family>,
    lookups: u64,
}

impl FamilyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The family called `name`, resolved with `client` unless cached. Absent families
    /// are not cached (a module may be loaded later).
    pub fn get<T>(&mut self, client: &mut Client<T>, name: &str) -> Result<&Family, Error>
    where
        T: Transport,
        T::Error: Into<Error>,
    {
        if !self.families.contains_key(name) {
            let f = resolve(client, name)?;
            self.lookups = self.lookups.saturating_add(1);
            self.families.insert(name.to_owned(), f);
        }
        self.families
            .get(name)
            .ok_or(Error::Protocol("a family vanished from the cache"))
    }

    /// The cached family called `name`, without asking the kernel.
    pub fn cached(&self, name: &str) -> Option<&Family> {
        self.families.get(name)
    }

    /// Forgets `name`; returns what was cached.
    pub fn invalidate(&mut self, name: &str) -> Option<Family> {
        self.families.remove(name)
    }

    /// Forgets every family.
    pub fn clear(&mut self) {
        self.families.clear();
    }

    /// How many families are cached.
    pub fn len(&self) -> usize {
        self.families.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.families.is_empty()
    }

    /// How many times the kernel was asked (successful resolutions).
    pub fn lookups(&self) -> u64 {
        self.lookups
    }
}

/// A generic netlink client that names families by name: resolves each once (a
/// [`FamilyCache`]) and writes the `genlmsghdr` of requests with the family's id and
/// version.
///
/// ```no_run
/// use nlwire_sys::GenlClient;
/// use nlwire_codec::genl;
///
/// // Every family, from nlctrl itself (CTRL_CMD_GETFAMILY = 3, dumped).
/// let mut g = GenlClient::open()?;
/// let summary = g.dump("nlctrl", 3, |_| Ok(()), |msg| {
///     let (hdr, _attrs) = genl::header(&msg)?;
///     assert_eq!(hdr.cmd, 1); // CTRL_CMD_NEWFAMILY
///     Ok(())
/// })?;
/// println!("{} families", summary.messages);
/// # Ok::<(), nlwire_sys::Error>(())
/// ```
#[derive(Debug)]
pub struct GenlClient<T = Socket> {
    client: Client<T>,
    cache: FamilyCache,
}

impl GenlClient<Socket> {
    /// Opens a generic netlink socket (see [`Client::open`]).
    pub fn open() -> Result<Self, Error> {
        Ok(Self::new(Client::open(Protocol::GENERIC)?))
    }

    /// Joins the multicast group `group` of family `family` (by names) on the socket.
    pub fn join_group(&mut self, family: &str, group: &str) -> Result<u32, Error> {
        let id = self.family(family)?.group(group).ok_or_else(|| {
            Error::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("generic netlink family {family:?} has no multicast group {group:?}"),
            ))
        })?;
        self.client.transport_mut().join_group(id)?;
        Ok(id)
    }
}

impl<T> GenlClient<T>
where
    T: Transport,
    T::Error: Into<Error>,
{
    /// A generic netlink client over `client` (which should know its protocol:
    /// [`Client::with_protocol`] `(Protocol::GENERIC)`).
    pub fn new(client: Client<T>) -> Self {
        Self {
            client,
            cache: FamilyCache::new(),
        }
    }

    /// The family called `name`, resolved once.
    pub fn family(&mut self, name: &str) -> Result<&Family, Error> {
        self.cache.get(&mut self.client, name)
    }

    /// The family id of `name`, resolved once.
    pub fn family_id(&mut self, name: &str) -> Result<u16, Error> {
        Ok(self.family(name)?.id)
    }

    /// Every family the kernel has (always asks the kernel; fills the cache).
    pub fn list_families(&mut self) -> Result<Vec<Family>, Error> {
        let all = list_families(&mut self.client)?;
        for f in &all {
            self.cache.families.insert(f.name.clone(), f.clone());
        }
        Ok(all)
    }

    /// Forgets the cached family `name` (see [`FamilyCache`]).
    pub fn invalidate(&mut self, name: &str) -> Option<Family> {
        self.cache.invalidate(name)
    }

    /// The cache.
    pub fn cache(&self) -> &FamilyCache {
        &self.cache
    }

    /// The client, for requests written by hand.
    pub fn client(&mut self) -> &mut Client<T> {
        &mut self.client
    }

    /// Gives the client back.
    pub fn into_client(self) -> Client<T> {
        self.client
    }

    /// Sends command `cmd` to family `family` with the attributes `attrs` writes, and waits
    /// for the ack.
    pub fn request_ack<A>(&mut self, family: &str, cmd: u8, attrs: A) -> Result<(), Error>
    where
        A: FnOnce(&mut Builder<'_, MsgBuf>) -> Result<(), EncodeError>,
    {
        let (id, version) = self.target(family)?;
        self.client
            .request_ack(|b, seq| write(b, seq, id, version, cmd, Flags::REQUEST, attrs))
    }

    /// Sends command `cmd` to family `family` with the attributes `attrs` writes and calls
    /// `on_reply` with each reply until the ack (see [`Client::request_each`]). Returns the
    /// number of replies.
    pub fn request_each<A, C>(
        &mut self,
        family: &str,
        cmd: u8,
        attrs: A,
        on_reply: C,
    ) -> Result<usize, Error>
    where
        A: FnOnce(&mut Builder<'_, MsgBuf>) -> Result<(), EncodeError>,
        C: FnMut(Message<'_>) -> Result<(), Error>,
    {
        let (id, version) = self.target(family)?;
        let flags = Flags::REQUEST | Flags::ACK;
        self.client.request_each(
            |b, seq| write(b, seq, id, version, cmd, flags, attrs),
            on_reply,
        )
    }

    /// Dumps command `cmd` of family `family` (with the attributes `attrs` writes as
    /// filter) and calls `on_msg` with every message (see [`Client::dump`]). Read a
    /// message's attributes with [`nlwire_codec::genl::header_with`] and the family's
    /// `hdrsize`.
    pub fn dump<A, C>(
        &mut self,
        family: &str,
        cmd: u8,
        attrs: A,
        on_msg: C,
    ) -> Result<DumpSummary, Error>
    where
        A: FnOnce(&mut Builder<'_, MsgBuf>) -> Result<(), EncodeError>,
        C: FnMut(Message<'_>) -> Result<(), Error>,
    {
        let (id, version) = self.target(family)?;
        let flags = Flags::REQUEST | Flags::DUMP;
        self.client.dump(
            |b, seq| write(b, seq, id, version, cmd, flags, attrs),
            on_msg,
        )
    }

    /// The id and header version of `family`.
    fn target(&mut self, family: &str) -> Result<(u16, u8), Error> {
        let f = self.family(family)?;
        Ok((f.id, f.header_version()))
    }
}

/// Writes one generic netlink request.
fn write<A>(
    b: &mut MsgBuf,
    seq: u32,
    id: u16,
    version: u8,
    cmd: u8,
    flags: Flags,
    attrs: A,
) -> Result<usize, EncodeError>
where
    A: FnOnce(&mut Builder<'_, MsgBuf>) -> Result<(), EncodeError>,
{
    let mut m = cgenl::message(b, id, flags, seq, cmd, version)?;
    attrs(&mut m)?;
    Ok(m.finish())
}
