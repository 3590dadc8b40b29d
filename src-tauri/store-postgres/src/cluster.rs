//! A throwaway PostgreSQL cluster for tests and benchmarks: its own data
//! directory, reachable only over a unix socket in its own directory, so it
//! needs no installed service, no password and no free TCP port, and test
//! binaries running at the same time do not meet.
//!
//! ```no_run
//! use complaintdesk_postgres::cluster::Cluster;
//! let config = Cluster::shared().create_database();
//! // … open the store with `config`; every test gets its own empty database.
//! ```
//!
//! Needs the PostgreSQL server binaries (Debian: `apt-get install -y
//! postgresql`; the service it installs need not run). Unix only: the
//! server is reached over a unix socket.
#![cfg(unix)]

use std::fs;
use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::{PgConfig, TlsMode};

/// Makes directory and database names unique within the process (the pid
/// makes them unique between processes).
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The superuser the cluster is created with, whoever runs the tests.
const SUPERUSER: &str = "postgres";

/// A running PostgreSQL server in a temporary directory.
///
/// The server is stopped and the directory removed when the `Cluster` is
/// dropped, and also when the process that started it exits, however it
/// exits (a watchdog process does it), so a test binary never leaves a
/// server behind.
pub struct Cluster {
    /// The temporary directory holding everything below.
    root: PathBuf,
    data_dir: PathBuf,
    socket_dir: PathBuf,
    bin_dir: PathBuf,
    port: u16,
    /// Running as root: initdb refuses root, so the server programs run as
    /// the `postgres` system user.
    as_postgres: bool,
    /// Cleans up if this process dies; see `spawn_watchdog`.
    watchdog: Option<Child>,
    /// A benchmark's cluster (`kept_in`): its directory outlives the
    /// process, it fsyncs, and it is reached over TCP on 127.0.0.1.
    kept: bool,
}

impl Cluster {
    /// A cluster (not started yet) whose data and socket live under `root`.
    fn in_dir(root: PathBuf, bin_dir: PathBuf, as_postgres: bool, kept: bool) -> Cluster {
        Cluster {
            data_dir: root.join("data"),
            socket_dir: root.join("sock"),
            root,
            bin_dir,
            port: 0,
            as_postgres,
            watchdog: None,
            kept,
        }
    }

