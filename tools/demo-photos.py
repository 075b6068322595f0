#!/usr/bin/env python3
"""Paints the demo site's photographs (demo/photos/*.jpg): procedural scenes (fields, lakes,
streets, halls) drawn pixel by pixel with the standard library only, so that they are the
project's own work (CC0) and need no download. Writes PPM files and converts them with libvips'
`vips` command (Debian libvips-tools), only needed to re-make the photographs:

    python3 tools/demo-photos.py demo/photos
"""
import math
import os
import random
import subprocess
import sys
import tempfile

W, H = 960, 640


def lerp(a, b, t):
    return a + (b - a) * t


def mix(c1, c2, t):
    return (lerp(c1[0], c2[0], t), lerp(c1[1], c2[1], t), lerp(c1[2], c2[2], t))


class Canvas:
    def __init__(self, rng):
        self.px = [[(0.0, 0.0, 0.0)] * W for _ in range(H)]
        self.rng = rng

    def sky(self, top, bottom, horizon):
        for y in range(H):
            c = mix(top, bottom, min(1.0, y / max(1, horizon)))
            self.px[y] = [c] * W

    def sun(self, cx, cy, r, color):
        for y in range(max(0, cy - 3 * r), min(H, cy + 3 * r)):
            row = self.px[y]
            for x in range(max(0, cx - 3 * r), min(W, cx + 3 * r)):
                d = math.hypot(x - cx, y - cy)
                if d < r:
                    row[x] = color
                elif d < 3 * r:
                    row[x] = mix(row[x], color, 0.35 * (1 - (d - r) / (2 * r)) ** 2)

    def ridge(self, base, amp, color, seed, haze=None, waves=5):
        r = random.Random(seed)
        ph = [(r.uniform(0.002, 0.02), r.uniform(0, 6.3), r.uniform(0.3, 1.0)) for _ in range(waves)]
        for x in range(W):
            h = sum(a * math.sin(f * x + p) for f, p, a in ph) / waves
            top = int(base - amp * (0.5 + h))
            for y in range(max(0, top), H):
                c = color if haze is None else mix(color, haze, 0.25 * (1 - (y - top) / 80) if y - top < 80 else 0)
                self.px[y][x] = c

    def field(self, horizon, c1, c2):
        for y in range(horizon, H):
            t = (y - horizon) / (H - horizon)
            row = self.px[y]
            for x in range(W):
                # furrows converge to a vanishing point in the middle of the horizon
                u = (x - W / 2) / (t + 0.04)
                s = 0.5 + 0.5 * math.sin(u * 0.06)
                c = mix(c1, c2, s * 0.6 + 0.2 * t)
                row[x] = mix(c, (c[0] * 0.7, c[1] * 0.75, c[2] * 0.7), (1 - t) * 0.5)

    def water(self, top, sky_top, sky_bottom):
        for y in range(top, H):
            t = (y - top) / (H - top)
            row = self.px[y]
            for x in range(W):
                ripple = 0.5 + 0.5 * math.sin(x * 0.05 + y * 0.9 + math.sin(x * 0.013) * 3)
                c = mix(sky_bottom, sky_top, t * 0.8)
                row[x] = mix(c, (c[0] * 0.8, c[1] * 0.85, c[2] * 0.9), ripple * 0.35)

    def rect(self, x0, y0, x1, y1, color, alpha=1.0):
        for y in range(max(0, int(y0)), min(H, int(y1))):
            row = self.px[y]
            for x in range(max(0, int(x0)), min(W, int(x1))):
                row[x] = color if alpha >= 1 else mix(row[x], color, alpha)

    def disc(self, cx, cy, r, color, alpha=1.0):
        for y in range(max(0, int(cy - r)), min(H, int(cy + r) + 1)):
            row = self.px[y]
            for x in range(max(0, int(cx - r)), min(W, int(cx + r) + 1)):
                d = math.hypot(x - cx, y - cy)
                if d <= r:
                    a = alpha * min(1.0, r - d)
                    row[x] = mix(row[x], color, a)

    def trees(self, base, n, color, size=(14, 34)):
        r = self.rng
        for _ in range(n):
            x = r.uniform(0, W)
            s = r.uniform(*size)
            self.rect(x - s * 0.08, base - s * 0.6, x + s * 0.08, base + 2, (60, 45, 30))
            for _ in range(5):
                self.disc(x + r.uniform(-s / 2, s / 2), base - s * 0.7 + r.uniform(-s / 3, s / 3),
                          s * r.uniform(0.35, 0.55), mix(color, (20, 40, 20), r.uniform(0, 0.4)))

    def buildings(self, base, n, palette, windows=True):
        r = self.rng
        x = -20
        while x < W:
            w = r.uniform(60, 150)
            h = r.uniform(90, 300)
            c = r.choice(palette)
            self.rect(x, base - h, x + w, base, c)
            self.rect(x, base - h, x + w, base - h + 6, mix(c, (255, 255, 255), 0.3))
            if windows:
                for wy in range(int(base - h + 18), int(base - 12), 22):
                    for wx in range(int(x + 8), int(x + w - 14), 20):
                        lit = r.random() < 0.3
                        self.rect(wx, wy, wx + 10, wy + 12, (250, 236, 180) if lit else mix(c, (40, 50, 70), 0.5))
            x += w + r.uniform(-10, 8)

    def flags(self, y0, n):
        r = self.rng
        for i in range(n):
            x = (i + 0.5) * W / n + r.uniform(-10, 10)
            self.rect(x - 1.5, y0, x + 1.5, y0 + 120, (90, 90, 90))
            self.rect(x + 1.5, y0, x + 49.5, y0 + 32, (218, 37, 29))
            self.disc(x + 25.5, y0 + 16, 7, (255, 221, 0))

    def audience(self, top, rows):
        r = self.rng
        for i in range(rows):
            t = i / max(1, rows - 1)
            y = lerp(top, H + 20, t)
            size = lerp(8, 30, t)
            x = -size
            while x < W + size:
                self.rect(x - size, y, x + size, y + size * 2.2, mix((30, 40, 70), (60, 60, 80), r.random()))
                self.disc(x, y - size * 0.3, size * 0.6, mix((35, 25, 20), (70, 55, 45), r.random()))
                x += size * 2.3 + r.uniform(0, 3)

    def grain(self, amount=10.0, vignette=0.35):
        r = self.rng
        for y in range(H):
            row = self.px[y]
            dy = (y - H / 2) / (H / 2)
            for x in range(W):
                dx = (x - W / 2) / (W / 2)
                v = 1 - vignette * (dx * dx + dy * dy) / 2
                n = r.gauss(0, amount)
                c = row[x]
                row[x] = (c[0] * v + n, c[1] * v + n, c[2] * v + n)

    def ppm(self, path):
        with open(path, 'wb') as f:
            f.write(b'P6 %d %d 255\n' % (W, H))
            for row in self.px:
                f.write(bytes(max(0, min(255, int(v))) for c in row for v in c))


