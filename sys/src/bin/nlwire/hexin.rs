//! Bytes from text: `xxd` dumps, `od -x` (2-byte little-endian words, with `*` for
//! repeated lines) and `od -t x1`, plain hex (with or without spaces, `0x` and commas),
//! and `strace -x` string literals (`"\x14\x00lo\x00"`, with C escapes and literal
//! printable characters).

/// The kind of text found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// `xxd`.
    Xxd,
    /// `od -x` or `od -t x1`/`x2`.
    Od,
    /// Quoted C strings (`strace -x`).
    Strace,
    /// Hex digits.
    Plain,
}

/// Whether `bytes` look like text (a dump) rather than raw netlink.
pub(crate) fn is_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b))
}

/// Guesses the format of `text`.
pub(crate) fn detect(text: &str) -> Format {
    if text.contains('"') && (text.contains("\\x") || text.contains("\\0")) {
        return Format::Strace;
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let head = first.split_whitespace().next().unwrap_or("");
    if head.ends_with(':')
        && head.len() >= 5
        && head[..head.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
    {
        return Format::Xxd;
    }
    let mut tokens = first.split_whitespace();
    let offset_like = head.len() >= 6 && head.bytes().all(|b| b.is_ascii_hexdigit());
    if offset_like && tokens.nth(1).is_some_and(|t| t.len() <= 4) {
        return Format::Od;
    }
    Format::Plain
}

/// Decodes `text` in the format [`detect`] finds. Errors name the line.
pub(crate) fn parse(text: &str) -> Result<Vec<u8>, String> {
    match detect(text) {
        Format::Xxd => parse_xxd(text),
        Format::Od => parse_od(text),
        Format::Strace => parse_strace(text),
        Format::Plain => parse_plain(text),
    }
}

fn hex_pairs(s: &str, line: usize, out: &mut Vec<u8>) -> Result<(), String> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return Err(format!("line {line}: odd number of hex digits"));
    }
    for pair in digits.chunks(2) {
        let p = std::str::from_utf8(pair).map_err(|_| format!("line {line}: not hex"))?;
        out.push(
            u8::from_str_radix(p, 16).map_err(|_| format!("line {line}: \"{p}\" is not hex"))?,
        );
    }
    Ok(())
}

fn parse_xxd(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((_, rest)) = line.split_once(':') else {
            continue;
        };
        // The hex columns end at the double space before the ASCII column.
        let hex = rest.trim_start_matches(' ');
        let hex = match hex.find("  ") {
            Some(p) => &hex[..p],
            None => hex,
        };
        hex_pairs(hex, i + 1, &mut out)?;
    }
    Ok(out)
}

fn parse_od(text: &str) -> Result<Vec<u8>, String> {
    // Offsets are octal unless a digit says otherwise (`od -A x`).
    let offsets: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|t| *t != "*")
        .collect();
    let radix = if offsets.iter().any(|t| {
        t.bytes()
            .any(|b| matches!(b, b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F'))
    }) {
        16
    } else {
        8
    };
    let mut out: Vec<u8> = Vec::new();
    let mut last: Vec<u8> = Vec::new();
    let mut repeat = false;
    for (i, line) in text.lines().enumerate() {
        let mut toks = line.split_whitespace();
        let Some(first) = toks.next() else { continue };
        if first == "*" {
            repeat = true;
            continue;
        }
        let off = usize::from_str_radix(first, radix)
            .map_err(|_| format!("line {}: bad offset \"{first}\"", i + 1))?;
        if repeat && !last.is_empty() {
            while out.len() + last.len() <= off {
                out.extend_from_slice(&last);
            }
            repeat = false;
        }
        let mut bytes = Vec::new();
        for t in toks {
            let v = u16::from_str_radix(t, 16)
                .map_err(|_| format!("line {}: \"{t}\" is not hex", i + 1))?;
            match t.len() {
                4 => bytes.extend_from_slice(&v.to_le_bytes()),
                2 => bytes.push(u8::try_from(v).unwrap_or(0)),
                _ => {
                    return Err(format!(
                        "line {}: \"{t}\" is neither a byte nor a word",
                        i + 1
                    ));
                }
            }
        }
        if bytes.is_empty() {
            // The final offset: the input's length (od pads the last word).
            out.truncate(off);
            continue;
        }
        out.truncate(off);
        out.extend_from_slice(&bytes);
        last = bytes;
    }
    Ok(out)
}

fn parse_plain(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        // `0x14, 0x00`: one byte per token; `1400 0000`: hex digits in byte order.
        let per_token = line.contains(',') || line.contains("0x") || line.contains("0X");
        if per_token {
            for t in line.split([' ', '\t', ',']).filter(|t| !t.is_empty()) {
                let d = t.trim_start_matches("0x").trim_start_matches("0X");
                let v = u8::from_str_radix(d, 16)
                    .map_err(|_| format!("line {}: \"{t}\" is not a hex byte", i + 1))?;
                out.push(v);
            }
        } else {
            let cleaned: String = line.split([' ', '\t', ':']).collect::<Vec<_>>().concat();
            hex_pairs(&cleaned, i + 1, &mut out)?;
        }
    }
    Ok(out)
}

