/* Media files kept in the database (issue 19): stored from a file in chunks with their SHA-256,
 * read back byte for byte, replaced or kept, listed by pages, deleted; a changed or missing chunk
 * is caught. PostgreSQL keeps them; SQLite refuses (its media stay in the folder). */
#include <fcntl.h>
#include <sodium.h>

#include "fixture.h"

/* A temporary file of n bytes of a pattern of seed; returns its descriptor (unlinked). */
static int temp_file(size_t n, unsigned seed)
{
	char path[] = "/tmp/gz-blob-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	unsigned char b[4096];
	for (size_t at = 0; at < n;) {
		size_t k = n - at < sizeof b ? n - at : sizeof b;
		for (size_t i = 0; i < k; i++)
			b[i] = (unsigned char)((at + i) * 31 + seed + (at + i) / 977);
		assert_int_equal(write(fd, b, k), (ssize_t)k);
		at += k;
	}
	return fd;
}

static void sha_hex(int fd, char out[65])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char b[65536], d[32];
	ssize_t r;
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	while ((r = read(fd, b, sizeof b)) > 0)
		crypto_hash_sha256_update(&h, b, (unsigned long long)r);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* True when the two files hold the same bytes. */
static bool same_bytes(int x, int y)
{
	char hx[65], hy[65];
	sha_hex(x, hx);
	sha_hex(y, hy);
	return lseek(x, 0, SEEK_END) == lseek(y, 0, SEEK_END) && strcmp(hx, hy) == 0;
}

static void t_sqlite_refuses(void **state)
{
	struct store *st = st_of(state);
	assert_false(store_media_blobs(st));
	int fd = temp_file(10, 1);
	assert_int_equal(store_blob_put(st, "2026/12/a.png", fd, "image/png", 1, true),
			 STORE_INVALID);
	close(fd);
}

static void t_round_trip(void **state)
{
	struct store *st = st_of(state);
	if (!store_media_blobs(st))
		skip();
	struct arena *a = arena_new();
	size_t n = 2 * STORE_BLOB_CHUNK + 1234;
	int fd = temp_file(n, 7);
	char want[65];
	sha_hex(fd, want);
	assert_int_equal(store_blob_put(st, "2026/12/lon.png", fd, "image/png", 42, true),
			 STORE_OK);
	struct media_blob b;
	assert_int_equal(store_blob_stat(st, a, "2026/12/lon.png", &b), STORE_OK);
	assert_int_equal(b.bytes, (int64_t)n);
	assert_int_equal(b.chunks, 3);
	assert_string_equal(b.sha256, want);
	assert_string_equal(b.mime, "image/png");
	assert_int_equal(b.mtime, 42);
	int out = temp_file(0, 0);
	const char *why = "unset";
	assert_int_equal(store_blob_fetch(st, &b, out, &why), STORE_OK);
	assert_null(why);
	assert_true(same_bytes(fd, out));
	close(out);
	/* kept when another node stored it first; replaced on request */
	int other = temp_file(100, 9);
	assert_int_equal(store_blob_put(st, "2026/12/lon.png", other, "image/png", 43, false),
			 STORE_OK);
	assert_int_equal(store_blob_stat(st, a, "2026/12/lon.png", &b), STORE_OK);
	assert_int_equal(b.bytes, (int64_t)n);
	assert_int_equal(store_blob_put(st, "2026/12/lon.png", other, "image/png", 43, true),
			 STORE_OK);
	assert_int_equal(store_blob_stat(st, a, "2026/12/lon.png", &b), STORE_OK);
	assert_int_equal(b.bytes, 100);
	assert_int_equal(b.chunks, 1);
	assert_int_equal(store_blob_delete(st, "2026/12/lon.png"), STORE_OK);
	assert_int_equal(store_blob_stat(st, a, "2026/12/lon.png", &b), STORE_NOTFOUND);
	close(other);
	close(fd);
	arena_free(a);
}

static void t_empty_file(void **state)
{
	struct store *st = st_of(state);
	if (!store_media_blobs(st))
		skip();
	struct arena *a = arena_new();
	int fd = temp_file(0, 0);
	assert_int_equal(store_blob_put(st, "rong.bin", fd, "application/octet-stream", 1, true),
			 STORE_OK);
	struct media_blob b;
	assert_int_equal(store_blob_stat(st, a, "rong.bin", &b), STORE_OK);
	assert_int_equal(b.bytes, 0);
	const char *why = NULL;
	assert_int_equal(store_blob_check(st, &b, &why), STORE_OK);
	close(fd);
	arena_free(a);
}

static void t_damage_is_caught(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	if (!store_media_blobs(st))
		skip();
	struct arena *a = arena_new();
	int fd = temp_file(STORE_BLOB_CHUNK * 2 + 10, 3);
	assert_int_equal(store_blob_put(st, "hong.png", fd, "image/png", 1, true), STORE_OK);
	struct media_blob b;
	assert_int_equal(store_blob_stat(st, a, "hong.png", &b), STORE_OK);
	const char *why = NULL;
	assert_int_equal(store_blob_check(st, &b, &why), STORE_OK);
	raw_sql(c, "UPDATE media_blobs SET data = overlay(data placing '\\x00'::bytea from 5) "
		   "WHERE path = 'hong.png' AND seq = 1");
	assert_int_equal(store_blob_check(st, &b, &why), STORE_INVALID);
	assert_non_null(strstr(why, "SHA-256"));
	raw_sql(c, "DELETE FROM media_blobs WHERE path = 'hong.png' AND seq = 1");
	assert_int_equal(store_blob_check(st, &b, &why), STORE_INVALID);
	assert_string_equal(why, "a chunk is missing");
	close(fd);
	arena_free(a);
}

static void t_list_by_pages(void **state)
{
	struct store *st = st_of(state);
	if (!store_media_blobs(st))
		skip();
	const char *paths[] = {".thumbs/c240/a.png.jpg", "2026/01/b.png", "2026/01/a.png",
			       "documents/x.pdf", "2025/12/z.gif"};
	int fd = temp_file(10, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(store_blob_put(st, paths[i], fd, "image/png", 1, true), STORE_OK);
	const char *want[] = {".thumbs/c240/a.png.jpg", "2025/12/z.gif", "2026/01/a.png",
			      "2026/01/b.png", "documents/x.pdf"};
	char after[64] = "";
	size_t seen = 0;
	for (int page = 0; page < 4; page++) {
		struct arena *a = arena_new();
		struct media_blob *rows;
		size_t n = 0;
		assert_int_equal(store_blob_list(st, a, after, 2, &rows, &n), STORE_OK);
		for (size_t i = 0; i < n; i++)
			assert_string_equal(rows[i].path, want[seen++]);
		if (n)
			snprintf(after, sizeof after, "%s", rows[n - 1].path);
		arena_free(a);
	}
	assert_int_equal(seen, 5);
	close(fd);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_round_trip, setup, teardown),                            \
	    cmocka_unit_test_setup_teardown(t_empty_file, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_damage_is_caught, setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(t_list_by_pages, setup, teardown)

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest sqlite_cases[] = {
	    cmocka_unit_test_setup_teardown(t_sqlite_refuses, setup_sqlite, teardown)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("blobs-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("blobs-postgresql", pg_cases, NULL, NULL);
	return failed;
}
