#!/usr/bin/python3
# Parses Prometheus text (standard input) with Debian's python3-prometheus-client, an exposition
# parser independent of Gazette's writer, and prints what it read as JSON on standard output:
# [{"name", "type", "samples": [[name, {labels}, value], ...]}, ...]. Run with /usr/bin/python3.
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    out = []
    for fam in text_string_to_metric_families(sys.stdin.read()):
        samples = []
        for s in fam.samples:
            v = s.value
            samples.append([s.name, dict(s.labels), 'Inf' if math.isinf(v) else v])
        out.append({'name': fam.name, 'type': fam.type, 'samples': samples})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
