//! `completions` (shell completion scripts) and `man` (the man page), both generated from the
//! clap definition, so they never fall behind the command line.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use super::{Cli, Exit};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  newsgraph completions bash > ~/.local/share/bash-completion/completions/newsgraph
  newsgraph completions zsh > ~/.zfunc/_newsgraph      (with fpath+=~/.zfunc in ~/.zshrc)
  newsgraph completions fish > ~/.config/fish/completions/newsgraph.fish")]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    shell: clap_complete::Shell,
    /// Write to FILE instead of stdout (`-`: stdout)
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  newsgraph man | man -l -
  newsgraph man -o newsgraph.1 && sudo install -m 644 newsgraph.1 /usr/local/share/man/man1/")]
pub struct ManArgs {
    /// Write to FILE instead of stdout (`-`: stdout)
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The completion script for `shell`.
fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    // clap_complete panics on a write error (a closed pipe): write to memory first
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "newsgraph", &mut buf);
    buf
}

/// The man page: the top-level command, then a section per subcommand.
fn man_page() -> anyhow::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    // clap_mangen names the after-help section EXTRA; ours holds examples, exit codes, output
    let mut buf = String::from_utf8(buf)?
        .replace(".SH EXTRA", ".SH \"EXAMPLES, EXIT STATUS AND OUTPUT\"")
        .into_bytes();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_sub(&mut buf, sub, "newsgraph")?;
    }
    Ok(buf)
}

/// One subcommand's section (and its own subcommands'): name, synopsis, description, options.
fn write_sub(buf: &mut Vec<u8>, sub: &clap::Command, parent: &str) -> anyhow::Result<()> {
    let name = format!("{parent} {}", sub.get_name());
    let sub = sub.clone().bin_name(&name);
    let man = clap_mangen::Man::new(sub.clone());
    writeln!(buf, ".SH \"{}\"", name.to_uppercase())?;
    let mut section = Vec::new();
    man.render_synopsis_section(&mut section)?;
    man.render_description_section(&mut section)?;
    man.render_options_section(&mut section)?;
    if sub.get_after_help().is_some() {
        man.render_extra_section(&mut section)?;
    }
    // the sections' own headings become subsection headings under the command's
    let text = String::from_utf8(section)?
        .replace(".SH EXTRA", ".SS EXAMPLES")
        .replace(".SH ", ".SS ");
    buf.extend_from_slice(text.as_bytes());
    for s in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_sub(buf, s, &name)?;
    }
    Ok(())
}

fn emit(output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = super::open_output(output)?;
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .with_context(|| match output {
            Some(p) if !super::is_stdio(p) => format!("cannot write {}", p.display()),
            _ => "cannot write to stdout".to_string(),
        })
}

pub fn completions(a: &CompletionsArgs) -> anyhow::Result<Exit> {
    emit(a.output.as_deref(), &completion_script(a.shell))?;
    Ok(Exit::Ok)
}

pub fn man(a: &ManArgs) -> anyhow::Result<Exit> {
    emit(a.output.as_deref(), &man_page()?)?;
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        use clap::ValueEnum;
        for shell in clap_complete::Shell::value_variants() {
            let s = String::from_utf8(completion_script(*shell)).unwrap();
            for word in ["ingest", "load", "update", "completions"] {
                assert!(s.contains(word), "{shell}: no {word}");
            }
        }
    }

    #[test]
    fn the_man_page_covers_every_subcommand() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        assert!(
            page.starts_with(".ie") || page.contains(".TH newsgraph"),
            "{}",
            &page[..200]
        );
        for sub in ["NEWSGRAPH INGEST", "NEWSGRAPH LOAD", "NEWSGRAPH EVAL NER"] {
            assert!(page.contains(&format!(".SH \"{sub}\"")), "no {sub}");
        }
    }
}
