//! Steps of `specs/requests.feature`: clients set, get and delete keys.

use std::io;

use aspect::{given, then, when};

use super::KvWorld;

/// Fails the step with the request and the reply when they differ.
fn expect(reply: &str, expected: &str, request: &str) -> Result<(), String> {
    if reply == expected {
        Ok(())
    } else {
        Err(format!(
            "`{request}` was answered `{reply}`, expected `{expected}`"
        ))
    }
}

#[given("{word} has set {string} to {string}")]
async fn has_set(
    world: &mut KvWorld,
    client: String,
    key: String,
    value: String,
) -> Result<(), String> {
    sets(world, client, key, value).await
}

#[when("{word} sets {string} to {string}")]
async fn sets(
    world: &mut KvWorld,
    client: String,
    key: String,
    value: String,
) -> Result<(), String> {
    let request = format!("SET {key} {value}");
    let reply = world
        .request(&client, &request)
        .await
        .map_err(|e| e.to_string())?;
    expect(&reply, "OK", &request)
}

#[when("{word} deletes {string}")]
async fn deletes(world: &mut KvWorld, client: String, key: String) -> Result<(), String> {
    let request = format!("DEL {key}");
    let reply = world
        .request(&client, &request)
        .await
        .map_err(|e| e.to_string())?;
    expect(&reply, "DELETED", &request)
}

#[when("{word} sends {string}")]
async fn sends(world: &mut KvWorld, client: String, line: String) -> io::Result<()> {
    world.last_reply = Some(world.request(&client, &line).await?);
    Ok(())
}

#[then("{word} gets {string} as {string}")]
async fn gets(
    world: &mut KvWorld,
    client: String,
    key: String,
    value: String,
) -> Result<(), String> {
    let request = format!("GET {key}");
    let reply = world
        .request(&client, &request)
        .await
        .map_err(|e| e.to_string())?;
    expect(&reply, &format!("VALUE {value}"), &request)
}

#[then("{word} finds no {string}")]
async fn finds_no(world: &mut KvWorld, client: String, key: String) -> Result<(), String> {
    let request = format!("GET {key}");
    let reply = world
        .request(&client, &request)
        .await
        .map_err(|e| e.to_string())?;
    expect(&reply, "NOT_FOUND", &request)
}

// A sync step beside the async ones: it only reads what the World holds.
#[then("the reply is {string}")]
fn the_reply_is(world: &mut KvWorld, expected: String) -> Result<(), String> {
    match &world.last_reply {
        Some(reply) => expect(reply, &expected, "the last request"),
        None => Err("no request was sent".to_owned()),
    }
}
