#!/usr/bin/env python3
"""A throw-away PostgreSQL cluster for tests: initdb in a temp dir, loopback only, trust auth.

As a module:

    with PgCluster() as pg:            # or pg = PgCluster(); pg.start() ... pg.stop()
        url = pg.url()                 # postgresql://postgres@127.0.0.1:PORT/gazette
        url2 = pg.url(pg.create_db("case_2"))
        pg.stop_server(); pg.start_server()   # an outage (or pg.restart())
        with PgReplica(pg) as rep:         # a streaming replica of it (pg_basebackup -R)
            rep.url(); rep.wait_replayed(); rep.pause_replay(); rep.resume_replay()

As a command, around a test program:

    python3 tests/support/pgcluster.py run -- CMD ARGS...

starts a cluster, runs CMD with these variables set, stops the cluster and exits with CMD's status
(77, meson's "skipped", when no PostgreSQL server binaries are found):

    GAZETTE_TEST_PG_URL       URL of an empty database
    GAZETTE_TEST_PG_CREATEDB  shell command; appending a name creates that database (same server)
    GAZETTE_TEST_PG_STOP      shell command that stops the server (fast shutdown)
    GAZETTE_TEST_PG_START     shell command that starts it again, on the same port

When running as root the cluster belongs to the `postgres` system user (PostgreSQL refuses to run
as root); otherwise to the current user. The superuser is always named `postgres`.
"""

import glob
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SUPERUSER = "postgres"


