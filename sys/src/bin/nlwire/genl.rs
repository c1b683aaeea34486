//! `nlwire genl`: the generic netlink families (`list`) with their operations and
//! multicast groups, and a family's attribute policies (`policy FAMILY`) from
//! `CTRL_CMD_GETPOLICY`, per operation and attribute.

use std::collections::BTreeMap;

use nlwire_codec::genl::ctrl::{self, FamilyMsg, PolicyEntry, op_flags};
use nlwire_codec::{Message, Policy};
use serde_json::{Map, Value};

use crate::args::Args;
use crate::error::{CliError, Object};
use crate::opts::Global;
use crate::render::{Rec, str_array};
use crate::session::Session;

/// Usage of `nlwire genl`.
pub(crate) const USAGE: &str = "\
Usage: nlwire genl { list | show }
       nlwire genl policy FAMILY [ op CMD ]";

/// A parsed `genl` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// Every family.
    List,
    /// One family's policies.
    Policy(String, Option<u32>),
}

/// Parses `genl …`.
pub(crate) fn parse(words: &[String], _g: &Global) -> Result<Cmd, CliError> {
    let mut a = Args::new(Object::Genl, words);
    match a.next() {
        None | Some("list" | "show" | "ls") => {
            if let Some(w) = a.next() {
                return Err(a.err(format!("Error: unexpected argument \"{w}\"")));
            }
            Ok(Cmd::List)
        }
        Some("policy") => {
            let fam = a.value("policy")?.to_owned();
            let mut op = None;
            while let Some(w) = a.next() {
                match w {
                    "op" => op = Some(a.u32("op")?),
                    _ => return Err(a.err(format!("Error: unexpected argument \"{w}\""))),
                }
            }
            Ok(Cmd::Policy(fam, op))
        }
        Some(w) => Err(a.err(format!(
            "Command \"{w}\" is unknown, try \"nlwire genl help\"."
        ))),
    }
}

/// Runs a `genl` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::List => list(s),
        Cmd::Policy(f, op) => policy(f, *op, s),
    }
}

fn op_flag_names(flags: u32) -> Vec<&'static str> {
    op_flags::NAMES
        .iter()
        .filter(|(b, _)| flags & b != 0)
        .map(|(_, n)| *n)
        .collect()
}

fn list(s: &mut Session) -> Result<(), CliError> {
    let mut msgs = Vec::new();
    s.generic()?.dump(ctrl::dump_families_request, |m| {
        msgs.push(m.bytes().to_vec());
        Ok(())
    })?;
    let mut out = s.out();
    for bytes in &msgs {
        let m = Message::parse(bytes)?;
        let f = FamilyMsg::parse(&m)?;
        out.emit(render_family(&f));
    }
    out.finish();
    Ok(())
}

/// Prints one family like `genl ctrl list`.
pub(crate) fn render_family(f: &FamilyMsg<'_>) -> Rec {
    let mut r = Rec::new();
    let name = f.name().ok().flatten().unwrap_or("?");
    let id = f.id().ok().flatten().unwrap_or(0);
    let version = f.version().ok().flatten().unwrap_or(0);
    let hdr = f.hdrsize().ok().flatten().unwrap_or(0);
    let max = f.maxattr().ok().flatten().unwrap_or(0);
    r.any("name", name, format!("Name: {name}\n"));
    r.any("id", id, format!("\tID: {id:#x}  "));
    r.any("version", version, format!("Version: {version:#x}  "));
    r.any("hdrsize", hdr, format!("header size: {hdr}  "));
    r.any("maxattr", max, format!("max attribs: {max}\n"));
    let mut ops = Vec::new();
    r.text("\tcommands supported:\n");
    for (i, op) in f.ops().flatten().enumerate() {
        let names = op_flag_names(op.flags);
        r.text(format!(
            "\t\t#{}:  ID-{:#x}  {}\n",
            i + 1,
            op.id,
            names.join(" ")
        ));
        let mut o = Map::new();
        o.insert("id".into(), op.id.into());
        o.insert("flags".into(), str_array(names.iter().copied()));
        o.insert("do".into(), (op.flags & op_flags::CMD_CAP_DO != 0).into());
        o.insert(
            "dump".into(),
            (op.flags & op_flags::CMD_CAP_DUMP != 0).into(),
        );
        o.insert(
            "admin".into(),
            (op.flags & op_flags::ADMIN_PERM != 0).into(),
        );
        ops.push(Value::Object(o));
    }
    r.json("ops", Value::Array(ops));
    let mut groups = Vec::new();
    let mut any = false;
    for (i, g) in f.mcast_groups().flatten().enumerate() {
        if !any {
            r.text("\tmulticast groups:\n");
            any = true;
        }
        r.text(format!(
            "\t\t#{}:  ID-{:#x}  name: {}\n",
            i + 1,
            g.id,
            g.name
        ));
        let mut o = Map::new();
        o.insert("name".into(), g.name.into());
        o.insert("id".into(), g.id.into());
        groups.push(Value::Object(o));
    }
    r.json("mcast_groups", Value::Array(groups));
    r
}

