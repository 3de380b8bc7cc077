//! Appends a harness's events to the file named by [`EVENTS_ENV`], one line
//! per event, from any trial thread (and, under nextest, from many processes
//! appending to one file).
//!
//! This module must not panic on a failed write: a trial's verdict stands
//! without its event line, with a warning on stderr.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use super::{Event, EVENTS_ENV};

/// Appends events to a file, one line each, from any trial thread.
#[derive(Debug)]
pub struct EventSink {
    file: Mutex<File>,
}

impl EventSink {
    /// The sink named by [`EVENTS_ENV`], if it is set.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn from_env() -> std::io::Result<Option<EventSink>> {
        match std::env::var_os(EVENTS_ENV) {
            Some(path) if !path.is_empty() => EventSink::open(Path::new(&path)).map(Some),
            _ => Ok(None),
        }
    }

    /// Append to `path`, creating it, and write the [`Event::format`] line:
    /// every process writes its own (under nextest many append to one file),
    /// so a reader checks each.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn open(path: &Path) -> std::io::Result<EventSink> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        let sink = EventSink {
            file: Mutex::new(file),
        };
        sink.emit(&Event::format());
        Ok(sink)
    }

    /// Write one event as one line. A failed write is reported on stderr, never a panic.
    pub fn emit(&self, event: &Event) {
        let mut line = event.to_line();
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = file.write_all(line.as_bytes()) {
            eprintln!("warning: cannot write an event to ${EVENTS_ENV}: {e}");
        }
    }
}
