//! The journal of a `cargo aspect fix` run: `target/aspect/fix/<run-id>/journal.jsonl`,
//! one JSON record per event, written (and flushed to disk) before the next step.
//!
//! It exists so a run is auditable (every prompt, every agent result with its
//! cost and session id, every diff and protected-file violation) and resumable:
//! `--resume` replays the records of the last run without a `finished` record
//! to know its options, the attempts already made, the money spent, and an
//! attempt that was cut short (its `attempt` record has no `reviewed` record).
//!
//! It must not decide anything: the loop in `mod.rs` reads what it needs from
//! [`Replay`].

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::suite::Filters;
use crate::cli::CliError;

/// The journal file's name inside a run's directory.
pub const FILE: &str = "journal.jsonl";

/// The options a run was started with, kept so `--resume` continues the same run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    /// Which evidence (as `cargo aspect test` selects it).
    pub filters: Filters,
    /// Attempts per task.
    pub max_iterations: u32,
    /// The most the whole run may spend, in US dollars.
    pub max_budget_usd: Option<f64>,
    /// The agent's program as configured (`claude`).
    pub command: String,
    /// `--model`.
    pub model: Option<String>,
    /// Extra arguments.
    pub args: Vec<String>,
    /// Seconds one agent call may take.
    pub timeout_secs: Option<u64>,
    /// Whether the workspace is in git (diffs are taken only then).
    pub vcs: bool,
    /// Whether the agent may change existing step definitions.
    #[serde(default)]
    pub allow_step_edits: bool,
    /// `--session`: one agent call for every failing task per attempt.
    #[serde(default)]
    pub session: bool,
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Record {
    /// The run began.
    Start {
        /// `YYYYMMDDTHHMMSSZ-<pid>`.
        run_id: String,
        /// The workspace root.
        workspace_root: PathBuf,
        /// The commit checked out, if any.
        git_head: Option<String>,
        /// The options.
        options: Box<RunOptions>,
        /// The argv of the agent, without the prompt (which goes on stdin).
        argv: Vec<String>,
        /// Every protected file, relative to the workspace root.
        protected: Vec<String>,
    },
    /// The first judging: what was selected and what held (a regression is a
    /// trial that held here and fails later).
    Baseline {
        /// Every trial judged.
        selected: Vec<String>,
        /// The trials that passed.
        held: Vec<String>,
    },
    /// `--resume` picked the run up again.
    Resumed {
        /// The process that continues it.
        pid: u32,
    },
    /// The evidence was judged.
    Evidence {
        /// `suite`, or the task whose evidence was re-run.
        scope: String,
        /// How many trials passed.
        passed: u64,
        /// The names of the failed trials.
        failed: Vec<String>,
        /// Why it could not be judged (a build failure, a harness error).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// An agent call is about to start.
    Attempt {
        /// The task.
        task: String,
        /// 1-based.
        attempt: u32,
        /// The working tree's tree id before the call.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tree_before: Option<String>,
        /// The prompt sent.
        prompt: String,
    },
    /// The agent ended.
    Agent {
        /// The task.
        task: String,
        /// 1-based.
        attempt: u32,
        /// The agent's own verdict on its run.
        is_error: bool,
        /// Its `subtype` (`success`, `error_max_turns`, ...).
        subtype: String,
        /// Its last message.
        result: String,
        /// What the call cost.
        cost_usd: f64,
        /// The session, to look at it with `claude --resume <id>`.
        session_id: String,
        /// Turns taken.
        num_turns: u64,
        /// Wall time.
        duration_ms: u64,
    },
    /// What an attempt changed, after protected files were put back.
    Reviewed {
        /// The task.
        task: String,
        /// 1-based.
        attempt: u32,
        /// `git diff --stat`.
        stat: String,
        /// The patch (cut at a limit).
        diff: String,
        /// `agent edited protected file X`, one per file (and one per step
        /// definition changed, unless step edits are allowed).
        violations: Vec<String>,
        /// With `--allow-step-edits`: the step definitions the attempt changed.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        step_edits: Vec<String>,
        /// Why the attempt has no agent result (`interrupted`), when it has none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A task's evidence holds now, or its attempts ran out.
    TaskEnd {
        /// The task.
        task: String,
        /// Whether its evidence holds.
        holds: bool,
        /// Attempts used.
        attempts: u32,
    },
    /// The run ended (a run without this record is resumable).
    Finished {
        /// `holds`, `fails` or `error: <why>`.
        outcome: String,
        /// Total spent.
        cost_usd: f64,
    },
}

/// An open journal, appended to.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    file: File,
}

impl Journal {
    /// The directory of all runs under cargo's target directory.
    pub fn runs_dir(target_dir: &Path) -> PathBuf {
        target_dir.join("aspect").join("fix")
    }

    /// Create the journal of a new run; returns it and the run id.
    ///
    /// # Errors
    /// When the directory or file cannot be created.
    pub fn create(target_dir: &Path) -> Result<(Journal, String), CliError> {
        let run_id = format!("{}-{}", timestamp(SystemTime::now()), std::process::id());
        let dir = Self::runs_dir(target_dir).join(&run_id);
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
        Ok((Self::open(dir)?, run_id))
    }

    fn open(dir: PathBuf) -> Result<Journal, CliError> {
        let path = dir.join(FILE);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| CliError::new(format!("cannot open {}: {e}", path.display())))?;
        Ok(Journal { dir, file })
    }

    /// The run's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Append one record and flush it to disk.
    ///
    /// # Errors
    /// When it cannot be written: a run that cannot keep its journal stops.
    pub fn write(&mut self, record: &Record) -> Result<(), CliError> {
        #[derive(Serialize)]
        struct Line<'a> {
            time: u64,
            #[serde(flatten)]
            record: &'a Record,
        }
        let time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut line = serde_json::to_string(&Line { time, record })
            .map_err(|e| CliError::new(format!("cannot encode a journal record: {e}")))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| {
                CliError::new(format!(
                    "cannot write the journal {}: {e}",
                    self.dir.join(FILE).display()
                ))
            })
    }

    /// The last run for `workspace_root` that has no `finished` record, with its records.
    ///
    /// # Errors
    /// When there is none, or it cannot be opened.
    pub fn last_unfinished(
        target_dir: &Path,
        workspace_root: &Path,
    ) -> Result<(Journal, Vec<Record>), CliError> {
        let runs = Self::runs_dir(target_dir);
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&runs)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        dirs.sort();
        for dir in dirs.into_iter().rev() {
            let records = read(&dir.join(FILE));
            let ours = matches!(records.first(), Some(Record::Start { workspace_root: root, .. }) if root == workspace_root);
            let finished = records.iter().any(|r| matches!(r, Record::Finished { .. }));
            if ours && !finished {
                return Ok((Self::open(dir)?, records));
            }
        }
        Err(CliError::new(format!(
            "no unfinished `cargo aspect fix` run of {} to resume in {}",
            workspace_root.display(),
            runs.display()
        )))
    }
}

