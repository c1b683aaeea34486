//! Output in `ip`'s two forms at once: each printed field has a text form and a JSON
//! key, like iproute2's `print_*(PRINT_ANY, key, fmt, value)`, so text and JSON never
//! drift apart.

use std::io::Write;

use serde_json::{Map, Value};

/// One object being printed: its text and its JSON fields.
#[derive(Debug, Default)]
pub(crate) struct Rec {
    /// The text form.
    pub(crate) text: String,
    /// The JSON form.
    pub(crate) json: Map<String, Value>,
}

impl Rec {
    /// An empty record.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A field in both forms: `text` for text, `value` under `key` for JSON.
    pub(crate) fn any(&mut self, key: &str, value: impl Into<Value>, text: impl AsRef<str>) {
        self.json.insert(key.to_owned(), value.into());
        self.text.push_str(text.as_ref());
    }

    /// Text only.
    pub(crate) fn text(&mut self, text: impl AsRef<str>) {
        self.text.push_str(text.as_ref());
    }

    /// JSON only.
    pub(crate) fn json(&mut self, key: &str, value: impl Into<Value>) {
        self.json.insert(key.to_owned(), value.into());
    }

    /// The JSON object.
    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.json)
    }
}

/// Where records go: text lines, or one JSON array printed at the end (`ip -j`), or one
/// JSON object per line (monitor).
#[derive(Debug)]
pub(crate) struct Out {
    json: bool,
    pretty: bool,
    lines: bool,
    items: Vec<Value>,
}

impl Out {
    /// An output for the global options.
    pub(crate) fn new(json: bool, pretty: bool) -> Self {
        Self {
            json,
            pretty,
            lines: false,
            items: Vec::new(),
        }
    }

    /// An output that prints each JSON record at once, one per line.
    pub(crate) fn streaming(json: bool, pretty: bool) -> Self {
        Self {
            json,
            pretty,
            lines: true,
            items: Vec::new(),
        }
    }

    /// Whether the output is JSON.
    pub(crate) fn is_json(&self) -> bool {
        self.json
    }

    /// Prints (or keeps) one record. Text records get their final newline here.
    pub(crate) fn emit(&mut self, rec: Rec) {
        if self.json {
            let v = rec.into_value();
            if self.lines {
                print_json(&v, self.pretty);
            } else {
                self.items.push(v);
            }
        } else {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(rec.text.as_bytes());
            if !rec.text.ends_with('\n') {
                let _ = stdout.write_all(b"\n");
            }
            let _ = stdout.flush();
        }
    }

    /// Prints a JSON value as its own record (monitor messages, decode).
    pub(crate) fn emit_value(&mut self, v: Value) {
        if self.lines {
            print_json(&v, self.pretty);
        } else {
            self.items.push(v);
        }
    }

    /// Prints the JSON array of a show command (`[]` when empty), as `ip -j` does.
    pub(crate) fn finish(&mut self) {
        if self.json && !self.lines {
            let v = Value::Array(std::mem::take(&mut self.items));
            print_json(&v, self.pretty);
        }
    }
}

/// Prints one JSON value and a newline.
pub(crate) fn print_json(v: &Value, pretty: bool) {
    let s = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", s.unwrap_or_default());
    let _ = stdout.flush();
}

/// A JSON array of strings.
pub(crate) fn str_array<I, S>(items: I) -> Value
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    Value::Array(items.into_iter().map(|s| Value::String(s.into())).collect())
}
