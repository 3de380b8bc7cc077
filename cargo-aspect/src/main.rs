//! `cargo aspect`: a thin binary over the library's `cli` module.

fn main() -> std::process::ExitCode {
    aspect::__private::cli_main()
}
