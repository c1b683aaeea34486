//! `nlwire -batch FILE`: one command per line as `ip -batch` reads them (`#` starts a
//! comment, blank lines are skipped, a trailing `\` continues the line, quotes group
//! words). The whole batch shares one session: sockets, capture and simulated kernel.
//! It stops at the first failure unless `-force`; the exit status is 1 if any failed.

use std::io::Read;
use std::path::Path;

use crate::command;
use crate::error;
use crate::opts::Global;
use crate::session::Session;

/// Splits one line into words: whitespace-separated, with `"…"` and `'…'` quoting and
/// backslash escapes, as iproute2's `makeargs`.
pub(crate) fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') | (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    in_word = true;
                }
            }
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("unterminated quoted string".into());
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Runs the batch file at `path` (`-`: standard input); returns the exit status.
pub(crate) fn run(global: &Global, path: &Path) -> u8 {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(drop)
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!("Cannot open file \"{}\" for reading: {e}", path.display());
        return 1;
    }
    let mut session = match Session::new(global) {
        Ok(s) => s,
        Err(e) => {
            error::print(&e);
            return e.exit_code();
        }
    };
    let mut failed = false;
    let mut pending = String::new();
    let mut start_line = 0;
    for (i, raw) in text.lines().enumerate() {
        if pending.is_empty() {
            start_line = i + 1;
        }
        if let Some(cont) = raw.strip_suffix('\\') {
            pending.push_str(cont);
            pending.push(' ');
            continue;
        }
        pending.push_str(raw);
        let line = std::mem::take(&mut pending);
        let words = match split_words(&line) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("{}:{start_line}: {e}", path.display());
                failed = true;
                if global.force {
                    continue;
                }
                break;
            }
        };
        if words.is_empty() {
            continue;
        }
        let result = command::parse(&words, global).and_then(|c| c.run(&mut session));
        if let Err(e) = result {
            error::print(&e);
            eprintln!("Command failed {}:{start_line}", path.display());
            failed = true;
            if !global.force {
                break;
            }
        }
    }
    if let Err(e) = session.close() {
        error::print(&e);
        failed = true;
    }
    u8::from(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(
            split_words("link add 'a b' type \"veth\" # comment").unwrap(),
            ["link", "add", "a b", "type", "veth"]
        );
        assert!(split_words("  # only a comment").unwrap().is_empty());
        assert!(split_words("x \"open").is_err());
    }
}
