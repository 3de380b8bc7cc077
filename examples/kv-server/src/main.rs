//! `kv-server [ADDRESS] [SNAPSHOT]`: serves on ADDRESS (default
//! 127.0.0.1:7878), saving to SNAPSHOT on `SAVE` when given.

use std::process::ExitCode;

use kv_server::Server;
use kv_store::Store;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1:7878".to_owned());
    let store = match args.next() {
        Some(snapshot) => match Store::persistent(snapshot) {
            Ok(store) => store,
            Err(error) => return fail(&error),
        },
        None => Store::in_memory(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    runtime.block_on(async {
        match Server::start(address, store).await {
            Ok(server) => {
                eprintln!("kv-server: listening on {}", server.address());
                server.wait().await;
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        }
    })
}

fn fail(error: &std::io::Error) -> ExitCode {
    eprintln!("kv-server: {error}");
    ExitCode::FAILURE
}
