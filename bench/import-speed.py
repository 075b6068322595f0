#!/usr/bin/env python3
"""`gazette import` speed on SQLite and on PostgreSQL (issue 18: at least 1,000 articles/s on both).

    python3 bench/import-speed.py [--articles N] [--runs R] [--bin build/src/gazette]
                                  [--backends sqlite,pg] [--pg-setting NAME=VALUE]...

Writes N articles with bench/gen-articles.py (deterministic, 2-5 KB of Vietnamese body each), then
for each backend and each run: a fresh database (`gazette init`; PostgreSQL: a throw-away cluster of
tests/support/pgcluster.py, fsync off as in the tests), then `gazette import` of the file, timed.
Prints per run the wall time, the importer's CPU (user + system, from wait4), the PostgreSQL
server's CPU over the import (utime + stime of the postmaster's children, live and reaped, from
/proc) and articles per second of wall time and per CPU-second (client + server). The machine is
shared: CPU per article is the steadier figure.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))

TICK = os.sysconf("SC_CLK_TCK")


def proc_times(pid):
    """(own utime+stime, reaped children's cutime+cstime) of pid in seconds, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # fields[0] is the state (field 3); utime is field 14 -> index 11
    ut, st, cut, cst = (int(x) for x in fields[11:15])
    return (ut + st) / TICK, (cut + cst) / TICK


def server_cpu(postmaster):
    """CPU seconds used so far by a PostgreSQL server: the postmaster, its live children and the
    children it has reaped."""
    own = proc_times(postmaster)
    if own is None:
        return 0.0
    total = own[0] + own[1]
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            t = proc_times(int(name))
            if t:
                total += t[0]
    return total


def run_timed(argv, env=None):
    """Runs argv; returns (exit status, wall seconds, CPU seconds of the process, stderr)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, wall, ru.ru_utime + ru.ru_stime, err.decode(errors="replace")


def check(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit("%s failed:\n%s" % (" ".join(argv), r.stdout))


def import_sqlite(gz, data, tmp):
    path = os.path.join(tmp, "bench.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    check([gz, "init", "--db", "sqlite:" + path])
    rc, wall, cpu, err = run_timed([gz, "import", "--db", "sqlite:" + path, data])
    if rc != 0:
        sys.exit("import failed:\n" + err)
    return wall, cpu, 0.0


def import_pg(gz, data, tmp, settings=()):
    from pgcluster import PgCluster
    with PgCluster(settings=settings) as pg:
        url = pg.url()
        check([gz, "init", "--db", url])
        with open(os.path.join(pg.datadir, "postmaster.pid")) as f:
            postmaster = int(f.readline())
        s0 = server_cpu(postmaster)
        rc, wall, cpu, err = run_timed([gz, "import", "--db", url, data])
        time.sleep(1)  # the backend ends after the client; the postmaster then reaps it
        server = server_cpu(postmaster) - s0
        if rc != 0:
            sys.exit("import failed:\n" + err)
        out = subprocess.run([os.path.join(pg.bindir, "psql"), "-At", url, "-c",
                              "SELECT count(*) FROM search_docs"], stdout=subprocess.PIPE,
                             text=True).stdout.strip()
        print("#   (search_docs rows after the import: %s)" % out)
    return wall, cpu, server


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--bin", action="append",
                    help="gazette binary (default build/src/gazette); give it twice or more to "
                         "compare builds: each round runs them in turn")
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--pg-setting", action="append", default=[], metavar="NAME=VALUE",
                    help="a postgresql.conf setting for the throw-away cluster (repeatable), "
                         "e.g. shared_buffers=2GB; the tests' defaults otherwise")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gz-import-bench-")
    data = os.path.join(tmp, "articles.jsonl")
    with open(data, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "gen-articles.py"),
                        str(args.articles)], stdout=f, check=True)
    bins = args.bin or [os.path.join(ROOT, "build", "src", "gazette")]
    print("# %d articles (%.1f MB), load average %.1f" % (
        args.articles, os.path.getsize(data) / 1e6, os.getloadavg()[0]))
    for i, b in enumerate(bins):
        print("# build %d: %s" % (i + 1, b))
    if args.pg_setting:
        print("# PostgreSQL settings: %s" % ", ".join(args.pg_setting))
    print("%-8s %5s %4s %8s %9s %9s %11s %10s %10s" % (
        "backend", "build", "run", "wall s", "client s", "server s", "art/s wall", "art/CPU-s",
        "ms CPU/art"))
    for backend in args.backends.split(","):
        for run in range(1, args.runs + 1):
            for i, b in enumerate(bins):
                if backend == "sqlite":
                    wall, cpu, server = import_sqlite(b, data, tmp)
                else:
                    wall, cpu, server = import_pg(b, data, tmp, [
                        "%s = '%s'" % tuple(x.split("=", 1)) for x in args.pg_setting])
                n = args.articles
                print("%-8s %5d %4d %8.2f %9.2f %9.2f %11.0f %10.0f %10.2f" % (
                    backend, i + 1, run, wall, cpu, server, n / wall, n / (cpu + server),
                    1000 * (cpu + server) / n), flush=True)
    for name in os.listdir(tmp):
        os.unlink(os.path.join(tmp, name))
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
