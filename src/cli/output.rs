//! Terminal output that survives a closed stdout (`whetstone eval ... | head`).
//!
//! `println!` panics when the reader has gone away; `outln!` returns the write error instead, and
//! `main` treats a broken pipe as a normal end of output.

/// `println!` that returns the write error (`?`) instead of panicking.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// `print!` that returns the write error (`?`) instead of panicking.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// True when the error (or any cause) is a write to a pipe whose reader has closed.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    fn write_to(w: &mut impl std::io::Write) -> anyhow::Result<()> {
        writeln!(w, "x").context("writing the report")?;
        Ok(())
    }

    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let e = write_to(&mut Closed).unwrap_err();
        assert!(is_broken_pipe(&e));
    }

    #[test]
    fn other_errors_are_not_broken_pipes() {
        let e = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(!is_broken_pipe(&e));
        assert!(!is_broken_pipe(&anyhow::anyhow!("no such question")));
    }
}