    /// Runs initdb and starts a server on a free port. The cluster is
    /// stopped and its directory removed when the `Cluster` is dropped, and
    /// also when the process that started it exits (a watchdog process), so
    /// a test binary never leaves a server behind.
    ///
    /// Panics, saying what to install, if the PostgreSQL server binaries
    /// are missing, and with the server's log if it does not start.
    pub fn start() -> Cluster {
        let bin_dir = find_bin_dir().unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres, psql) not found: neither \
                 `pg_config --bindir` nor /usr/lib/postgresql/*/bin has them. Install them with:\n\n    \
                 apt-get install -y postgresql\n\n(as root, or with sudo; the service it sets up need not run)"
            )
        });
        let as_postgres = is_root();
        if as_postgres && !user_exists(SUPERUSER) {
            panic!(
                "running as root, so the test server must run as the `postgres` user (initdb refuses \
                 root), but there is no such user. Install the server with:\n\n    apt-get install -y postgresql\n"
            );
        }

        let root = make_root_dir(as_postgres);
        let mut cluster = Cluster::in_dir(root, bin_dir, as_postgres, false);
        // From here a panic drops `cluster`, which removes the directory.
        // The watchdog is started before initdb so that a test process
        // killed during the slow part leaves nothing behind either.
        cluster.watchdog = Some(cluster.spawn_watchdog());

        cluster.make_dirs();

        // --no-sync: a throwaway cluster need not survive a power cut, and
        // flushing every file is most of initdb's time.
        let out = cluster
            .server_command("initdb")
            .arg("-D")
            .arg(&cluster.data_dir)
            .args(["-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", SUPERUSER, "--no-sync"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run initdb: {e}"));
        check("initdb", &out);

        cluster.start_on_a_free_port();
        cluster
    }

    /// A cluster for benchmarks, kept in `dir` (created there on first use,
    /// started again from it later, so a database loaded once is reused;
    /// stopped but not removed when dropped or when the process exits).
    ///
    /// Unlike a test cluster it is set up like a small department server, so
    /// that what is timed is what a desk would meet: fsync and
    /// synchronous_commit on (the defaults), 1 GB of shared buffers, and
    /// reached over TCP on 127.0.0.1 (`config` gives that address; `psql`
    /// still uses the socket).
    pub fn kept_in(dir: &Path) -> Cluster {
        let bin_dir = find_bin_dir().unwrap_or_else(|| panic!("PostgreSQL server binaries not found (apt-get install -y postgresql)"));
        let as_postgres = is_root();
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let root = fs::canonicalize(dir).unwrap_or_else(|e| panic!("cannot resolve {}: {e}", dir.display()));
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("cannot set the mode of {}: {e}", root.display()));
        let mut cluster = Cluster::in_dir(root, bin_dir, as_postgres, true);
        cluster.watchdog = Some(cluster.spawn_watchdog());
        if !cluster.data_dir.join("PG_VERSION").is_file() {
            // Nothing usable yet (or an initdb that was cut short): start over.
            for dir in [&cluster.data_dir, &cluster.socket_dir] {
                if dir.exists() {
                    fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("cannot remove {}: {e}", dir.display()));
                }
            }
            cluster.make_dirs();
            let out = cluster
                .server_command("initdb")
                .arg("-D")
                .arg(&cluster.data_dir)
                .args(["-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", SUPERUSER])
                .output()
                .unwrap_or_else(|e| panic!("cannot run initdb: {e}"));
            check("initdb", &out);
        }
        cluster.start_on_a_free_port();
        cluster
    }

    /// A streaming standby of `primary`, running and streaming (the
    /// primary's `pg_stat_replication` shows it): a cluster of its own
    /// (directory, socket, port, watchdog) made with `pg_basebackup -R`,
    /// which writes `standby.signal` and a `primary_conninfo` reaching the
    /// primary over its socket. It replays the primary's changes and takes
    /// only reads until `promote`. For failover tests.
    ///
    /// The primary needs nothing set up: `wal_level=replica` is the
    /// default, and initdb's trust pg_hba admits local replication
    /// connections.
    pub fn standby_of(primary: &Cluster) -> Cluster {
        let root = make_root_dir(primary.as_postgres);
        let mut standby = Cluster {
            data_dir: root.join("data"),
            socket_dir: root.join("sock"),
            root,
            bin_dir: primary.bin_dir.clone(),
            port: 0,
            as_postgres: primary.as_postgres,
            watchdog: None,
            kept: false,
        };
        standby.watchdog = Some(standby.spawn_watchdog());
        standby.make_dirs();
        // -c fast: no spread checkpoint to wait for. -X stream: the WAL of
        // the copy comes along, so the standby starts consistent.
        let out = standby
            .server_command("pg_basebackup")
            .arg("-D")
            .arg(&standby.data_dir)
            .arg("-h")
            .arg(&primary.socket_dir)
            .arg("-p")
            .arg(primary.port.to_string())
            .args(["-U", SUPERUSER, "-X", "stream", "-c", "fast", "-R", "--no-sync"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run pg_basebackup: {e}"));
        check("pg_basebackup", &out);
        // The copy carries the primary's server log; the standby writes its own.
        let _ = fs::remove_file(standby.data_dir.join("log"));
        standby.start_on_a_free_port();
        // `pg_ctl start -w` returns once the standby takes connections; its
        // WAL receiver connects a moment later. Until then nothing the
        // primary commits reaches it, so wait for the primary to see it.
        let deadline = Instant::now() + Duration::from_secs(30);
        while primary.psql("postgres", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "0" {
            if Instant::now() > deadline {
                panic!("the standby did not start streaming from the primary within 30 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        standby
    }

    /// Ends recovery on a standby (`pg_ctl promote -w`): it becomes a
    /// primary that takes writes. Panics if it is not a running standby.
    pub fn promote(&self) {
        let out = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-w", "promote"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run pg_ctl: {e}"));
        check("pg_ctl promote", &out);
    }

    /// The data and socket directories, owned by the server's user.
    fn make_dirs(&self) {
        // The data directory is 0700, as the server wants it (initdb would
        // set that itself; pg_basebackup keeps what it finds).
        for (dir, mode) in [(&self.data_dir, 0o700), (&self.socket_dir, 0o755)] {
            fs::create_dir(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            fs::set_permissions(dir, fs::Permissions::from_mode(mode))
                .unwrap_or_else(|e| panic!("cannot set the mode of {}: {e}", dir.display()));
            if self.as_postgres {
                // The data directory must belong to the server's user, and the
                // server creates its socket and lock file in the socket directory.
                let out = Command::new("chown")
                    .arg(format!("{SUPERUSER}:"))
                    .arg(dir)
                    .output()
                    .unwrap_or_else(|e| panic!("cannot run chown: {e}"));
                check("chown", &out);
            }
        }
    }

    /// Starts the server on a port picked now.
    fn start_on_a_free_port(&mut self) {
        // The socket lives in a directory of its own, so the port cannot
        // clash with another test binary's cluster; retrying with another
        // port covers what is left (e.g. a shared-memory or lock-file clash).
        let mut failure = String::new();
        for _ in 0..5 {
            self.port = free_port();
            match self.pg_ctl_start() {
                Ok(()) => return,
                Err(e) => failure = e,
            }
        }
        panic!("the test PostgreSQL server did not start (5 ports tried):\n{failure}");
    }

    /// The one cluster of this process, started on first use (for test
    /// binaries whose tests each want a database: `Cluster::shared()
    /// .create_database()`). It is never dropped; the watchdog stops it
    /// when the process exits.
    pub fn shared() -> &'static Cluster {
        static SHARED: OnceLock<Cluster> = OnceLock::new();
        SHARED.get_or_init(Cluster::start)
    }

    /// Creates a fresh, empty database (UTF8, from template0, LC_COLLATE and
    /// LC_CTYPE C.UTF-8) with a unique name and returns a config to reach it
    /// as the superuser over the socket.
    pub fn create_database(&self) -> PgConfig {
        let name = format!("cd_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        self.psql(
            "postgres",
            &format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' \
                 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ),
        );
        self.config(&name)
    }

    /// A config to reach the database `dbname` as the superuser over the
    /// socket (a `kept_in` cluster: over TCP on 127.0.0.1), no password, no TLS.
    pub fn config(&self, dbname: &str) -> PgConfig {
        let host = if self.kept { "127.0.0.1".to_string() } else { self.socket_dir.to_string_lossy().into_owned() };
        PgConfig {
            hosts: vec![host],
            port: self.port,
            dbname: dbname.to_string(),
            user: SUPERUSER.to_string(),
            password: None,
            tls: TlsMode::Disable,
            ca_cert: None,
        }
    }

    /// The server as one entry of `PgConfig::hosts` with its own port
    /// (`<socket_dir>:<port>`), to list it beside other servers.
    pub fn host_and_port(&self) -> String {
        format!("{}:{}", self.socket_dir.display(), self.port)
    }

    /// The port the server was started with; with the socket directory it
    /// names the socket (`<socket_dir>/.s.PGSQL.<port>`). The server does
    /// not listen on TCP.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory of the server's unix socket: the "host" to connect to.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// Stops the server (fast shutdown: open connections are cut, as when a
    /// server goes away); `start_again` brings it back. For fault tests.
    /// Panics if the server is not running.
    pub fn stop(&self) {
        let out = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run pg_ctl: {e}"));
        check("pg_ctl stop", &out);
    }

    /// Starts the server again on the same port and socket, after `stop`,
    /// so configs handed out before still reach it.
    pub fn start_again(&self) {
        if let Err(e) = self.pg_ctl_start() {
            panic!("the test PostgreSQL server did not start again:\n{e}");
        }
    }

    /// Runs SQL as the superuser in the database `dbname` (psql with
    /// ON_ERROR_STOP, unaligned, tuples only) and returns its output without
    /// the final newline: rows on lines, columns separated by `|`. For test
    /// set-up and checks. Panics, with psql's message, if any statement fails.
    pub fn psql(&self, dbname: &str, sql: &str) -> String {
        // The client needs no particular user: trust authentication over a
        // socket anyone may reach.
        let mut cmd = Command::new(self.bin("psql"));
        clean_env(&mut cmd);
        let out = cmd
            .args(["-v", "ON_ERROR_STOP=1", "-X", "-q", "-At", "-h"])
            .arg(&self.socket_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-U", SUPERUSER, "-d", dbname, "-c", sql])
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run psql: {e}"));
        if !out.status.success() {
            panic!(
                "psql failed in database {dbname} ({}):\n{}\nSQL: {sql}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim_end()
            );
        }
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        if text.ends_with('\n') {
            text.pop();
        }
        text
    }

    /// The path of one of the PostgreSQL programs the cluster runs with
    /// (`pg_dump`, `pgbench`, …), so tools match the server's version.
    pub fn bin(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }

    /// `pg_ctl start` on `self.port`; the error carries the end of the
    /// server's log.
    fn pg_ctl_start(&self) -> Result<(), String> {
        // pg_ctl hands -o to a shell: the socket path is quoted for it.
        // listen_addresses='': no TCP at all. fsync=off: nothing here must
        // survive a crash, and it makes commits (and CREATE DATABASE) fast.
        // max_connections: room for pools of concurrent tests.
        let options = if self.kept {
            // trust authentication covers TCP from 127.0.0.1 too (initdb -A trust).
            format!(
                "-p {} -k '{}' -c listen_addresses='127.0.0.1' -c shared_buffers=1GB -c max_wal_size=4GB -c max_connections=200",
                self.port,
                self.socket_dir.display()
            )
        } else {
            format!(
                "-p {} -k '{}' -c listen_addresses='' -c fsync=off -c max_connections=200",
                self.port,
                self.socket_dir.display()
            )
        };
        let log = self.data_dir.join("log");
        let out = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(&self.data_dir)
            .arg("-l")
            .arg(&log)
            .arg("-o")
            .arg(options)
            .args(["-w", "start"])
            .output()
            .map_err(|e| format!("cannot run pg_ctl: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let log_text = fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = log_text.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!(
            "pg_ctl start on port {} failed ({}):\n{}{}\nserver log ({}):\n{}",
            self.port,
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            log.display(),
            tail.join("\n")
        ))
    }

    /// A command running a server program: as the `postgres` user when we
    /// are root.
    fn server_command(&self, program: &str) -> Command {
        let mut cmd = if self.as_postgres {
            let mut cmd = Command::new(runuser());
            cmd.args(["-u", SUPERUSER, "--"]).arg(self.bin(program));
            cmd
        } else {
            Command::new(self.bin(program))
        };
        // The postgres user may not be allowed into our working directory,
        // and initdb complains about that.
        cmd.current_dir(&self.root).stdin(Stdio::null());
        clean_env(&mut cmd);
        cmd
    }

    /// Starts the process that cleans up if this process dies without
    /// dropping the cluster (a `shared()` cluster, a panic that aborts, a
    /// kill -9, a Ctrl-C).
    ///
    /// It waits on a pipe whose other end only this process holds: the
    /// kernel closes it however the process ends, so the watchdog learns of
    /// the exit at once, with no polling and no risk of a reused pid.
    /// `Drop` writes "done" instead, after cleaning up itself. The watchdog
    /// has a process group of its own so that a Ctrl-C in the terminal,
    /// which ends the test binary, does not end the watchdog too (pg_ctl
    /// already puts the server in a session of its own).
    fn spawn_watchdog(&self) -> Child {
        // An empty root (a kept cluster) is stopped but not removed.
        const SCRIPT: &str = r#"root=$1; shift
IFS= read -r line
[ "$line" = done ] && exit 0
"$@" >/dev/null 2>&1
[ -n "$root" ] && rm -rf "$root""#;
        let stop = self.server_command("pg_ctl");
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(SCRIPT)
            .arg("complaintdesk-pg-watchdog")
            .arg(if self.kept { Path::new("") } else { &self.root })
            .arg(stop.get_program())
            .args(stop.get_args())
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-m", "immediate", "-w", "stop"])
            .current_dir(&self.root)
            .stdin(Stdio::piped())
            // Not our stdout: a pipe reader (cargo, tee) would wait for it.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        clean_env(&mut cmd);
        cmd.spawn().unwrap_or_else(|e| panic!("cannot start the cluster's watchdog (/bin/sh): {e}"))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Errors are ignored: the server may be stopped already (`stop`
        // without `start_again`, or a failed start), and a panic here would
        // abort a test that is already unwinding.
        let _ = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-m", "fast", "-w", "stop"])
            .output();
        let removed = self.kept || fs::remove_dir_all(&self.root).is_ok() || !self.root.exists();
        if let Some(mut watchdog) = self.watchdog.take() {
            // If the directory is still there the watchdog is left to try
            // again when the process exits (its stdin just closes).
            if removed {
                if let Some(mut stdin) = watchdog.stdin.take() {
                    let _ = stdin.write_all(b"done\n");
                }
                let _ = watchdog.wait();
            }
        }
    }
}

/// The directory of initdb, pg_ctl, postgres and psql: `pg_config
/// --bindir` if it has them (it may belong to a newer libpq than the
/// server), else the newest of Debian's /usr/lib/postgresql/<version>/bin.
fn find_bin_dir() -> Option<PathBuf> {
    let complete = |dir: &Path| ["initdb", "pg_ctl", "postgres", "psql"].iter().all(|p| dir.join(p).is_file());
    if let Ok(out) = Command::new("pg_config").arg("--bindir").stdin(Stdio::null()).output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && complete(&dir) {
            return Some(dir);
        }
    }
    let mut best: Option<(Vec<u32>, PathBuf)> = None;
    for entry in fs::read_dir("/usr/lib/postgresql").ok()?.flatten() {
        // Compare versions as numbers: 9.6 < 10.
        let Some(version) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.split('.').map(|n| n.parse::<u32>().ok()).collect::<Option<Vec<u32>>>())
        else {
            continue;
        };
        let dir = entry.path().join("bin");
        if complete(&dir) && best.as_ref().is_none_or(|(v, _)| version > *v) {
            best = Some((version, dir));
        }
    }
    best.map(|(_, dir)| dir)
}

/// Whether this process runs as root (`id -u`, to need no libc binding).
fn is_root() -> bool {
    static ROOT: OnceLock<bool> = OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .stdin(Stdio::null())
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
            .unwrap_or(false)
    })
}

fn user_exists(user: &str) -> bool {
    Command::new("id")
        .arg("-u")
        .arg(user)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// runuser lives in /usr/sbin or /sbin, which a CI PATH may lack.
fn runuser() -> PathBuf {
    ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("runuser"))
}

/// A new directory for one cluster, mode 0755 whatever the umask.
fn make_root_dir(as_postgres: bool) -> PathBuf {
    // As root the server runs as postgres, which must be able to reach the
    // directory: /tmp, not a TMPDIR that may be private to root.
    let base = if as_postgres { PathBuf::from("/tmp") } else { std::env::temp_dir() };
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("complaintdesk-pg-{}-{n}", std::process::id()));
        match fs::create_dir(&dir) {
            Ok(()) => {
                fs::set_permissions(&dir, fs::Permissions::from_mode(0o755))
                    .unwrap_or_else(|e| panic!("cannot set the mode of {}: {e}", dir.display()));
                return dir;
            }
            // Left over by an earlier process with the same pid.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => panic!("cannot create a directory in {}: {e}", base.display()),
        }
    }
}

/// A port number nobody listens on right now. The server does not listen
/// on it (only the socket's name carries it); it is only a cheap way to
/// pick numbers unlikely to be in use by another test binary's cluster.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("cannot pick a port: {e}"))
}

/// The PG* variables of the caller's environment (PGHOST, PGDATA,
/// PGOPTIONS, PGSSLMODE, …) would point the programs elsewhere or change
/// their behaviour.
fn clean_env(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PG") {
            cmd.env_remove(key);
        }
    }
}

fn check(what: &str, out: &Output) {
    if !out.status.success() {
        panic!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
