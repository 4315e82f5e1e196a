//! The `newsgraph` binary: a thin layer over the library. All printing, exiting and reading of
//! the environment happens in `cli`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
