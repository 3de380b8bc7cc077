//! The keys and their values, and the snapshot file that keeps them across
//! restarts.
//!
//! A snapshot is one `key<TAB>value` line per key, written to a temporary file
//! beside it and renamed over it, so a crash never leaves half a snapshot. The
//! store answers requests; it must not know where they came from.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::PathBuf;

use crate::protocol::{Reply, Request};

/// The keys, and where `SAVE` writes them (nowhere for an in-memory store).
#[derive(Debug, Default)]
pub struct Store {
    entries: BTreeMap<String, String>,
    snapshot: Option<PathBuf>,
}

impl Store {
    /// An empty store whose `SAVE` is refused.
    pub fn in_memory() -> Self {
        Store::default()
    }

    /// A store that loads `snapshot` if it exists and `SAVE`s to it.
    ///
    /// # Errors
    /// When the snapshot exists but cannot be read, or a line has no tab.
    pub fn persistent(snapshot: impl Into<PathBuf>) -> io::Result<Self> {
        let snapshot = snapshot.into();
        let mut entries = BTreeMap::new();
        match fs::read_to_string(&snapshot) {
            Ok(text) => {
                for (index, line) in text.lines().enumerate() {
                    let (key, value) = line.split_once('\t').ok_or_else(|| {
                        io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!(
                                "{}:{}: no tab between key and value",
                                snapshot.display(),
                                index + 1
                            ),
                        )
                    })?;
                    entries.insert(key.to_owned(), value.to_owned());
                }
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        Ok(Store {
            entries,
            snapshot: Some(snapshot),
        })
    }

    /// Does one request.
    pub fn apply(&mut self, request: Request) -> Reply {
        match request {
            Request::Get(key) => self
                .entries
                .get(&key)
                .map_or(Reply::NotFound, |value| Reply::Value(value.clone())),
            Request::Set(key, value) => {
                self.entries.insert(key, value);
                Reply::Ok
            }
            Request::Del(key) => match self.entries.remove(&key) {
                Some(_) => Reply::Deleted,
                None => Reply::NotFound,
            },
            Request::Save => match self.save() {
                Ok(()) => Reply::Ok,
                Err(error) => Reply::Error(format!("cannot save: {error}")),
            },
        }
    }

    fn save(&self) -> io::Result<()> {
        let Some(snapshot) = &self.snapshot else {
            return Err(io::Error::other("this server has no snapshot file"));
        };
        let text: String = self
            .entries
            .iter()
            .map(|(key, value)| format!("{key}\t{value}\n"))
            .collect();
        let mut partial = snapshot.clone().into_os_string();
        partial.push(".partial");
        fs::write(&partial, text)?;
        fs::rename(&partial, snapshot)
    }
}
