//! An async step takes the World first, like a sync one.
use aspect::when;

#[when("I wait {int} seconds")]
async fn wait(seconds: u64) {
    let _ = seconds;
}

fn main() {}
