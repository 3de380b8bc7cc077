//! The page's "Probe" section: what the last `cargo aspect probe` found, when
//! its `probe.json` exists for the workspace.
//!
//! It shows the probe's own verdicts (aspects that cannot fail, behaviour no
//! spec pins down) and must not mix them with the run's: they come from another
//! command, at another time, and say so. Every text is escaped.

use std::fmt::Write;

use super::markup::esc;
use crate::cli::probe_outcome::{AspectVerdict, ProbeResult};

/// The section, `<section id="probe">…</section>`.
pub(crate) fn section(result: &ProbeResult) -> String {
    let mut out = String::from(
        "<section id=\"probe\" class=\"group\"><h2 class=\"part\">Probe</h2>\
         <p class=\"note\">From the last <code>cargo aspect probe</code> (plants in a scratch copy, \
         and mutants of the code under test), not from this run.</p>",
    );
    if !result.aspects.is_empty() {
        out.push_str("<div class=\"gap\"><h3>Aspects</h3><ul>");
        for a in &result.aspects {
            let class = match a.verdict {
                AspectVerdict::CanFail => "verdict v-passed",
                AspectVerdict::CannotFail | AspectVerdict::FailsAlready => "verdict v-failed",
                AspectVerdict::NotProbed => "verdict v-not-run",
            };
            let _ = write!(
                out,
                "<li><b>{}</b> <span class=\"{class}\">{}</span> <code>{}:{}</code>",
                esc(a.name.strip_prefix("aspect::").unwrap_or(&a.name)),
                a.verdict.words(),
                esc(&a.file),
                a.line
            );
            if !a.plant.is_empty() {
                let _ = write!(out, "<br>planted: {}", esc(&a.plant));
            }
            if a.verdict != AspectVerdict::CanFail && !a.message.is_empty() {
                let _ = write!(out, "<pre>{}</pre>", esc(&a.message));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul></div>");
    }
    if let Some(specs) = &result.specs {
        let _ = write!(
            out,
            "<div class=\"gap\"><h3>Behaviour no spec pins down</h3><p class=\"note\">\
             {} mutants of {}: {} caught, {} missed, {} timed out, {} unviable.</p>",
            specs.mutants,
            esc(&specs.packages.join(", ")),
            specs.caught,
            specs.missed,
            specs.timeout,
            specs.unviable
        );
        if !specs.unpinned.is_empty() {
            out.push_str("<ul>");
            for f in &specs.unpinned {
                let _ = write!(
                    out,
                    "<li><code>{}</code> <code>{}:{}</code><ul>",
                    esc(&f.function),
                    esc(&f.file),
                    f.line
                );
                for m in &f.mutants {
                    let _ = write!(
                        out,
                        "<li><code>{}:{}</code> {}</li>",
                        m.line,
                        m.column,
                        esc(&m.description)
                    );
                }
                out.push_str("</ul></li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::probe_outcome::{AspectProbe, MissedMutant, SpecProbe, UnpinnedFunction};

    #[test]
    fn shows_aspects_that_cannot_fail_and_unpinned_functions_escaped() {
        let result = ProbeResult {
            version: 1,
            workspace: "/ws".to_owned(),
            aspects: vec![AspectProbe {
                name: "aspect::always-<true>".to_owned(),
                package: "p".to_owned(),
                file: "aspects/a.md".to_owned(),
                line: 3,
                evidence: "command".to_owned(),
                plant: "every file of the workspace removed".to_owned(),
                verdict: AspectVerdict::CannotFail,
                message: "it holds".to_owned(),
            }],
            specs: Some(SpecProbe {
                mutants: 2,
                missed: 1,
                caught: 1,
                unpinned: vec![UnpinnedFunction {
                    package: "core".to_owned(),
                    file: "core/src/lib.rs".to_owned(),
                    function: "Game::to_save".to_owned(),
                    line: 171,
                    mutants: vec![MissedMutant {
                        line: 173,
                        column: 9,
                        description: "replace Game::to_save -> String with String::new()"
                            .to_owned(),
                    }],
                }],
                ..SpecProbe::default()
            }),
            seconds: 1.0,
        };
        let html = section(&result);
        assert!(
            html.contains(
                "<b>always-&lt;true&gt;</b> <span class=\"verdict v-failed\">cannot fail</span>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<code>Game::to_save</code> <code>core/src/lib.rs:171</code>"),
            "{html}"
        );
        assert!(
            html.contains("replace Game::to_save -&gt; String with String::new()"),
            "{html}"
        );
    }
}
