use clap::Parser;

/// Indexing allocates a string or a vector per token, term and stage; mimalloc
/// serves those small allocations faster than glibc's malloc (14 % less indexing
/// CPU, see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = plansearch::cli::Cli::parse();
    match plansearch::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) if is_broken_pipe(&e) => std::process::exit(0),
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            std::process::exit(1);
        }
    }
}

/// A reader that closed our stdout (`plansearch search … | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
