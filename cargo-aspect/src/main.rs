//! `cargo aspect`: a thin binary over [`aspect::cli`].

fn main() -> std::process::ExitCode {
    aspect::cli::main()
}
