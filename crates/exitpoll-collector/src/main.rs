//! The `exitpoll-collector` command: parses arguments and hands over to the library.

use anyhow::Context;
use clap::{Parser, Subcommand};
use exitpoll_collector::config::{self, Database};
use exitpoll_collector::metrics::Metrics;
use exitpoll_collector::{demo, server};
use std::path::PathBuf;
use std::process::ExitCode;

// glibc's allocator showed up as a fifth of the ingest profile (arena lock
// contention between the HTTP workers and the SQLite writer); mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "exitpoll-collector",
    version,
    about = "Stores exitpoll survey responses and serves the widget"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API with a configuration file (README.md, "Running the collector").
    Serve {
        /// The collector config, TOML.
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Serve the demo store and a ready "demo" site on SQLite; no setup needed.
    Demo {
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, env = "EXITPOLL_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Database URL.
        #[arg(long, env = "EXITPOLL_DATABASE", default_value = "sqlite://exitpoll-demo.db")]
        database: String,
        /// Admin token for the demo site; random when not given.
        #[arg(long, env = "EXITPOLL_DEMO_TOKEN")]
        admin_token: Option<String>,
    },
    /// Check a collector config (TOML) or a site config (JSON) and list every problem.
    CheckConfig { file: PathBuf },
    /// Erase a customer's, an order's or a visitor's responses for good
    /// (README.md, "Personal data"), in the configured database.
    #[command(group(clap::ArgGroup::new("whose").required(true).args(["customer_id", "order_id", "visitor_id"])))]
    Erase {
        /// The collector config, TOML.
        #[arg(long, short)]
        config: PathBuf,
        /// The site whose responses to erase.
        #[arg(long)]
        site: String,
        /// Responses whose context has this `customer_id`.
        #[arg(long)]
        customer_id: Option<String>,
        /// Responses whose context has this `order_id`.
        #[arg(long)]
        order_id: Option<String>,
        /// Responses of this visitor id.
        #[arg(long)]
        visitor_id: Option<String>,
    },
}

/// The exit code of a command line that cannot be carried out as given, as clap's own.
const USAGE: u8 = 2;

/// Logs go to stderr, beside the errors, leaving stdout to what a command
/// prints. Colours only on a terminal, and not with `NO_COLOR`
/// (no-color.org): in a file or a log collector they are noise.
fn init_logging() {
    use std::io::IsTerminal;
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("EXITPOLL_LOG").unwrap_or_else(|_| "info".into());
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .init();
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve { config } => serve(config).await,
        Command::Demo { listen, database, admin_token } => run_demo(listen, database, admin_token).await,
        Command::CheckConfig { file } => return check_config(&file),
        Command::Erase { config, site, customer_id, order_id, visitor_id } => {
            return erase(&config, &site, customer_id, order_id, visitor_id).await;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(file: PathBuf) -> anyhow::Result<()> {
    init_logging();
    let config = config::load(&file)?;
    let metrics = Arc::new(Metrics::new());
    let store = server::open_store(&config.database, &metrics)
        .await
        .with_context(|| format!("opening {}", config.database))?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    tracing::info!(address = %listener.local_addr()?, database = %config.database, sites = config.sites.len(), "collector listening");
    let state = server::state(config, store, false, metrics);
    server::reload_on_sighup(state.clone(), file);
    server::run(listener, state, server::shutdown_signal()).await?;
    Ok(())
}

async fn run_demo(listen: String, database: String, admin_token: Option<String>) -> anyhow::Result<()> {
    init_logging();
    let database = Database::parse(&database).map_err(anyhow::Error::msg)?;
    let listener =
        tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    let token = admin_token.unwrap_or_else(demo::random_token);
    let config = demo::config(addr, database.clone(), token.clone())?;
    let metrics = Arc::new(Metrics::new());
    let store =
        server::open_store(&database, &metrics).await.with_context(|| format!("opening {database}"))?;
    let base = format!("http://{addr}");
    #[allow(clippy::print_stdout)]
    {
        println!("exitpoll demo is running (Ctrl-C stops it)");
        println!("  store:        {base}/");
        println!("  cart page:    {base}/cart.html   (move the pointer out through the top of the window)");
        println!("  widget:       {base}/exitpoll.js");
        println!("  database:     {database}");
        println!("  admin token:  {token}");
        println!("  dashboard:    {base}/dashboard   (site \"demo\" and the admin token)");
        println!("  export:       curl -H 'Authorization: Bearer {token}' {base}/v1/sites/demo/responses");
    }
    let state = server::state(config, store, true, metrics);
    server::run(listener, state, server::shutdown_signal()).await?;
    Ok(())
}

#[allow(clippy::print_stdout)]
fn check_config(file: &std::path::Path) -> ExitCode {
    let is_json = file.extension().is_some_and(|e| e == "json");
    let result = if is_json {
        std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read: {e}", file.display()))
            .and_then(|text| config::check_site_config(&text).map_err(|e| format!("{}: {e}", file.display())))
            .map(|c| {
                let surveys = match c.surveys.len() {
                    1 => "1 survey".to_owned(),
                    n => format!("{n} surveys"),
                };
                format!("{}: ok (site \"{}\", {surveys})", file.display(), c.site)
            })
    } else {
        config::load(file).map_err(|e| e.to_string()).map(|c| {
            let sites =
                if c.sites.len() == 1 { "1 site".to_owned() } else { format!("{} sites", c.sites.len()) };
            format!("{}: ok ({sites}, database {})", file.display(), c.database)
        })
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// `erase`: the same erasure as `DELETE /v1/sites/{site}/responses?customer_id=…`,
/// straight on the database, so it works with the collector stopped or running.
#[allow(clippy::print_stdout)]
async fn erase(
    file: &std::path::Path,
    site: &str,
    customer_id: Option<String>,
    order_id: Option<String>,
    visitor_id: Option<String>,
) -> ExitCode {
    let subject = match exitpoll_collector::http::erasure_subject(customer_id, order_id, visitor_id) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE);
        }
    };
    let config = match config::load(file) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !config.sites.iter().any(|s| s.id == site) {
        let known: Vec<String> = config.sites.iter().map(|s| format!("\"{}\"", s.id)).collect();
        eprintln!("error: {}: no site \"{site}\" (sites: {})", file.display(), known.join(", "));
        return ExitCode::from(USAGE);
    }
    let metrics = Arc::new(Metrics::new());
    let result = async {
        let store = server::open_store(&config.database, &metrics)
            .await
            .with_context(|| format!("opening {}", config.database))?;
        let erased = store.erase_subject(site, &subject).await;
        store.close().await;
        anyhow::Ok(erased?)
    }
    .await;
    match result {
        Ok(n) => {
            let responses = if n == 1 { "response" } else { "responses" };
            println!("erased {n} {responses} of site \"{site}\" ({} \"{}\")", subject.key(), subject.value());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
