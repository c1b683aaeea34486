//! `OBJECT COMMAND ARGS` → a complete command description, then its execution. Each
//! object lives in its own module with a `parse` and a `run`.

use crate::error::{CliError, Object};
use crate::opts::Global;
use crate::session::Session;
use crate::{addr, decode, genl, link, monitor, neigh, nexthop, route, rule};

/// `ip`'s `matches`: `word` is a non-empty prefix of `full`.
pub(crate) fn matches(word: &str, full: &str) -> bool {
    !word.is_empty() && full.starts_with(word)
}

/// Sub-commands shared by the objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    /// `show`, `list`, `lst` (the default).
    Show,
    /// `add`.
    Add,
    /// `del`, `delete`.
    Del,
    /// `set`, `change`.
    Set,
    /// `replace`.
    Replace,
    /// `append`.
    Append,
    /// `get`.
    Get,
}

/// The verb of `words[0]` (none: `show`) and the remaining words.
pub(crate) fn verb(object: Object, words: &[String]) -> Result<(Verb, &[String]), CliError> {
    let Some((first, rest)) = words.split_first() else {
        return Ok((Verb::Show, words));
    };
    let w = first.as_str();
    let v = if matches(w, "show") || matches(w, "list") || w == "lst" {
        Verb::Show
    } else if matches(w, "add") {
        Verb::Add
    } else if matches(w, "delete") {
        Verb::Del
    } else if w == "set" || matches(w, "change") {
        Verb::Set
    } else if matches(w, "replace") {
        Verb::Replace
    } else if matches(w, "append") {
        Verb::Append
    } else if w == "get" {
        Verb::Get
    } else if matches(w, "help") {
        return Err(CliError::usage(object, ""));
    } else {
        return Err(CliError::usage(
            object,
            format!(
                "Command \"{w}\" is unknown, try \"nlwire {} help\".",
                object_word(object)
            ),
        ));
    };
    Ok((v, rest))
}

fn object_word(o: Object) -> &'static str {
    match o {
        Object::Top => "",
        Object::Link => "link",
        Object::Addr => "address",
        Object::Route => "route",
        Object::Neigh => "neigh",
        Object::Rule => "rule",
        Object::Nexthop => "nexthop",
        Object::Monitor => "monitor",
        Object::Genl => "genl",
        Object::Decode => "decode",
    }
}

/// A parsed command line.
#[derive(Debug)]
pub(crate) enum Command {
    /// `link …`.
    Link(link::Cmd),
    /// `address …`.
    Addr(addr::Cmd),
    /// `route …`.
    Route(route::Cmd),
    /// `neigh …`.
    Neigh(neigh::Cmd),
    /// `rule …`.
    Rule(rule::Cmd),
    /// `nexthop …`.
    Nexthop(nexthop::Cmd),
    /// `monitor …`.
    Monitor(monitor::Cmd),
    /// `genl …`.
    Genl(genl::Cmd),
    /// `decode …`.
    Decode(decode::Cmd),
}

/// Parses `OBJECT COMMAND ARGS`; nothing is sent.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Command, CliError> {
    let Some((obj, rest)) = words.split_first() else {
        return Err(CliError::usage(Object::Top, ""));
    };
    let o = obj.as_str();
    // The order settles abbreviations as `ip` does: `a` is address, `r` route, `n` neigh.
    let table: [(&str, Object); 11] = [
        ("address", Object::Addr),
        ("route", Object::Route),
        ("rule", Object::Rule),
        ("neigh", Object::Neigh),
        ("neighbor", Object::Neigh),
        ("neighbour", Object::Neigh),
        ("link", Object::Link),
        ("monitor", Object::Monitor),
        ("nexthop", Object::Nexthop),
        ("genl", Object::Genl),
        ("decode", Object::Decode),
    ];
    let Some((_, object)) = table.iter().find(|(full, _)| matches(o, full)) else {
        if matches(o, "help") {
            return Err(CliError::usage(Object::Top, ""));
        }
        return Err(CliError::usage(
            Object::Top,
            format!("Object \"{o}\" is unknown, try \"nlwire help\"."),
        ));
    };
    Ok(match object {
        Object::Link => Command::Link(link::parse(rest, g)?),
        Object::Addr => Command::Addr(addr::parse(rest, g)?),
        Object::Route => Command::Route(route::parse(rest, g)?),
        Object::Neigh => Command::Neigh(neigh::parse(rest, g)?),
        Object::Rule => Command::Rule(rule::parse(rest, g)?),
        Object::Nexthop => Command::Nexthop(nexthop::parse(rest, g)?),
        Object::Monitor => Command::Monitor(monitor::parse(rest, g)?),
        Object::Genl => Command::Genl(genl::parse(rest, g)?),
        Object::Decode | Object::Top => Command::Decode(decode::parse(rest, g)?),
    })
}

impl Command {
    /// Runs the command in `s`.
    pub(crate) fn run(&self, s: &mut Session) -> Result<(), CliError> {
        s.forget_links();
        match self {
            Command::Link(c) => link::run(c, s),
            Command::Addr(c) => addr::run(c, s),
            Command::Route(c) => route::run(c, s),
            Command::Neigh(c) => neigh::run(c, s),
            Command::Rule(c) => rule::run(c, s),
            Command::Nexthop(c) => nexthop::run(c, s),
            Command::Monitor(c) => monitor::run(c, s),
            Command::Genl(c) => genl::run(c, s),
            Command::Decode(c) => decode::run(c, s),
        }
    }
}
