//! Static descriptions of attribute sets (names and value kinds), and a `no_std` dissector
//! that prints any attribute tree with names, like `ip -d` would show it.
//!
//! Each protocol module declares its attribute sets once with [`attr_set!`](crate::attr_set);
//! the same table gives constants, names for `Display`, and the value kind that tells the
//! dissector how to print a payload and whether it is understood ("typed").

use core::fmt;

use crate::attr::{Attr, Attrs};
use crate::fmt::hex;

/// How an attribute's payload is to be read.
#[derive(Clone, Copy)]
pub enum Value {
    /// Unused type number (`*_UNSPEC`, padding).
    Unspec,
    /// Present-or-absent, empty payload.
    Flag,
    /// `u8`.
    U8,
    /// Native-endian `u16`.
    U16,
    /// Native-endian `u32`.
    U32,
    /// Native-endian `u64`.
    U64,
    /// `i8`.
    S8,
    /// Native-endian `i16`.
    S16,
    /// Native-endian `i32`.
    S32,
    /// Native-endian `i64`.
    S64,
    /// 4- or 8-byte unsigned (`NLA_UINT`).
    Uint,
    /// 4- or 8-byte signed (`NLA_SINT`).
    Sint,
    /// Big-endian `u16` (ports).
    Be16,
    /// Big-endian `u32`.
    Be32,
    /// NUL-terminated string.
    Str,
    /// Opaque bytes.
    Binary,
    /// A link-layer address (MAC for Ethernet; any length).
    HwAddr,
    /// An IPv4 or IPv6 address (by length).
    Ip,
    /// Nested attributes of the given set.
    Nested(&'static AttrSet),
    /// Nested attributes numbered 1.., each a nest of the given set.
    NestedArray(&'static AttrSet),
    /// A fixed C structure of the given name (printed as hex with its size checked
    /// when the size is non-zero).
    Struct(&'static str, usize),
    /// A payload with its own printer.
    Custom(CustomFmt),
}

/// A printer for a payload that no generic [`Value`] describes. It is given the
/// attribute and the sibling attributes (some payloads depend on a sibling, as
/// `IFLA_INFO_DATA` depends on `IFLA_INFO_KIND`), and returns `Ok(false)` if it could not
/// understand the payload (the dissector then prints hex and counts it as unknown).
pub type CustomFmt = fn(&mut Dissector<'_, '_>, &Attr<'_>, &Attrs<'_>) -> Result<bool, fmt::Error>;

/// One attribute of a set.
#[derive(Clone, Copy)]
pub struct AttrDesc {
    /// Type number.
    pub kind: u16,
    /// Name without the set's prefix (`"MTU"`).
    pub name: &'static str,
    /// How to read the payload.
    pub value: Value,
}

/// A set of attributes (`IFLA_*`, `RTA_*`, …).
pub struct AttrSet {
    /// Prefix of every name (`"IFLA_"`).
    pub prefix: &'static str,
    /// The attributes, ideally indexed by type (then lookups are O(1)).
    pub attrs: &'static [AttrDesc],
}

impl AttrSet {
    /// The description of `kind`, if the set defines it.
    pub fn get(&self, kind: u16) -> Option<&'static AttrDesc> {
        let attrs: &'static [AttrDesc] = self.attrs;
        match attrs.get(usize::from(kind)) {
            Some(d) if d.kind == kind => Some(d),
            _ => attrs.iter().find(|d| d.kind == kind),
        }
    }

    /// The name of `kind` without the prefix.
    pub fn name(&self, kind: u16) -> Option<&'static str> {
        self.get(kind).map(|d| d.name)
    }

    /// A `Display` for `kind`: `IFLA_MTU`, or the number when unknown.
    pub fn display(&self, kind: u16) -> AttrName<'_> {
        AttrName { set: self, kind }
    }
}

impl fmt::Debug for AttrSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AttrSet({}*, {} attrs)", self.prefix, self.attrs.len())
    }
}

/// `Display` for an attribute type in a set; made by [`AttrSet::display`].
pub struct AttrName<'s> {
    set: &'s AttrSet,
    kind: u16,
}

impl fmt::Display for AttrName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.set.name(self.kind) {
            Some(n) => write!(f, "{}{}", self.set.prefix, n),
            None => write!(f, "{}{}", self.set.prefix, self.kind),
        }
    }
}

