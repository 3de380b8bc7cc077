//! A small async TCP key-value server: [`Server`] accepts connections on
//! tokio and answers each line with the [`kv_store`] protocol; [`Client`]
//! talks to it.
//!
//! This crate is the only one of the example that touches sockets; what a
//! request does is decided in `kv-store`, which must not (see `aspects/`).

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use kv_store::{protocol, Reply, Store};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream, ToSocketAddrs};
use tokio::task::{JoinHandle, JoinSet};

/// A running server. Dropping it stops it and closes its connections.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds `address` (port 0 picks a free one) and serves `store` on the
    /// current tokio runtime.
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn start(address: impl ToSocketAddrs, store: Store) -> io::Result<Server> {
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let task = tokio::spawn(serve(listener, Arc::new(Mutex::new(store))));
        Ok(Server { address, task })
    }

    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the accept loop ends (it ends only when stopped).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every connection.
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, store: Arc<Mutex<Store>>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // Reap finished connections so the set does not grow with every client.
        while connections.try_join_next().is_some() {}
        connections.spawn(answer(stream, Arc::clone(&store)));
    }
}

/// Answers one connection's requests, one reply line each, until it closes.
async fn answer(stream: TcpStream, store: Arc<Mutex<Store>>) -> io::Result<()> {
    let mut stream = BufReader::new(stream);
    let mut line = String::new();
    while stream.read_line(&mut line).await? != 0 {
        let reply = match protocol::parse(&line) {
            Ok(request) => store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .apply(request),
            Err(message) => Reply::Error(message),
        };
        stream.write_all(format!("{reply}\n").as_bytes()).await?;
        line.clear();
    }
    Ok(())
}

/// One connection to a server: a request line out, a reply line back.
#[derive(Debug)]
pub struct Client {
    stream: BufReader<TcpStream>,
}

impl Client {
    /// Connects to a server.
    ///
    /// # Errors
    /// When the connection is refused.
    pub async fn connect(address: SocketAddr) -> io::Result<Client> {
        Ok(Client {
            stream: BufReader::new(TcpStream::connect(address).await?),
        })
    }

    /// Sends one request line and returns the reply line, without its line ending.
    ///
    /// # Errors
    /// When the connection fails or closes before the reply.
    pub async fn request(&mut self, line: &str) -> io::Result<String> {
        self.stream
            .write_all(format!("{line}\n").as_bytes())
            .await?;
        let mut reply = String::new();
        if self.stream.read_line(&mut reply).await? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        Ok(reply.trim_end().to_owned())
    }
}
