/* The page cache's hash (src/site/cache.c cache_hash_bytes) against its former one, 8 bytes a step
 * in one lane, on a 16 KB page: CPU microseconds a hash, three rounds (issue 18,
 * docs/BENCHMARKS.md).
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Isrc bench/hash-bytes.c src/site/cache.c src/core/buf.c \
 *      $(pkg-config --libs zlib) -lpthread -o /tmp/hash-bytes && /tmp/hash-bytes */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "site/cache.h"

/* the hash before 5b09a48: one lane */
static uint64_t old_hash(uint64_t h, const char *s, size_t n)
{
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	for (; n; s++, n--)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
	static char buf[16384];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)(i * 131 + 7);
	uint64_t x = 0;
	for (int r = 0; r < 3; r++) {
		double t0 = now();
		for (int i = 0; i < 20000; i++)
			x += old_hash(i, buf, sizeof buf);
		double t1 = now();
		for (int i = 0; i < 20000; i++)
			x += cache_hash_bytes(i, buf, sizeof buf);
		double t2 = now();
		printf("16 KB: old %.2f us, new %.2f us\n", (t1 - t0) / 20000 * 1e6,
		       (t2 - t1) / 20000 * 1e6);
	}
	return (int)(x & 1);
}