/// Declares an attribute set: a module of `u16` constants plus a static [`AttrSet`].
///
/// ```
/// use nlwire_codec::attr_set;
/// use nlwire_codec::desc::Value;
/// attr_set! {
///     /// Demo attributes.
///     pub mod demo, pub static DEMO = "DEMO_" {
///         /// Unused.
///         UNSPEC = 0 => Value::Unspec,
///         /// A name.
///         NAME = 1 => Value::Str,
///     }
/// }
/// assert_eq!(demo::NAME, 1);
/// assert_eq!(DEMO.display(demo::NAME).to_string(), "DEMO_NAME");
/// ```
#[macro_export]
macro_rules! attr_set {
    (
        $(#[$m:meta])* $vis:vis mod $module:ident, $svis:vis static $set:ident = $prefix:literal {
            $( $(#[$am:meta])* $name:ident = $num:literal => $value:expr ),* $(,)?
        }
    ) => {
        $(#[$m])*
        $vis mod $module {
            $( $(#[$am])* pub const $name: u16 = $num; )*
        }
        $(#[$m])*
        $svis static $set: $crate::desc::AttrSet = $crate::desc::AttrSet {
            prefix: $prefix,
            attrs: &[ $( $crate::desc::AttrDesc { kind: $num, name: stringify!($name), value: $value } ),* ],
        };
    };
}

/// Counts of what a dissection understood.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DissectStats {
    /// Attributes printed as typed values.
    pub typed: usize,
    /// Attributes whose type the set does not define (printed as type and hex).
    pub unknown: usize,
    /// Attributes of a known type whose payload did not fit its kind.
    pub malformed: usize,
}

/// Walks attribute trees and prints them with names, one attribute per line, indented by
/// depth. Also counts typed, unknown and malformed attributes (without printing, use
/// [`Dissector::count`]).
pub struct Dissector<'f, 'w> {
    out: Option<&'f mut fmt::Formatter<'w>>,
    depth: usize,
    /// What was seen so far.
    pub stats: DissectStats,
}

const MAX_DEPTH: usize = 32;

impl<'f, 'w> Dissector<'f, 'w> {
    /// A dissector printing to `f`, starting at indentation `depth`.
    pub fn new(f: &'f mut fmt::Formatter<'w>, depth: usize) -> Self {
        Self {
            out: Some(f),
            depth,
            stats: DissectStats::default(),
        }
    }

    /// Walks `attrs` as `set` without printing and returns the counts.
    pub fn count(attrs: Attrs<'_>, set: &AttrSet) -> DissectStats {
        let mut d = Dissector {
            out: None,
            depth: 0,
            stats: DissectStats::default(),
        };
        // Nothing is written, so no fmt::Error can arise.
        let _ = d.attrs(attrs, set);
        d.stats
    }

    /// Writes formatted text (nothing when only counting).
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        match self.out.as_deref_mut() {
            Some(f) => f.write_fmt(args),
            None => Ok(()),
        }
    }

    /// Writes hex bytes.
    pub fn hex(&mut self, bytes: &[u8]) -> fmt::Result {
        match self.out.as_deref_mut() {
            Some(f) => hex(f, bytes, 64),
            None => Ok(()),
        }
    }

    /// Starts a new line at the current depth.
    pub fn line(&mut self) -> fmt::Result {
        let depth = self.depth;
        self.write_fmt(format_args!("\n{:width$}", "", width = depth * 2))
    }

    /// Prints every attribute of `attrs` as a member of `set`.
    pub fn attrs(&mut self, attrs: Attrs<'_>, set: &AttrSet) -> fmt::Result {
        for a in attrs.clone() {
            match a {
                Ok(a) => self.attr(&a, &attrs, set)?,
                Err(e) => {
                    self.stats.malformed += 1;
                    self.line()?;
                    self.write_fmt(format_args!("!! {e}"))?;
                }
            }
        }
        Ok(())
    }

    /// Runs `f` one indentation level deeper.
    pub fn deeper<F>(&mut self, f: F) -> fmt::Result
    where
        F: FnOnce(&mut Self) -> fmt::Result,
    {
        if self.depth >= MAX_DEPTH {
            return self.write_fmt(format_args!(" (too deep)"));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// Prints the nested attributes of `a` as `set`, one level deeper.
    pub fn nested(&mut self, a: &Attr<'_>, set: &AttrSet) -> fmt::Result {
        if self.depth >= MAX_DEPTH {
            return self.write_fmt(format_args!(" (too deep)"));
        }
        self.depth += 1;
        let r = self.attrs(a.nested(), set);
        self.depth -= 1;
        r
    }

    /// Prints one attribute of `set`; `siblings` is the sequence it belongs to.
    pub fn attr(&mut self, a: &Attr<'_>, siblings: &Attrs<'_>, set: &AttrSet) -> fmt::Result {
        self.line()?;
        let Some(desc) = set.get(a.kind()) else {
            self.stats.unknown += 1;
            self.write_fmt(format_args!("{}{} ", set.prefix, a.kind()))?;
            return self.hex(a.payload());
        };
        self.write_fmt(format_args!("{}{}", set.prefix, desc.name))?;
        let ok = self.value(a, siblings, desc.value)?;
        if ok {
            self.stats.typed += 1;
        } else {
            self.stats.malformed += 1;
            self.write_fmt(format_args!(" !! {} bytes: ", a.payload().len()))?;
            self.hex(a.payload())?;
        }
        Ok(())
    }

    /// Prints a value of kind `v`; `Ok(false)` when the payload does not fit.
    pub fn value(
        &mut self,
        a: &Attr<'_>,
        siblings: &Attrs<'_>,
        v: Value,
    ) -> Result<bool, fmt::Error> {
        macro_rules! show {
            ($e:expr) => {
                match $e {
                    Ok(x) => {
                        self.write_fmt(format_args!(" {}", x))?;
                        true
                    }
                    Err(_) => false,
                }
            };
        }
        Ok(match v {
            Value::Unspec | Value::Binary => {
                if !a.payload().is_empty() {
                    self.write_fmt(format_args!(" "))?;
                    self.hex(a.payload())?;
                }
                true
            }
            Value::Flag => a.flag().is_ok(),
            Value::U8 => show!(a.u8()),
            Value::U16 => show!(a.u16()),
            Value::U32 => show!(a.u32()),
            Value::U64 => show!(a.u64()),
            Value::S8 => show!(a.i8()),
            Value::S16 => show!(a.i16()),
            Value::S32 => show!(a.i32()),
            Value::S64 => show!(a.i64()),
            Value::Uint => show!(a.uint()),
            Value::Sint => show!(a.sint()),
            Value::Be16 => show!(a.be_u16()),
            Value::Be32 => show!(a.be_u32()),
            Value::Str => match a.str() {
                Ok(s) => {
                    self.write_fmt(format_args!(" {s:?}"))?;
                    true
                }
                Err(_) => false,
            },
            Value::HwAddr => {
                self.write_fmt(format_args!(" "))?;
                self.mac(a.payload())?;
                true
            }
            Value::Ip => match a.payload().len() {
                4 => show!(a.ipv4()),
                16 => show!(a.ipv6()),
                _ => false,
            },
            Value::Nested(set) => {
                if a.nested().validate().is_err() {
                    return Ok(false);
                }
                self.nested(a, set)?;
                true
            }
            Value::NestedArray(set) => {
                if a.nested().validate().is_err() {
                    return Ok(false);
                }
                self.depth += 1;
                for item in a.nested().flatten() {
                    self.line()?;
                    self.write_fmt(format_args!("[{}]", item.kind()))?;
                    if item.nested().validate().is_err() {
                        self.stats.malformed += 1;
                        continue;
                    }
                    self.nested(&item, set)?;
                }
                self.depth -= 1;
                true
            }
            Value::Struct(name, size) => {
                if size != 0 && a.payload().len() < size {
                    return Ok(false);
                }
                self.write_fmt(format_args!(" {name} "))?;
                self.hex(a.payload())?;
                true
            }
            Value::Custom(f) => f(self, a, siblings)?,
        })
    }

    /// Prints a hardware address as colon-separated hex.
    pub fn mac(&mut self, bytes: &[u8]) -> fmt::Result {
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 {
                self.write_fmt(format_args!(":"))?;
            }
            self.write_fmt(format_args!("{b:02x}"))?;
        }
        Ok(())
    }
}
