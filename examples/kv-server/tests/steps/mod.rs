//! Step definitions for the key-value server's specs: `requests` (clients
//! talking to the server), `snapshots` (the shared snapshot file).

mod requests;
mod snapshots;

use std::collections::HashMap;
use std::io;

use kv_server::{Client, Server};
use kv_store::Store;

/// One scenario: its own server, and its clients by name ("alice", "bob").
#[derive(Debug)]
pub struct KvWorld {
    server: Server,
    clients: HashMap<String, Client>,
    /// The reply to the last raw request, for `Then the reply is ...`.
    last_reply: Option<String>,
}

impl KvWorld {
    /// Starts an in-memory server on a free loopback port; an error (no port)
    /// fails the scenario, not the run.
    pub async fn start() -> io::Result<KvWorld> {
        Ok(KvWorld {
            server: Server::start("127.0.0.1:0", Store::in_memory()).await?,
            clients: HashMap::new(),
            last_reply: None,
        })
    }

    /// Replaces the server (the old one stops, its clients are forgotten).
    async fn restart_with(&mut self, store: Store) -> io::Result<()> {
        self.clients.clear();
        // Stop the old server first: a restart never has two serving one store.
        let old = std::mem::replace(&mut self.server, Server::start("127.0.0.1:0", store).await?);
        drop(old);
        Ok(())
    }

    /// Sends one request line as `client`, connecting it on first use.
    async fn request(&mut self, client: &str, line: &str) -> io::Result<String> {
        if !self.clients.contains_key(client) {
            let connection = Client::connect(self.server.address()).await?;
            self.clients.insert(client.to_owned(), connection);
        }
        self.clients
            .get_mut(client)
            .expect("connected above")
            .request(line)
            .await
    }
}