fn policy(family: &str, op: Option<u32>, s: &mut Session) -> Result<(), CliError> {
    let mut entries = Vec::new();
    s.generic()?.dump(
        |b, seq| ctrl::get_policy_request(b, seq, family, op),
        |m| {
            ctrl::policy_entries(&m, |e| entries.push(e))?;
            Ok(())
        },
    )?;
    let mut ops: Vec<(u16, Option<u32>, Option<u32>)> = Vec::new();
    let mut policies: BTreeMap<u16, BTreeMap<u16, Policy>> = BTreeMap::new();
    for e in entries {
        match e {
            PolicyEntry::Op {
                cmd,
                do_policy,
                dump_policy,
            } => ops.push((cmd, do_policy, dump_policy)),
            PolicyEntry::Attr {
                index,
                attr,
                policy,
            } => {
                policies.entry(index).or_default().insert(attr, policy);
            }
        }
    }
    let is_ctrl = family == "nlctrl";
    let attr_name = |idx: u16, attr: u16| -> Option<String> {
        (is_ctrl && idx == 0)
            .then(|| {
                ctrl::CTRL
                    .get(attr)
                    .map(|d| format!("{}{}", ctrl::CTRL.prefix, d.name))
            })
            .flatten()
    };
    if s.global.json {
        let mut root = Map::new();
        root.insert("family".into(), family.into());
        let ops_json: Vec<Value> = ops
            .iter()
            .map(|(cmd, d, du)| {
                let mut o = Map::new();
                o.insert("op".into(), (*cmd).into());
                if let Some(d) = d {
                    o.insert("do".into(), (*d).into());
                }
                if let Some(d) = du {
                    o.insert("dump".into(), (*d).into());
                }
                Value::Object(o)
            })
            .collect();
        root.insert("ops".into(), Value::Array(ops_json));
        let mut pol = Map::new();
        for (idx, attrs) in &policies {
            let mut a = Map::new();
            for (attr, p) in attrs {
                let mut o = Map::new();
                if let Some(n) = attr_name(*idx, *attr) {
                    o.insert("name".into(), n.into());
                }
                if let Some(t) = p.kind {
                    o.insert(
                        "type".into(),
                        t.name().map_or_else(|| Value::from(t.0), Value::from),
                    );
                }
                let fields: [(&str, Option<Value>); 10] = [
                    ("min", p.min_value_s.map(Value::from)),
                    ("max", p.max_value_s.map(Value::from)),
                    ("min_u", p.min_value_u.map(Value::from)),
                    ("max_u", p.max_value_u.map(Value::from)),
                    ("min_len", p.min_length.map(Value::from)),
                    ("max_len", p.max_length.map(Value::from)),
                    ("policy", p.policy_idx.map(Value::from)),
                    ("maxtype", p.policy_maxtype.map(Value::from)),
                    ("bitfield32_mask", p.bitfield32_mask.map(Value::from)),
                    ("mask", p.mask.map(Value::from)),
                ];
                for (k, v) in fields {
                    if let Some(v) = v {
                        o.insert(k.into(), v);
                    }
                }
                o.insert("text".into(), p.to_string().into());
                a.insert(attr.to_string(), Value::Object(o));
            }
            pol.insert(idx.to_string(), Value::Object(a));
        }
        root.insert("policies".into(), Value::Object(pol));
        crate::render::print_json(&Value::Object(root), s.global.pretty);
        return Ok(());
    }
    println!("family {family}");
    for (cmd, d, du) in &ops {
        let mut line = format!("  op {cmd}");
        if is_ctrl {
            if let Some(n) = u8::try_from(*cmd).ok().and_then(ctrl::cmd::name) {
                line.push_str(&format!(" ({n})"));
            }
        }
        line.push(':');
        if let Some(d) = d {
            line.push_str(&format!(" do policy {d}"));
        }
        if let Some(d) = du {
            line.push_str(&format!(" dump policy {d}"));
        }
        println!("{line}");
    }
    for (idx, attrs) in &policies {
        println!("  policy {idx}:");
        for (attr, p) in attrs {
            match attr_name(*idx, *attr) {
                Some(n) => println!("    attr {attr} ({n}): {p}"),
                None => println!("    attr {attr}: {p}"),
            }
        }
    }
    Ok(())
}