def _find_bindir():
    env = os.environ.get("GAZETTE_PG_BINDIR")
    if env:
        if not os.access(os.path.join(env, "pg_ctl"), os.X_OK):
            raise RuntimeError("no pg_ctl in GAZETTE_PG_BINDIR=%s" % env)
        return env
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return os.path.dirname(os.path.realpath(pg_ctl))
    raise RuntimeError("PostgreSQL server binaries not found: set GAZETTE_PG_BINDIR")


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """One PostgreSQL server in a temporary folder, removed by stop()."""

    def __init__(self, dbname="gazette", bindir=None, port=None, settings=()):
        self.dbname = dbname
        self.settings = list(settings)  # more postgresql.conf lines, "name = value"
        self.bindir = bindir or _find_bindir()
        self.port = port
        self.dir = None
        self.running = False
        self.as_root = os.geteuid() == 0
        self.os_user = SUPERUSER if self.as_root else None

    # --- paths and commands ---

    @property
    def datadir(self):
        return os.path.join(self.dir, "data")

    @property
    def logfile(self):
        return os.path.join(self.dir, "server.log")

    def _bin(self, name):
        return os.path.join(self.bindir, name)

    def _as_owner(self, argv):
        """argv run as the cluster's owner: the postgres user when we are root."""
        if self.as_root:
            return ["runuser", "-u", self.os_user, "--"] + argv
        return argv

    def _run(self, argv, **kw):
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           **kw)
        if r.returncode != 0:
            raise RuntimeError("%s failed (exit %d):\n%s" % (shlex.join(argv), r.returncode,
                                                             r.stdout))
        return r.stdout

    def ctl_argv(self, action):
        """The pg_ctl command line that performs action ('start' or 'stop')."""
        argv = [self._bin("pg_ctl"), "-D", self.datadir, "-w", "-t", "60"]
        if action == "start":
            argv += ["-l", self.logfile, "start"]
        else:
            argv += ["-m", "fast", "stop"]
        return self._as_owner(argv)

    def createdb_argv(self):
        """createdb's command line without the database name."""
        return [self._bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER,
                "-E", "UTF8", "-T", "template0"]

    # --- life cycle ---

    def start(self):
        """Creates the cluster, starts it and creates the database; cleans up if any step fails."""
        try:
            self._init()
            self.start_server()
            self.create_db(self.dbname)
        except BaseException:
            self.stop()
            raise
        return self

    def _init(self):
        self.dir = tempfile.mkdtemp(prefix="gz-pg-", dir="/tmp" if self.as_root else None)
        if self.as_root:
            shutil.chown(self.dir, user=self.os_user, group=self.os_user)
        os.chmod(self.dir, 0o700)
        if self.port is None:
            self.port = _free_port()
        self._run(self._as_owner([self._bin("initdb"), "-D", self.datadir, "-U", SUPERUSER,
                                  "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]))
        conf = ("listen_addresses = '127.0.0.1'\n"
                "port = %d\n"
                "unix_socket_directories = '%s'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "max_connections = 100\n"
                "wal_level = replica\n"
                "max_wal_senders = 4\n"
                "log_min_messages = warning\n" % (self.port, self.dir))
        conf += "".join(line + "\n" for line in self.settings)
        # replication too: a test may make a streaming replica of this cluster (PgReplica)
        hba = ("local all all trust\n"
               "host all all 127.0.0.1/32 trust\n"
               "local replication all trust\n"
               "host replication all 127.0.0.1/32 trust\n")
        self._write_owned("postgresql.conf", conf, append=True)
        self._write_owned("pg_hba.conf", hba, append=False)

    def _write_owned(self, name, text, append):
        path = os.path.join(self.datadir, name)
        with open(path, "a" if append else "w") as f:
            f.write(text)
        if self.as_root:
            shutil.chown(path, user=self.os_user, group=self.os_user)

    def start_server(self):
        self._run(self.ctl_argv("start"))
        self.running = True

    def stop_server(self):
        self._run(self.ctl_argv("stop"))
        self.running = False

    def restart(self):
        self.stop_server()
        self.start_server()

    def stop(self):
        """Stops the server (fast, then immediate if that fails) and removes the folder."""
        if self.dir and os.path.exists(os.path.join(self.datadir, "postmaster.pid")):
            try:
                self.stop_server()
            except (RuntimeError, OSError):
                subprocess.run(self._as_owner([self._bin("pg_ctl"), "-D", self.datadir,
                                               "-m", "immediate", "stop"]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.running = False
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # --- databases ---

    def url(self, dbname=None):
        return "postgresql://%s@127.0.0.1:%d/%s" % (SUPERUSER, self.port, dbname or self.dbname)

    def create_db(self, name):
        """Creates an empty UTF-8 database; returns its name (give it to url())."""
        self._run(self.createdb_argv() + [name])
        return name

    def env(self):
        """The variables the `run` command exports."""
        return {
            "GAZETTE_TEST_PG_URL": self.url(),
            "GAZETTE_TEST_PG_CREATEDB": shlex.join(self.createdb_argv()),
            "GAZETTE_TEST_PG_STOP": shlex.join(self.ctl_argv("stop")),
            "GAZETTE_TEST_PG_START": shlex.join(self.ctl_argv("start")),
        }


class PgReplica(PgCluster):
    """A hot standby of a running PgCluster on its own loopback port: pg_basebackup -R (streaming
    replication, WAL streamed during the copy), started; removed by stop()."""

    def __init__(self, primary, port=None):
        super().__init__(dbname=primary.dbname, bindir=primary.bindir, port=port)
        self.primary = primary

    def start(self):
        try:
            self._basebackup()
            self.start_server()
            self.wait_replayed()
        except BaseException:
            self.stop()
            raise
        return self

    def _basebackup(self):
        self.dir = tempfile.mkdtemp(prefix="gz-pg-replica-", dir="/tmp" if self.as_root else None)
        if self.as_root:
            shutil.chown(self.dir, user=self.os_user, group=self.os_user)
        os.chmod(self.dir, 0o700)
        if self.port is None:
            self.port = _free_port()
        self._run(self._as_owner([self._bin("pg_basebackup"), "-h", "127.0.0.1",
                                  "-p", str(self.primary.port), "-U", SUPERUSER,
                                  "-D", self.datadir, "-R", "-X", "stream", "-c", "fast",
                                  "--no-sync"]))
        # the copied postgresql.conf names the primary's port and socket folder: later lines win
        self._write_owned("postgresql.conf",
                          "port = %d\nunix_socket_directories = '%s'\nhot_standby = on\n"
                          "hot_standby_feedback = on\n" % (self.port, self.dir), append=True)

    def sql(self, text, on_primary=False):
        """The first column of the first row of text run with psql in the postgres database of
        the replica (or of the primary); None when no row."""
        return self.sql_db("postgres", text, on_primary)

    def sql_db(self, dbname, text, on_primary=False):
        """The same in database dbname."""
        port = self.primary.port if on_primary else self.port
        out = self._run([self._bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                         "-h", "127.0.0.1", "-p", str(port), "-U", SUPERUSER, "-d", dbname,
                         "-c", text]).strip()
        return out.splitlines()[-1] if out else None

    def replay_lsn(self):
        return _lsn(self.sql("SELECT pg_last_wal_replay_lsn()"))

    def wait_replayed(self, timeout=30.0):
        """Waits until the replica has replayed the primary's WAL as it is now."""
        want = _lsn(self.sql("SELECT pg_current_wal_lsn()", on_primary=True))
        deadline = time.monotonic() + timeout
        while True:
            try:
                got = self.replay_lsn()
                if got >= want:
                    return got
            except RuntimeError:
                got = None  # still starting
            if time.monotonic() > deadline:
                raise RuntimeError("the replica did not replay %X within %.0f s (at %r)"
                                   % (want, timeout, got))
            time.sleep(0.05)

    def pause_replay(self):
        self.sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        self.sql("SELECT pg_wal_replay_resume()")


def _lsn(text):
    """'16/B374D848' as a number."""
    hi, lo = text.split("/")
    return int(hi, 16) << 32 | int(lo, 16)


def _on_signal(signum, frame):
    raise SystemExit(128 + signum)


def main(argv):
    if len(argv) < 3 or argv[1] != "run" or "--" not in argv:
        sys.stderr.write("usage: pgcluster.py run -- CMD ARGS...\n")
        return 2
    cmd = argv[argv.index("--") + 1:]
    if not cmd:
        sys.stderr.write("pgcluster.py: no command given after --\n")
        return 2
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        cluster = PgCluster()
    except RuntimeError as e:
        sys.stderr.write("pgcluster.py: %s: skipped\n" % e)
        return 77  # meson's "skipped"
    try:
        cluster.start()
    except (RuntimeError, OSError) as e:
        sys.stderr.write("pgcluster.py: cannot start PostgreSQL: %s\n" % e)
        return 1
    try:
        env = dict(os.environ)
        env.update(cluster.env())
        return subprocess.call(cmd, env=env)
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