def landscape(c, golden=False):
    hz = int(H * 0.45)
    c.sky((70, 130, 200) if not golden else (240, 170, 90), (200, 225, 240) if not golden else (250, 225, 170), hz)
    c.sun(int(W * 0.75), int(hz * 0.45), 26, (255, 250, 220))
    c.ridge(hz + 5, 60, (120, 150, 170), 3, haze=(200, 220, 235))
    c.trees(hz + 6, 40, (55, 95, 50), (10, 22))
    c.field(hz + 6, (95, 160, 60) if not golden else (200, 170, 60), (150, 200, 90) if not golden else (225, 200, 90))


def lake(c):
    hz = int(H * 0.5)
    top, bottom = (90, 150, 210), (215, 230, 240)
    c.sky(top, bottom, hz)
    c.ridge(hz - 20, 40, (70, 110, 70), 7)
    c.trees(hz - 10, 50, (45, 90, 45), (20, 40))
    c.rect(W * 0.55, hz - 70, W * 0.7, hz - 10, (150, 40, 35))
    c.rect(W * 0.53, hz - 85, W * 0.72, hz - 70, (90, 50, 40))
    c.water(hz, top, bottom)


def city(c, flags=False):
    hz = int(H * 0.72)
    c.sky((95, 150, 205), (210, 228, 240), hz)
    c.buildings(hz, 10, [(200, 190, 170), (170, 180, 190), (230, 220, 200), (190, 170, 150), (240, 235, 225)])
    c.rect(0, hz, W, H, (85, 85, 90))
    for x in range(0, W, 80):
        c.rect(x, hz + 60, x + 40, hz + 66, (235, 235, 235))
    c.trees(hz + 4, 12, (50, 110, 55), (26, 50))
    if flags:
        c.flags(int(H * 0.35), 9)


def hall(c):
    c.sky((150, 35, 35), (120, 25, 25), H)
    c.rect(0, 0, W, 40, (110, 20, 20))
    c.rect(W * 0.2, 70, W * 0.8, 150, (180, 40, 35))
    c.rect(W * 0.22, 95, W * 0.78, 125, (245, 210, 90), 0.8)
    c.rect(W * 0.3, 170, W * 0.7, 260, (235, 225, 210))
    c.disc(W * 0.5, 220, 26, (245, 200, 60))
    c.rect(0, 260, W, H, (170, 140, 110))
    c.audience(300, 7)


def interior(c):
    c.sky((225, 228, 232), (200, 205, 212), H)
    c.rect(0, H * 0.62, W, H, (150, 120, 95))
    for i in range(3):
        x = 120 + i * 260
        c.rect(x, 200, x + 200, 330, (40, 45, 55))
        c.rect(x + 8, 208, x + 192, 322, (70, 130, 190))
        c.rect(x + 90, 330, x + 110, 380, (60, 60, 60))
        c.rect(x - 20, 380, x + 220, 400, (120, 85, 60))
    c.audience(470, 3)


SCENES = {
    'hoi-truong': (hall, 1), 'hoi-truong-2': (hall, 2), 'canh-dong': (landscape, 3),
    'ho-nuoc': (lake, 4), 'cong-trinh': (city, 5), 'co-hoa': (lambda c: city(c, True), 6),
    'den-chua': (lake, 7), 'truong-hoc': (city, 8), 'pho-co': (lambda c: city(c, True), 9),
    'may-tinh': (interior, 10), 'cay-xanh': (lambda c: landscape(c, True), 11), 'toa-nha': (city, 12),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'demo/photos'
    os.makedirs(out, exist_ok=True)
    only = sys.argv[2:]
    for name, (paint, seed) in SCENES.items():
        if only and name not in only:
            continue
        c = Canvas(random.Random(seed))
        paint(c)
        c.grain(6.0)
        with tempfile.TemporaryDirectory() as tmp:
            ppm = os.path.join(tmp, name + '.ppm')
            c.ppm(ppm)
            subprocess.run(['vips', 'copy', ppm, os.path.join(out, name + '.jpg') + '[Q=78,strip]'],
                           check=True)
        print(name)


if __name__ == '__main__':
    main()
