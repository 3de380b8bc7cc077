//! Then steps on what `cargo aspect probe --format json` printed: its one JSON
//! object, read as a person would check it.

use aspect::then;

use super::Dogfood;

/// The verdict `probe` gave an aspect, from the JSON object on stdout.
#[then("the JSON probe result has the aspect {string} as {string}")]
fn aspect_verdict(world: &mut Dogfood, name: String, verdict: String) -> Result<(), String> {
    let last = world.last()?;
    let result: serde_json::Value = serde_json::from_str(last.stdout.trim())
        .map_err(|e| format!("stdout is not one JSON object: {e}\n{}", last.all()))?;
    let aspects = result["aspects"]
        .as_array()
        .ok_or_else(|| format!("no `aspects` list:\n{}", last.all()))?;
    let wanted = format!("aspect::{name}");
    let found = aspects
        .iter()
        .find(|a| a["name"] == wanted.as_str())
        .ok_or_else(|| format!("{wanted} is not in the result:\n{}", last.all()))?;
    if found["verdict"] == verdict.as_str() {
        Ok(())
    } else {
        Err(format!(
            "{wanted} is {}, not {verdict:?}:\n{}",
            found["verdict"],
            last.all()
        ))
    }
}
