//! Global options (before the object), parsed with `lexopt`. `ip`'s single-dash long
//! options (`-batch`, `-force`, `-json`, `-netns`, …) are accepted too.

use std::ffi::OsString;
use std::path::PathBuf;

use nlwire_codec::rtnl::family;

use crate::error::{CliError, Object};

/// The global options and the words of the command.
#[derive(Clone, Debug, Default)]
pub(crate) struct Global {
    /// `-j`: JSON output.
    pub(crate) json: bool,
    /// `-p`: pretty JSON.
    pub(crate) pretty: bool,
    /// `-d`: details.
    pub(crate) details: bool,
    /// `-4` / `-6` (`AF_INET` / `AF_INET6`), or `AF_UNSPEC`.
    pub(crate) family: u8,
    /// `-n NAME`: the network namespace `/var/run/netns/NAME`.
    pub(crate) netns: Option<String>,
    /// `--sim`: the simulated kernel.
    pub(crate) sim: bool,
    /// `--capture FILE`: write every datagram as pcap.
    pub(crate) capture: Option<PathBuf>,
    /// `-batch FILE`: one command per line (`-` for standard input).
    pub(crate) batch: Option<PathBuf>,
    /// `-force`: go on after errors in a batch.
    pub(crate) force: bool,
    /// `OBJECT COMMAND ARGS`.
    pub(crate) words: Vec<String>,
}

/// What the command line asks for.
pub(crate) enum Parsed {
    /// Run with these options.
    Run(Global),
    /// Exit at once with this status (after `--help`, `-V`).
    Exit(u8),
}

/// The top-level usage text.
pub(crate) const USAGE: &str = "\
Usage: nlwire [ OPTIONS ] OBJECT { COMMAND | help }
       nlwire [ -force ] -batch FILENAME
where  OBJECT := { link | address | route | neigh | rule | nexthop |
                   monitor | genl | decode }
       OPTIONS := { -j[son] | -p[retty] | -d[etails] | -4 | -6 |
                    -n[etns] NAME | --sim | --capture FILE | -V[ersion] }";

/// `ip`'s single-dash long options, spelled for `lexopt`.
fn normalise(arg: OsString) -> OsString {
    let Some(s) = arg.to_str() else { return arg };
    let long = [
        "batch", "force", "json", "pretty", "details", "netns", "help", "version", "sim", "capture",
    ];
    match s.strip_prefix('-') {
        Some(rest) if !rest.starts_with('-') && long.contains(&rest) => {
            OsString::from(format!("--{rest}"))
        }
        _ => arg,
    }
}

fn usage_err(msg: impl Into<String>) -> CliError {
    CliError::usage(Object::Top, msg)
}

/// Parses the global options; the first free word starts the command.
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, CliError> {
    use lexopt::Arg::{Long, Short, Value};

    let mut args: Vec<OsString> = args.into_iter().collect();
    // Only the options before the object are global: normalise up to the first word
    // that is neither an option nor an option's value.
    let mut i = 0;
    while let Some(a) = args.get_mut(i) {
        let is_opt = a
            .to_str()
            .is_some_and(|s| s.starts_with('-') && s.len() > 1);
        if !is_opt {
            break;
        }
        *a = normalise(std::mem::take(a));
        let takes_value = a
            .to_str()
            .is_some_and(|s| matches!(s, "-n" | "--netns" | "--capture" | "--batch" | "-b"));
        i += if takes_value { 2 } else { 1 };
    }
    let mut g = Global::default();
    let mut p = lexopt::Parser::from_args(args);
    let value = |p: &mut lexopt::Parser, what: &str| -> Result<String, CliError> {
        p.value()
            .map_err(|_| usage_err(format!("option {what} needs a value")))?
            .into_string()
            .map_err(|_| usage_err(format!("option {what}: not valid UTF-8")))
    };
    loop {
        let arg = p.next().map_err(|e| usage_err(format!("Option {e}")))?;
        let Some(arg) = arg else { break };
        match arg {
            Short('j') | Long("json") => g.json = true,
            Short('p') | Long("pretty") => g.pretty = true,
            Short('d') | Long("details") => g.details = true,
            Short('4') => g.family = family::INET,
            Short('6') => g.family = family::INET6,
            Short('0') => g.family = family::PACKET,
            Short('n') | Long("netns") => g.netns = Some(value(&mut p, "-n")?),
            Long("sim") => g.sim = true,
            Long("capture") => g.capture = Some(PathBuf::from(value(&mut p, "--capture")?)),
            Short('b') | Long("batch") => g.batch = Some(PathBuf::from(value(&mut p, "-batch")?)),
            Short('f') | Long("force") => g.force = true,
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(Parsed::Exit(0));
            }
            Short('V') | Long("version") => {
                println!("nlwire {}", env!("CARGO_PKG_VERSION"));
                return Ok(Parsed::Exit(0));
            }
            Value(v) => {
                g.words.push(
                    v.into_string()
                        .map_err(|_| usage_err("arguments must be UTF-8"))?,
                );
                for rest in p.raw_args().map_err(|e| usage_err(e.to_string()))? {
                    g.words.push(
                        rest.into_string()
                            .map_err(|_| usage_err("arguments must be UTF-8"))?,
                    );
                }
                break;
            }
            Short(c) => {
                return Err(usage_err(format!(
                    "Option \"-{c}\" is unknown, try \"nlwire -help\"."
                )));
            }
            Long(l) => {
                return Err(usage_err(format!(
                    "Option \"--{l}\" is unknown, try \"nlwire -help\"."
                )));
            }
        }
    }
    if g.batch.is_none() && g.words.is_empty() {
        return Err(usage_err(String::new()));
    }
    if g.batch.is_some() && !g.words.is_empty() {
        return Err(usage_err("-batch takes no command on the command line"));
    }
    Ok(Parsed::Run(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Global {
        match parse(args.iter().map(OsString::from)) {
            Ok(Parsed::Run(g)) => g,
            _ => panic!("{args:?} did not parse"),
        }
    }

    #[test]
    fn global_options() {
        let g = run(&["-j", "-p", "-n", "x", "-6", "route", "show", "-4"]);
        assert!(g.json && g.pretty);
        assert_eq!(g.netns.as_deref(), Some("x"));
        assert_eq!(g.family, family::INET6);
        assert_eq!(g.words, ["route", "show", "-4"]);
        let g = run(&["-force", "-batch", "f"]);
        assert!(g.force);
        assert_eq!(g.batch, Some(PathBuf::from("f")));
        let g = run(&["-jp", "--netns", "y", "link"]);
        assert!(g.json && g.pretty);
        assert_eq!(g.netns.as_deref(), Some("y"));
    }
}
