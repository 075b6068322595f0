/* Media files kept in the database in chunks (store.h "media files kept in the database"): the
 * streaming and the checksums are here, each backend only runs the statements. */
#include "store/store-int.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHA_HEX (crypto_hash_sha256_BYTES * 2 + 1)

bool store_media_blobs(const struct store *st)
{
	return st->ops->blob_begin != NULL;
}

/* Reads up to len bytes (fewer only at the end of the file); -1 on a read error. */
static ssize_t read_full(int fd, unsigned char *p, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, p + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int write_full(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The chunks of the file on fd, written on connection c inside its transaction. */
static enum store_rc put_on(const struct store *st, struct store_conn *c, const char *path, int fd,
			    const char *mime, int64_t mtime, bool replace)
{
	bool taken = false;
	enum store_rc rc = st->ops->blob_begin(c, path, mime, mtime, replace, &taken);
	if (rc != STORE_OK || !taken)
		return rc;
	unsigned char *chunk = malloc(STORE_BLOB_CHUNK);
	if (!chunk)
		return STORE_ERROR;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	int64_t bytes = 0, seq = 0;
	if (lseek(fd, 0, SEEK_SET) != 0)
		rc = STORE_ERROR;
	while (rc == STORE_OK) {
		ssize_t n = read_full(fd, chunk, STORE_BLOB_CHUNK);
		if (n < 0) {
			rc = STORE_ERROR;
			break;
		}
		if (n == 0 && seq > 0)
			break;
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)n);
		rc = st->ops->blob_write(c, path, seq++, chunk, (size_t)n);
		bytes += n;
		if (n < STORE_BLOB_CHUNK)
			break;
	}
	free(chunk);
	if (rc == STORE_OK) {
		unsigned char d[crypto_hash_sha256_BYTES];
		char hex[SHA_HEX];
		crypto_hash_sha256_final(&h, d);
		sodium_bin2hex(hex, sizeof hex, d, sizeof d);
		rc = st->ops->blob_end(c, path, bytes, seq, hex);
	}
	return rc;
}

enum store_rc store_blob_put(struct store *st, const char *path, int fd, const char *mime,
			     int64_t mtime, bool replace)
{
	if (!store_media_blobs(st))
		return STORE_INVALID;
	IN_TX(st, put_on(st, c, path, fd, mime, mtime, replace));
}

enum store_rc store_blob_stat(struct store *st, struct arena *a, const char *path,
			      struct media_blob *out)
{
	if (!store_media_blobs(st))
		return STORE_INVALID;
	ON_CONN(st, st->ops->blob_stat(c, a, path, out));
}

/* Reads every chunk of b on c, hashing, and writes each to fd when fd >= 0. */
static enum store_rc read_on(const struct store *st, struct store_conn *c,
			     const struct media_blob *b, int fd, const char **why)
{
	struct buf chunk = BUF_INIT;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	int64_t bytes = 0;
	enum store_rc rc = STORE_OK;
	*why = NULL;
	for (int64_t seq = 0; rc == STORE_OK && seq < b->chunks; seq++) {
		buf_reset(&chunk);
		rc = st->ops->blob_read(c, b->path, seq, &chunk);
		if (rc == STORE_NOTFOUND && seq > 0) {
			*why = "a chunk is missing";
			rc = STORE_INVALID;
		}
		if (rc != STORE_OK)
			break;
		if (chunk.len > STORE_BLOB_CHUNK ||
		    (seq + 1 < b->chunks && chunk.len != STORE_BLOB_CHUNK)) {
			*why = "a chunk has the wrong size";
			rc = STORE_INVALID;
			break;
		}
		crypto_hash_sha256_update(&h, (const unsigned char *)chunk.data,
					  (unsigned long long)chunk.len);
		bytes += (int64_t)chunk.len;
		if (fd >= 0 && chunk.len && write_full(fd, chunk.data, chunk.len) != 0) {
			*why = "the local copy cannot be written";
			rc = STORE_ERROR;
		}
	}
	buf_free(&chunk);
	if (rc != STORE_OK)
		return rc;
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[SHA_HEX];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	if (bytes != b->bytes) {
		*why = "its size differs from the size recorded";
		return STORE_INVALID;
	}
	if (strcmp(hex, b->sha256) != 0) {
		*why = "its SHA-256 differs from the checksum recorded";
		return STORE_INVALID;
	}
	return STORE_OK;
}

enum store_rc store_blob_fetch(struct store *st, const struct media_blob *b, int fd,
			       const char **why)
{
	*why = NULL;
	if (!store_media_blobs(st))
		return STORE_INVALID;
	ON_CONN(st, read_on(st, c, b, fd, why));
}

enum store_rc store_blob_check(struct store *st, const struct media_blob *b, const char **why)
{
	return store_blob_fetch(st, b, -1, why);
}

enum store_rc store_blob_delete(struct store *st, const char *path)
{
	if (!store_media_blobs(st))
		return STORE_INVALID;
	ON_CONN(st, st->ops->blob_delete(c, path));
}

enum store_rc store_blob_list(struct store *st, struct arena *a, const char *after, int64_t limit,
			      struct media_blob **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!store_media_blobs(st))
		return STORE_INVALID;
	ON_CONN(st, st->ops->blob_list(c, a, after ? after : "", limit, out, n));
}