fn parse_strace(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        i += 1;
        while i < b.len() && b[i] != b'"' {
            if b[i] != b'\\' {
                out.push(b[i]);
                i += 1;
                continue;
            }
            i += 1;
            let Some(&c) = b.get(i) else { break };
            i += 1;
            match c {
                b'x' => {
                    let end = (i..b.len().min(i + 2))
                        .take_while(|&j| b[j].is_ascii_hexdigit())
                        .last();
                    let Some(end) = end else {
                        return Err(format!("bad \\x escape at byte {i}"));
                    };
                    let s = std::str::from_utf8(&b[i..=end]).unwrap_or("0");
                    out.push(u8::from_str_radix(s, 16).unwrap_or(0));
                    i = end + 1;
                }
                b'0'..=b'7' => {
                    let mut v = u32::from(c - b'0');
                    let mut n = 1;
                    while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                        v = v * 8 + u32::from(b[i] - b'0');
                        i += 1;
                        n += 1;
                    }
                    out.push(u8::try_from(v & 0xff).unwrap_or(0));
                }
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'r' => out.push(b'\r'),
                b'a' => out.push(7),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'v' => out.push(11),
                other => out.push(other),
            }
        }
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BYTES: [u8; 20] = [
        20, 0, 0, 0, 18, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0, b'l', b'o', 0, 0x7f,
    ];

    #[test]
    fn xxd() {
        let t = "00000000: 1400 0000 1200 0103 0100 0000 0000 0000  ................\n00000010: 6c6f 007f                                lo..\n";
        assert_eq!(detect(t), Format::Xxd);
        assert_eq!(parse(t).unwrap(), BYTES);
    }

    #[test]
    fn od_words_and_bytes() {
        let t = "0000000 0014 0000 0012 0301 0001 0000 0000 0000\n0000020 6f6c 7f00\n0000024\n";
        assert_eq!(detect(t), Format::Od);
        assert_eq!(parse(t).unwrap(), BYTES);
        let t = "0000000 14 00 00 00 12 00 01 03 01 00 00 00 00 00 00 00\n0000020 6c 6f 00 7f\n0000024\n";
        assert_eq!(parse(t).unwrap(), BYTES);
        // `*` repeats the previous line up to the next offset.
        let t = "0000000 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0000040 0001\n0000042\n";
        let v = parse(t).unwrap();
        assert_eq!(v.len(), 34);
        assert_eq!(v[32], 1);
    }

    #[test]
    fn strace_and_plain() {
        let t = "sendto(3, \"\\x14\\x00\\x00\\x00\\x12\\x00\\x01\\x03\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00lo\\x00\\x7f\", 20, 0, NULL, 0) = 20\n";
        assert_eq!(detect(t), Format::Strace);
        assert_eq!(parse(t).unwrap(), BYTES);
        let t = "14000000 12000103 01000000 00000000\n6c6f007f\n";
        assert_eq!(parse(t).unwrap(), BYTES);
        let t = "0x14, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x03, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x6c, 0x6f, 0, 0x7f";
        assert_eq!(parse(t).unwrap(), BYTES);
    }
}
