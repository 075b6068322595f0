#!/usr/bin/env python3
"""Two builds' search answers side by side (issue 18): serves BIN_A on DB_A and BIN_B on DB_B (one
thread each, free loopback ports), asks each query of a fixed list (common and rare words, phrases,
exclusions, no diacritics, forms the generator never writes) for its first page, pages 2 and 7, in a
category and a category's page 2, and prints every page whose articles differ in set or order.
Exits 1 when one differs. For a change meant to keep the ranking (bench/gen-articles.py's database).

    bench/search/compare-answers.py BIN_A DB_A BIN_B DB_B
"""
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

QUERIES = ["nông thôn -mới", "doanh nghiệp -sản xuất", "huyện", "phong trào -thi đua",
           '"xây dựng" -đảng', "nông thôn", "giáo dục y tế", "mọi", "nóng", "kinh tế",
           "hợp tác xã", "huyện mới", "thu nhập", "mô hình hiệu quả", "xã", "đảng", "dang",
           "người dân", "Hà Nội", "nông dân sản xuất", "tỉnh ủy", "y tế", "mới", "mỗi",
           "xây dựng nông thôn mới", "cán bộ", "chính sách", "đầu tư", "phát triển kinh tế",
           "an ninh"]
EXTRAS = ["", "&page=2", "&page=7", "&category=3", "&category=5&page=2"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait(port):
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return
        except Exception:
            time.sleep(0.1)
    sys.exit(f"the server on port {port} did not answer")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    servers, ports = [], []
    for bin_, db in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
        port = free_port()
        servers.append(subprocess.Popen([bin_, "serve", "--db", db, "--listen",
                                         f"127.0.0.1:{port}", "--threads", "1"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        ports.append(port)
    try:
        for port in ports:
            wait(port)
        differ = pages = 0
        for q in QUERIES:
            for extra in EXTRAS:
                got = []
                for port in ports:
                    url = (f"http://127.0.0.1:{port}/tim-kiem?q=" + urllib.parse.quote(q)
                           + extra)
                    html = urllib.request.urlopen(url, timeout=30).read().decode()
                    got.append(re.findall(r'href="(/[^"]*-\d+\.html)"', html))
                pages += 1
                if got[0] != got[1]:
                    differ += 1
                    print(f"differs: {q!r}{extra}: {got[0][:5]} against {got[1][:5]}")
        print(f"{pages - differ} of {pages} result pages the same, {differ} differ")
        sys.exit(1 if differ else 0)
    finally:
        for s in servers:
            s.terminate()
            s.wait()


main()
