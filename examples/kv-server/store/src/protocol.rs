//! The line protocol: one request per line, one reply line per request.
//!
//! ```text
//! SET key value with spaces   →  OK
//! GET key                     →  VALUE value with spaces   |  NOT_FOUND
//! DEL key                     →  DELETED                   |  NOT_FOUND
//! SAVE                        →  OK                        |  ERR cannot save: ...
//! anything else               →  ERR ...
//! ```
//!
//! It only turns text into requests and replies into text; it must not read
//! sockets or touch the store.

use std::fmt;

/// One request, parsed from a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `GET key`: the key's value.
    Get(String),
    /// `SET key value`: the value is the rest of the line, spaces included.
    Set(String, String),
    /// `DEL key`: remove the key.
    Del(String),
    /// `SAVE`: write every key to the snapshot file.
    Save,
}

/// The answer to one request, rendered as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The request was done.
    Ok,
    /// The value of the key asked for.
    Value(String),
    /// The key does not exist.
    NotFound,
    /// The key existed and is gone.
    Deleted,
    /// The request was malformed or could not be done.
    Error(String),
}

/// Parses one line (without its line ending) into a request.
///
/// # Errors
/// A message for the client when the line is not a request.
pub fn parse(line: &str) -> Result<Request, String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let (command, rest) = line.split_once(' ').unwrap_or((line, ""));
    let one_key = |name: &str| match rest.split_whitespace().collect::<Vec<_>>()[..] {
        [key] => Ok(key.to_owned()),
        _ => Err(format!("{name} takes one key")),
    };
    match command {
        "GET" => one_key("GET").map(Request::Get),
        "DEL" => one_key("DEL").map(Request::Del),
        "SET" => match rest.split_once(' ') {
            Some((key, value)) if !key.is_empty() => {
                Ok(Request::Set(key.to_owned(), value.to_owned()))
            }
            _ => Err("SET takes a key and a value".to_owned()),
        },
        "SAVE" if rest.is_empty() => Ok(Request::Save),
        "SAVE" => Err("SAVE takes nothing".to_owned()),
        "" => Err("empty request".to_owned()),
        other => Err(format!("unknown command `{other}`")),
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Ok => f.write_str("OK"),
            Reply::Value(value) => write!(f, "VALUE {value}"),
            Reply::NotFound => f.write_str("NOT_FOUND"),
            Reply::Deleted => f.write_str("DELETED"),
            Reply::Error(message) => write!(f, "ERR {message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_keeps_its_spaces() {
        assert_eq!(
            parse("SET greeting hello there"),
            Ok(Request::Set("greeting".into(), "hello there".into()))
        );
    }

    #[test]
    fn a_key_count_other_than_one_is_an_error() {
        assert_eq!(parse("GET a b"), Err("GET takes one key".into()));
        assert_eq!(parse("DEL"), Err("DEL takes one key".into()));
    }
}
