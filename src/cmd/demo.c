/* `init --demo-photos`: the portal demo's articles and photographs, so that `make run` shows the
 * real look of the site (demo/photos, painted by tools/demo-photos.py, CC0). */
#include "cmd/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/paths.h"
#include "media/media-int.h"
#include "site/mediacache.h"

#define DEMO_SUBDIR "demo"

/* Copies src to dst (not replacing an existing file); 0 or -1. */
static int copy_file(const char *src, const char *dst, int64_t *bytes)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (out < 0) {
		close(in);
		return errno == EEXIST ? 0 : -1;
	}
	char chunk[65536];
	ssize_t n;
	int rc = 0;
	*bytes = 0;
	while ((n = read(in, chunk, sizeof chunk)) > 0 && rc == 0) {
		rc = write(out, chunk, (size_t)n) == n ? 0 : -1;
		*bytes += n;
	}
	if (n < 0 || close(out) != 0)
		rc = -1;
	close(in);
	return rc;
}

/* Adds one photograph to the library as "demo/NAME.jpg". */
static int add_photo(struct store *st, const char *from, const char *dir, const char *name)
{
	struct buf dst = BUF_INIT, file = BUF_INIT;
	buf_printf(&file, DEMO_SUBDIR "/%s", name);
	buf_printf(&dst, "%s/%s", dir, buf_cstr(&file));
	int64_t bytes = 0;
	int rc = copy_file(from, buf_cstr(&dst), &bytes);
	int64_t width = 0, height = 0;
	if (rc != 0 || media_image_size(buf_cstr(&dst), &width, &height) != 0) {
		rc = cmd_fail("%s: cannot copy or decode the demo photograph", from);
		goto out;
	}
	struct media m = {.file = buf_cstr(&file),
			  .thumb = "",
			  .name = name,
			  .mime = "image/jpeg",
			  .bytes = bytes,
			  .width = width,
			  .height = height,
			  .created_at = (int64_t)time(NULL)};
	int64_t id = 0;
	struct arena *a = arena_new();
	struct media old;
	bool have = store_media_get(st, a, m.file, &old) == STORE_OK;
	/* with PostgreSQL the file goes into the database (every node serves it) */
	if (mcache_put(st, a, dir, m.file, m.mime, false) != 0)
		rc = cmd_fail("cannot store the demo photograph %s in the database", name);
	else if (!have && store_media_add(st, &m, &id) != STORE_OK)
		rc = cmd_fail("cannot record the demo photograph %s", name);
	arena_free(a);
out:
	buf_free(&dst);
	buf_free(&file);
	return rc;
}

static int load_photos(struct store *st, const char *media_dir)
{
	struct buf src = BUF_INIT, dst = BUF_INIT;
	buf_printf(&src, "%s/demo/photos", paths_share());
	buf_printf(&dst, "%s/" DEMO_SUBDIR, media_dir);
	int rc = EXIT_OK;
	DIR *d = opendir(buf_cstr(&src));
	if (!d || (mkdir(buf_cstr(&dst), 0750) != 0 && errno != EEXIST)) {
		rc = cmd_fail("%s: %s", d ? buf_cstr(&dst) : buf_cstr(&src), strerror(errno));
		goto out;
	}
	struct dirent *e;
	while (rc == EXIT_OK && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".jpg") != 0)
			continue;
		struct buf from = BUF_INIT;
		buf_printf(&from, "%s/%s", buf_cstr(&src), e->d_name);
		if (add_photo(st, buf_cstr(&from), media_dir, e->d_name) != 0)
			rc = EXIT_FAIL;
		buf_free(&from);
	}
out:
	if (d)
		closedir(d);
	buf_free(&src);
	buf_free(&dst);
	return rc;
}

int cmd_demo_photos_load(struct store *st, const char *media_dir, const char *db_url)
{
	if (!media_dir)
		return cmd_fail("--demo-photos needs a media folder (--media DIR with PostgreSQL)");
	if (media_init("gazette") != 0)
		return cmd_fail("cannot start libvips");
	int rc = load_photos(st, media_dir);
	if (rc != EXIT_OK)
		return rc;
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/demo/portal.jsonl", paths_share());
	struct import_opts o = {.path = buf_cstr(&path), .label = buf_cstr(&path), .quiet = true};
	rc = cmd_import_run(st, &o);
	buf_free(&path);
	if (rc == EXIT_OK)
		rc = cmd_demo_portal_load(st, db_url);
	if (rc == EXIT_OK)
		rc = cmd_demo_widgets_load(st);
	if (rc == EXIT_OK)
		fprintf(stderr, "gazette: portal demo and its photographs loaded into %s\n",
			media_dir);
	return rc;
}
