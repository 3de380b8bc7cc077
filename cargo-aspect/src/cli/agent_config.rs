//! The `metadata.aspect` table as `cargo aspect` reads it: the keys a harness
//! reads (`specs`, `aspects`, see [`crate::config`]) and the CLI's own,
//! `harness`, `protect` and `[agent]`.
//!
//! The harness lets the CLI's keys through without reading them, so both reject
//! the same typos; `tests` below keeps the two key lists in step. This module
//! only describes the table: finding manifests and reading it is the caller's.

use serde::Deserialize;

/// One `metadata.aspect` table as written, every key the CLI knows. Unknown keys
/// are an error.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AspectTable {
    /// Globs of `.feature` files (read by the harness; checked here).
    pub specs: Option<Vec<String>>,
    /// Globs of aspect `.md` files (read by the harness; checked here).
    pub aspects: Option<Vec<String>>,
    /// Name of the harness test target (default `aspect`).
    pub harness: Option<String>,
    /// Several harness test targets of one package, each with its own globs
    /// (read by the harness; here, which targets are harnesses).
    pub harnesses: Option<std::collections::BTreeMap<String, crate::config::HarnessTable>>,
    /// Globs of more files `cargo aspect fix` must not let the agent change
    /// (specs, aspects and the scripts their evidence runs always are).
    pub protect: Option<Vec<String>>,
    /// The coding agent `cargo aspect fix` runs (`[workspace.metadata.aspect.agent]`).
    pub agent: Option<AgentTable>,
}

/// `[workspace.metadata.aspect.agent]`: which coding agent `cargo aspect fix`
/// runs and how. Every key can also be given as a flag, which wins.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AgentTable {
    /// The program (default `claude`), found on `PATH` unless it is a path.
    pub command: Option<String>,
    /// Extra arguments, after the ones `fix` builds (for example
    /// `["--dangerously-skip-permissions"]`, which `fix` never adds by itself).
    pub args: Option<Vec<String>>,
    /// The model (`--model`).
    pub model: Option<String>,
    /// The most one `fix` run may spend, in US dollars (`--max-budget-usd`).
    pub max_budget_usd: Option<f64>,
    /// How long one agent call may take (`30m`, `1h`); it is killed after that.
    pub timeout: Option<String>,
    /// Let the agent change existing step definitions (`--allow-step-edits`);
    /// each change is listed for review.
    pub allow_step_edits: Option<bool>,
    /// How many times in a row the plugin's `Stop` hook keeps Claude working
    /// while evidence fails (default 3; `--max-blocks` wins).
    pub max_stop_blocks: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY_KEY: &str = "specs = [\"specs/*.feature\"]\naspects = [\"aspects/*.md\"]\nharness = \"judge\"\nprotect = [\"Cargo.lock\"]\n[agent]\ncommand = \"claude\"\nargs = [\"--verbose\"]\nmodel = \"sonnet\"\nmax-budget-usd = 2\ntimeout = \"20m\"\nallow-step-edits = true\nmax-stop-blocks = 5\n";

    #[test]
    fn the_agent_table_and_protect_globs_parse_and_typos_are_errors() {
        let table: AspectTable = toml::from_str(EVERY_KEY).unwrap();
        assert_eq!(table.protect, Some(vec!["Cargo.lock".to_owned()]));
        assert_eq!(table.harness.as_deref(), Some("judge"));
        let agent = table.agent.unwrap();
        assert_eq!(agent.max_budget_usd, Some(2.0));
        assert_eq!(agent.timeout.as_deref(), Some("20m"));
        assert_eq!(agent.max_stop_blocks, Some(5));
        let err = toml::from_str::<AspectTable>("[agent]\nmodle = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `modle`"), "{err}");
    }

    #[test]
    fn the_harness_accepts_every_key_the_cli_reads_and_both_reject_typos() {
        let harness = crate::config::AspectTable::parse(EVERY_KEY).unwrap();
        assert_eq!(harness.specs, Some(vec!["specs/*.feature".to_owned()]));
        for typo in ["protekt = []\n", "[agnet]\n"] {
            assert!(toml::from_str::<AspectTable>(typo).is_err(), "{typo}");
            assert!(crate::config::AspectTable::parse(typo).is_err(), "{typo}");
        }
    }
}