/// Every record in `path`; a line that does not parse (cut by a crash) is skipped.
pub fn read(path: &Path) -> Vec<Record> {
    let Ok(file) = File::open(path) else {
        return Vec::new();
    };
    BufReader::new(file)
        .split(b'\n')
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_slice(&line).ok())
        .collect()
}

/// What a journal says about a run, for `--resume`.
#[derive(Debug, Default)]
pub struct Replay {
    /// The options it was started with.
    pub options: RunOptions,
    /// Attempts made per task.
    pub attempts: BTreeMap<String, u32>,
    /// Tasks whose attempts ran out.
    pub gave_up: Vec<String>,
    /// Money spent.
    pub cost_usd: f64,
    /// Agent calls made.
    pub calls: u32,
    /// The last `reviewed` record of each task.
    pub last_review: BTreeMap<String, Record>,
    /// The last agent result of each task: (attempt, result).
    pub last_result: BTreeMap<String, (u32, String)>,
    /// An attempt without a review: (task, attempt, tree before).
    pub cut_short: Option<(String, u32, Option<String>)>,
    /// The baseline: (selected, held).
    pub baseline: Option<(Vec<String>, Vec<String>)>,
}

impl Replay {
    /// Replay `records`.
    pub fn of(records: &[Record]) -> Replay {
        let mut replay = Replay::default();
        for record in records {
            match record {
                Record::Start { options, .. } => replay.options = (**options).clone(),
                Record::Baseline { selected, held } => {
                    replay.baseline = Some((selected.clone(), held.clone()));
                }
                Record::Attempt {
                    task,
                    attempt,
                    tree_before,
                    ..
                } => {
                    replay.attempts.insert(task.clone(), *attempt);
                    replay.cut_short = Some((task.clone(), *attempt, tree_before.clone()));
                }
                Record::Agent {
                    task,
                    attempt,
                    cost_usd,
                    result,
                    ..
                } => {
                    replay.cost_usd += cost_usd;
                    replay.calls += 1;
                    replay
                        .last_result
                        .insert(task.clone(), (*attempt, result.clone()));
                }
                Record::Reviewed { task, .. } => {
                    replay.cut_short = None;
                    replay.last_review.insert(task.clone(), record.clone());
                }
                Record::TaskEnd {
                    task, holds: false, ..
                } => replay.gave_up.push(task.clone()),
                _ => {}
            }
        }
        replay
    }
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
pub fn timestamp(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_and_sortable() {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(timestamp(t), "20231114T221320Z");
        assert_eq!(timestamp(UNIX_EPOCH), "19700101T000000Z");
        assert_eq!(
            timestamp(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229T000000Z"
        );
    }

    #[test]
    fn a_journal_replays_and_a_cut_line_is_skipped() {
        let target =
            std::env::temp_dir().join(format!("aspect-fix-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&target);
        let root = PathBuf::from("/w");
        let (mut journal, run_id) = Journal::create(&target).unwrap();
        let start = Record::Start {
            run_id,
            workspace_root: root.clone(),
            git_head: None,
            options: Box::new(RunOptions {
                max_iterations: 3,
                ..RunOptions::default()
            }),
            argv: vec!["claude".into()],
            protected: vec![],
        };
        journal.write(&start).unwrap();
        journal
            .write(&Record::Attempt {
                task: "spec a".into(),
                attempt: 1,
                tree_before: Some("abc".into()),
                prompt: "p".into(),
            })
            .unwrap();
        journal
            .write(&Record::Agent {
                task: "spec a".into(),
                attempt: 1,
                is_error: false,
                subtype: "success".into(),
                result: "done".into(),
                cost_usd: 0.25,
                session_id: "s".into(),
                num_turns: 2,
                duration_ms: 10,
            })
            .unwrap();
        let path = journal.dir().join(FILE);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"time\":1,\"type\":\"reviewed\",\"ta")
            .unwrap();

        let (_, records) = Journal::last_unfinished(&target, &root).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0], start);
        let replay = Replay::of(&records);
        assert_eq!(replay.options.max_iterations, 3);
        assert_eq!(replay.attempts["spec a"], 1);
        assert_eq!(replay.cost_usd, 0.25);
        assert_eq!(
            replay.cut_short,
            Some(("spec a".into(), 1, Some("abc".into())))
        );
        assert!(Journal::last_unfinished(&target, Path::new("/other")).is_err());
        let _ = std::fs::remove_dir_all(&target);
    }
}
