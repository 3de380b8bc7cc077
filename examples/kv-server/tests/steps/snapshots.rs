//! Steps of `specs/snapshots.feature`: a server that saves to, and loads
//! from, one snapshot file every scenario of that feature shares, which is why
//! the feature is `@serial`.

use std::io;
use std::path::PathBuf;

use aspect::{given, when};
use kv_store::Store;

use super::KvWorld;

/// The one snapshot file: a fixed path under the target dir, the same for
/// every scenario, thread and nextest process of the run.
fn shared_snapshot() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kv-server-snapshot.tsv")
}

#[given("the shared snapshot file is removed")]
fn snapshot_removed(_world: &mut KvWorld) -> io::Result<()> {
    match std::fs::remove_file(shared_snapshot()) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[given("the server persists to the shared snapshot file")]
async fn persistent_server(world: &mut KvWorld) -> io::Result<()> {
    world
        .restart_with(Store::persistent(shared_snapshot())?)
        .await
}

#[when("the server restarts")]
async fn restarts(world: &mut KvWorld) -> io::Result<()> {
    persistent_server(world).await
}

#[when("{word} saves")]
async fn saves(world: &mut KvWorld, client: String) -> Result<(), String> {
    let reply = world
        .request(&client, "SAVE")
        .await
        .map_err(|e| e.to_string())?;
    if reply == "OK" {
        Ok(())
    } else {
        Err(format!("`SAVE` was answered `{reply}`"))
    }
}
