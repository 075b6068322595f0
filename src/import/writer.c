/* The shared import writer: categories, accounts, media, articles and redirects, keyed by old ids.
 */
#include "import/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/oldurl.h"
#include "import/wpbody.h"
#include "media/media.h"
#include "sanitize/sanitize.h"
#include "store/widgets.h"
#include "vi/legacy.h"
#include "vi/vi.h"

#define IW_SLOTS 8
#define IW_SKIPS_LISTED 50
#define IW_MEDIA_MAX_BYTES (64L << 20)

struct import_writer {
	struct store *st;
	struct iw_opts o;
	long counts[IW_COUNT_MAX];
	struct buf slot[IW_SLOTS];
	struct buf key, tmp;
	struct arena *files; /* media written this run, to remove on rollback */
	struct media_saved *saved;
	size_t nsaved, saved_cap;
	char *skips[IW_SKIPS_LISTED], *notes[IW_SKIPS_LISTED];
	size_t nskips, nnotes;
	long notes_total;
	char **kept; /* files iw_keep_file took, to remove on rollback */
	size_t nkept, kept_cap;
	char *redirect_val;
	char **lines; /* iw_line's, all listed */
	size_t nlines, lines_cap;
};

static const char *const count_names[IW_COUNT_MAX] = {
    "articles new",
    "articles updated",
    "articles unchanged",
    "pages",
    "documents new",
    "documents updated",
    "documents unchanged",
    "document files",
    "categories",
    "tags",
    "accounts",
    "media",
    "media missing",
    "redirects",
    "comments (not imported)",
    "featured",
    "albums (from [gallery])",
    "fields re-encoded (TCVN3/VNI)",
    "units",
    "people",
    "questions and answers",
    "polls",
    "unchanged (org, Q&A, polls)",
    "skipped",
};

struct import_writer *iw_new(struct store *st, const struct iw_opts *o)
{
	struct import_writer *w = xcalloc(1, sizeof *w);
	w->st = st;
	w->o = *o;
	w->files = arena_new();
	return w;
}

/* With PostgreSQL, a saved file goes into the database too (every node serves it, issue 19). */
static int push_file(struct import_writer *w, const char *rel, const char *mime)
{
	if (!store_media_blobs(w->st))
		return 0;
	char *path = arena_printf(w->files, "%s/%s", w->o.media_dir, rel);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat sb;
	enum store_rc rc =
	    fstat(fd, &sb) == 0
		? store_blob_put(w->st, rel, fd, mime ? mime : "application/octet-stream",
				 (int64_t)sb.st_mtime, true)
		: STORE_ERROR;
	close(fd);
	return rc == STORE_OK ? 0 : -1;
}

const struct iw_opts *iw_options(const struct import_writer *w)
{
	return &w->o;
}

void iw_set_store(struct import_writer *w, struct store *st)
{
	w->st = st;
}

void iw_discard_files(struct import_writer *w)
{
	for (size_t i = 0; i < w->nsaved && w->o.media_dir; i++)
		media_remove(w->files, w->o.media_dir, &w->saved[i]);
	w->nsaved = 0;
	for (size_t i = 0; i < w->nkept && w->o.media_dir; i++) {
		char *path = arena_printf(w->files, "%s/%s", w->o.media_dir, w->kept[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			fprintf(stderr, "gazette: cannot remove '%s': %s\n", path, strerror(errno));
	}
	w->nkept = 0;
}

int iw_keep_file(struct import_writer *w, const char *rel, const char *mime)
{
	if (w->nkept == w->kept_cap) {
		w->kept_cap = w->kept_cap ? w->kept_cap * 2 : 16;
		w->kept = xrealloc(w->kept, w->kept_cap * sizeof *w->kept);
	}
	w->kept[w->nkept++] = arena_strdup(w->files, rel);
	return push_file(w, rel, mime);
}

void iw_free(struct import_writer *w)
{
	if (!w)
		return;
	for (int i = 0; i < IW_SLOTS; i++)
		buf_free(&w->slot[i]);
	buf_free(&w->key);
	buf_free(&w->tmp);
	for (size_t i = 0; i < w->nskips; i++)
		free(w->skips[i]);
	for (size_t i = 0; i < w->nnotes; i++)
		free(w->notes[i]);
	free(w->kept);
	free(w->saved);
	free(w->redirect_val);
	for (size_t i = 0; i < w->nlines; i++)
		free(w->lines[i]);
	free(w->lines);
	arena_free(w->files);
	free(w);
}

void iw_count(struct import_writer *w, enum iw_count c, long n)
{
	if (c < IW_COUNT_MAX)
		w->counts[c] += n;
}

long iw_get_count(const struct import_writer *w, enum iw_count c)
{
	return c < IW_COUNT_MAX ? w->counts[c] : 0;
}

void iw_skip(struct import_writer *w, const char *what, const char *why)
{
	w->counts[IW_SKIPPED]++;
	if (w->nskips < IW_SKIPS_LISTED) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s: %s", what, why);
		w->skips[w->nskips++] = buf_detach(&b);
	}
}

void iw_note(struct import_writer *w, const char *what, const char *why)
{
	w->notes_total++;
	if (w->nnotes < IW_SKIPS_LISTED) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s: %s", what, why);
		w->notes[w->nnotes++] = buf_detach(&b);
	}
}

void iw_line(struct import_writer *w, const char *line)
{
	if (w->nlines == w->lines_cap) {
		w->lines_cap = w->lines_cap ? w->lines_cap * 2 : 8;
		w->lines = xrealloc(w->lines, w->lines_cap * sizeof *w->lines);
	}
	w->lines[w->nlines++] = xstrdup(line);
}

void iw_report(const struct import_writer *w, FILE *f, const char *label, double seconds)
{
	fprintf(f, "gazette: imported %s in %.1f s\n", label, seconds);
	for (int i = 0; i < IW_COUNT_MAX; i++)
		fprintf(f, "  %-30s %ld\n", count_names[i], w->counts[i]);
	for (size_t i = 0; i < w->nlines; i++)
		fprintf(f, "  %s\n", w->lines[i]);
	for (size_t i = 0; i < w->nskips; i++)
		fprintf(f, "  skipped %s\n", w->skips[i]);
	if (w->counts[IW_SKIPPED] > (long)w->nskips)
		fprintf(f, "  ... and %ld more skipped\n", w->counts[IW_SKIPPED] - (long)w->nskips);
	for (size_t i = 0; i < w->nnotes; i++)
		fprintf(f, "  note %s\n", w->notes[i]);
	if (w->notes_total > (long)w->nnotes)
		fprintf(f, "  ... and %ld more notes\n", w->notes_total - (long)w->nnotes);
}

const char *iw_text(struct import_writer *w, int slot, const char *s)
{
	if (slot < 0 || slot >= IW_SLOTS || !s)
		return s ? s : "";
	struct buf *b = &w->slot[slot];
	buf_reset(b);
	size_t n = strlen(s);
	if (w->o.fix_encoding) {
		enum vi_legacy enc = vi_legacy_fix(s, n, b);
		if (enc == VI_LEGACY_TCVN3 || enc == VI_LEGACY_VNI)
			w->counts[IW_ENCODING_FIXED]++;
		if (enc != VI_LEGACY_NONE)
			return buf_cstr(b);
	} else if (!vi_utf8_valid(s, n)) {
		vi_legacy_decode(VI_LEGACY_CP1252, s, n, b);
		return buf_cstr(b);
	}
	return s;
}

/* ---- Old keys and redirects (store tables import_keys and redirects) ---- */

static const char *map_key(struct import_writer *w, const char *kind, const char *old_key)
{
	buf_reset(&w->key);
	buf_printf(&w->key, "%s:%s:%s", w->o.source, kind, old_key);
	return buf_cstr(&w->key);
}

/* The id and (into w->tmp) the value an old key maps to; 0 when unknown. */
static int64_t map_lookup(struct import_writer *w, const char *kind, const char *old_key)
{
	struct arena *a = arena_new();
	const char *v = NULL;
	int64_t id = 0;
	buf_reset(&w->tmp);
	if (store_import_key_get(w->st, a, map_key(w, kind, old_key), &id, &v) != STORE_OK)
		id = 0;
	else if (v)
		buf_puts(&w->tmp, v);
	arena_free(a);
	return id > 0 ? id : 0;
}

int64_t iw_map_get(struct import_writer *w, const char *kind, const char *old_key)
{
	return map_lookup(w, kind, old_key);
}

int iw_map_put(struct import_writer *w, const char *kind, const char *old_key, int64_t id)
{
	return store_import_key_set(w->st, map_key(w, kind, old_key), id, "") == STORE_OK ? 0 : -1;
}

int64_t iw_map_get_value(struct import_writer *w, const char *kind, const char *old_key,
			 const char **value)
{
	int64_t id = map_lookup(w, kind, old_key);
	*value = buf_cstr(&w->tmp);
	return id;
}

int iw_map_put_value(struct import_writer *w, const char *kind, const char *old_key, int64_t id,
		     const char *value)
{
	enum store_rc rc = store_import_key_set(w->st, map_key(w, kind, old_key), id, value);
	return rc == STORE_OK ? 0 : -1;
}

void iw_redirect_key(const char *old, struct buf *out)
{
	oldurl_key(old, out);
}

const char *iw_redirect_get(struct import_writer *w, const char *old)
{
	buf_reset(&w->key);
	oldurl_key(old, &w->key);
	if (w->key.len == 0)
		return NULL;
	struct arena *a = arena_new();
	const char *v = NULL;
	free(w->redirect_val);
	w->redirect_val = NULL;
	if (store_redirect_get(w->st, a, buf_cstr(&w->key), &v) == STORE_OK && v)
		w->redirect_val = xstrdup(v);
	arena_free(a);
	return w->redirect_val;
}

int iw_redirect(struct import_writer *w, const char *old, const char *target)
{
	buf_reset(&w->key);
	oldurl_key(old, &w->key);
	if (w->key.len == 0 || strcmp(buf_cstr(&w->key), target) == 0)
		return 0; /* not an address, or the same as its target */
	if (store_redirect_set(w->st, buf_cstr(&w->key), target) != STORE_OK)
		return -1;
	w->counts[IW_REDIRECTS]++;
	return 0;
}

/* ---- Categories and accounts ---- */

/* The stored position of category id among its siblings (0 when it is not found). */
static int category_position(struct import_writer *w, int64_t id)
{
	struct arena *a = arena_new();
	struct category *cats = NULL;
	size_t n = 0;
	int pos = 0;
	if (store_categories(w->st, a, &cats, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++)
			if (cats[i].id == id)
				pos = cats[i].position;
	arena_free(a);
	return pos;
}

int64_t iw_category(struct import_writer *w, const char *old_key, int64_t parent, const char *name,
		    const char *slug)
{
	int64_t id = iw_map_get(w, "cat", old_key);
	struct buf s = BUF_INIT;
	vi_slug(*slug ? slug : name, strlen(*slug ? slug : name), 80, &s);
	if (!s.len)
		buf_puts(&s, "chuyen-muc");
	if (id) {
		/* Renamed or moved at the source: follow it; the position stays (the newsroom's
		 * order, or the imported menu's). */
		if (store_category_update(w->st, id, parent, name, buf_cstr(&s),
					  category_position(w, id)) != STORE_OK)
			id = 0;
	}
	if (!id && store_category_ensure(w->st, parent, name, buf_cstr(&s), &id) != STORE_OK)
		id = 0;
	if (id && iw_map_put(w, "cat", old_key, id) != 0)
		id = 0;
	if (id)
		w->counts[IW_CATEGORIES]++;
	buf_free(&s);
	return id;
}

int64_t iw_account(struct import_writer *w, const char *old_key, const char *login,
		   const char *display_name, const char *role)
{
	int64_t id = iw_map_get(w, "user", old_key);
	struct arena *a = arena_new();
	struct user u;
	if (!id && store_user_get(w->st, a, login, &u) == STORE_OK)
		id = u.id; /* an account of that name already exists: use it as it is */
	else if (!id && store_user_add(w->st, login, display_name, role, "", &id) == STORE_OK)
		store_user_update(w->st, id, display_name, role, true);
	arena_free(a);
	if (id && iw_map_put(w, "user", old_key, id) != 0)
		return 0;
	if (id)
		w->counts[IW_ACCOUNTS]++;
	return id;
}

/* ---- Media ---- */

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len < IW_MEDIA_MAX_BYTES)
		buf_append(out, chunk, n);
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

/* "/media/FILE" of media copied by this or an earlier run, or NULL. Borrowed (w->tmp). */
static const char *media_url_of(struct import_writer *w, const char *old_key)
{
	if (!map_lookup(w, "media", old_key) || w->tmp.len == 0)
		return NULL;
	char *file = buf_detach(&w->tmp);
	buf_printf(&w->tmp, "/media/%s", file);
	free(file);
	return buf_cstr(&w->tmp);
}

static bool safe_rel(const char *rel)
{
	return *rel && rel[0] != '/' && !strstr(rel, "..");
}

/* A file that cannot be used: listed and skipped (1) with --skip-missing-media, else the run's
 * error (-1). A skipped file leaves err as it was: the caller goes on. */
static int media_unusable(struct import_writer *w, struct buf *why, struct buf *err)
{
	if (w->o.skip_missing_media) {
		iw_skip(w, "media", buf_cstr(why));
		return 1;
	}
	buf_puts(err, buf_cstr(why));
	return -1;
}

int iw_media(struct import_writer *w, const char *old_key, const char *rel, const char **url,
	     struct buf *err)
{
	if ((*url = media_url_of(w, old_key)) != NULL)
		return 0; /* copied by an earlier run */
	struct buf path = BUF_INIT, data = BUF_INIT, why = BUF_INIT;
	int rc = -1;
	if (w->o.uploads && safe_rel(rel))
		buf_printf(&path, "%s/%s", w->o.uploads, rel);
	if (!path.len || read_file(buf_cstr(&path), &data) != 0) {
		w->counts[IW_MEDIA_MISSING]++;
		buf_printf(&why, "missing media file '%s'%s", rel,
			   w->o.uploads ? "" : " (no --uploads folder given)");
		rc = media_unusable(w, &why, err);
		goto out;
	}
	if (!w->o.media_dir) {
		buf_printf(err, "no media folder to copy '%s' into (use --media DIR)", rel);
		goto out;
	}
	struct media_saved s;
	enum media_rc mrc =
	    media_save(w->files, w->o.media_dir, data.data, data.len, (int64_t)time(NULL), &s);
	if (mrc != MEDIA_OK) {
		buf_printf(&why, "media file '%s' is not a usable image (JPEG, PNG, GIF or WebP)",
			   rel);
		rc = media_unusable(w, &why, err);
		goto out;
	}
	if (w->nsaved == w->saved_cap) {
		w->saved_cap = w->saved_cap ? w->saved_cap * 2 : 16;
		w->saved = xrealloc(w->saved, w->saved_cap * sizeof *w->saved);
	}
	w->saved[w->nsaved++] = s;
	if (push_file(w, s.file, s.mime) != 0 ||
	    push_file(w, s.thumb, media_type_of(s.thumb)) != 0) {
		buf_printf(err, "media file '%s' could not be stored in the database", rel);
		goto out;
	}
	const char *base = strrchr(rel, '/');
	struct media m = {.file = s.file,
			  .thumb = s.thumb,
			  .name = base ? base + 1 : rel,
			  .mime = s.mime,
			  .bytes = (int64_t)data.len,
			  .width = s.width,
			  .height = s.height};
	int64_t id = 0;
	if (store_media_add(w->st, &m, &id) != STORE_OK ||
	    store_import_key_set(w->st, map_key(w, "media", old_key), id, s.file) != STORE_OK) {
		buf_puts(err, "the database refused a media row");
		goto out;
	}
	w->counts[IW_MEDIA]++;
	*url = media_url_of(w, old_key);
	rc = 0;
out:
	buf_free(&path);
	buf_free(&data);
	buf_free(&why);
	return rc;
}

/* ---- Articles ---- */

void iw_article_url(struct buf *out, const char *slug, int64_t id)
{
	if (*slug)
		buf_printf(out, "/%s-%lld.html", slug, (long long)id);
	else
		buf_printf(out, "/bai-viet-%lld.html", (long long)id);
}

void iw_category_url(struct import_writer *w, int64_t id, struct buf *out)
{
	struct arena *a = arena_new();
	struct category *cats = NULL;
	size_t n = 0;
	const char *chain[16];
	size_t depth = 0;
	if (store_categories(w->st, a, &cats, &n) == STORE_OK)
		while (id && depth < 16) {
			size_t i = 0;
			while (i < n && cats[i].id != id)
				i++;
			if (i == n)
				break;
			chain[depth++] = cats[i].slug;
			id = cats[i].parent_id;
		}
	buf_puts(out, "/chuyen-muc/");
	while (depth)
		buf_printf(out, "%s/", chain[--depth]);
	arena_free(a);
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* True when the stored article already says everything p says. */
static bool unchanged(const struct article *a, const struct article_put *p, bool featured)
{
	if (a->category_id != p->category_id || a->status != p->status ||
	    a->published_at != p->published_at || a->expires_at != p->expires_at ||
	    a->featured != featured || (p->set_views && a->views != p->views))
		return false;
	if (!same_str(a->title, p->title) || !same_str(a->slug, p->slug) ||
	    !same_str(a->lead, p->lead) || !same_str(a->body_html, p->body_html) ||
	    !same_str(a->author, p->author) || !same_str(a->source, p->source) ||
	    !same_str(a->signature, p->signature))
		return false;
	/* the same set of tags (a name given twice is stored once) */
	for (size_t i = 0; i < p->ntags; i++) {
		bool found = false;
		for (size_t j = 0; j < a->ntags && !found; j++)
			found = strcmp(a->tags[j], p->tags[i]) == 0;
		if (!found)
			return false;
	}
	for (size_t j = 0; j < a->ntags; j++) {
		bool found = false;
		for (size_t i = 0; i < p->ntags && !found; i++)
			found = strcmp(a->tags[j], p->tags[i]) == 0;
		if (!found)
			return false;
	}
	return true;
}

int iw_album(struct import_writer *w, const char *old_key, const char *title,
	     const char *const *urls, size_t n)
{
	if (iw_map_get(w, "album", old_key))
		return 0;
	struct arena *a = arena_new();
	struct album_photo *photos = arena_alloc(a, (n ? n : 1) * sizeof(*photos));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct media m;
		if (strncmp(urls[i], "/media/", 7) != 0 ||
		    store_media_get(w->st, a, urls[i] + 7, &m) != STORE_OK)
			continue;
		photos[k++] = (struct album_photo){.file = m.file, .thumb = m.thumb, .caption = ""};
	}
	int rc = 0;
	if (k > 0) {
		struct album al = {.title = title,
				   .cover = photos[0].thumb,
				   .created_at = (int64_t)time(NULL),
				   .photos = photos,
				   .nphotos = k};
		int64_t id = 0;
		rc = store_album_add(w->st, &al, &id) == STORE_OK &&
			     iw_map_put(w, "album", old_key, id) == 0
			 ? 0
			 : -1;
		if (rc == 0)
			w->counts[IW_ALBUMS]++;
	}
	arena_free(a);
	return rc;
}

int iw_article(struct import_writer *w, const char *old_key, struct article_put *p, bool featured,
	       int64_t *id, const char **url, struct buf *err)
{
	struct safe_html *clean = NULL;
	const char *raw = p->body_html ? p->body_html : "";
	if (sanitize_html(raw, strlen(raw), &clean) != 0) {
		buf_puts(err, "the body is not valid UTF-8");
		return -1;
	}
	p->body_html = safe_html_str(clean);
	p->id = iw_map_get(w, "article", old_key);
	p->no_revision = true;
	struct arena *a = arena_new();
	struct article cur;
	int rc = -1;
	enum store_rc src;
	if (p->id && store_article_get(w->st, a, p->id, &cur) != STORE_OK)
		p->id = 0; /* deleted in Gazette since: import it again */
	bool is_new = p->id == 0;
	if (!is_new && !p->image.src)
		p->image = cur.image; /* the old site has none: keep what the newsroom chose */
	if (!is_new && p->set_views && cur.views > p->views)
		p->views =
		    cur.views; /* counted here since the last run: an import again keeps them */
	if (p->status == ARTICLE_PUBLISHED && !p->published_at)
		/* no date at the source: published when first imported, as WordPress dates such a
		 * post when it is written (without a time the lists would never show it) */
		p->published_at =
		    !is_new && cur.published_at ? cur.published_at : (int64_t)time(NULL);
	if (!is_new && unchanged(&cur, p, featured)) {
		w->counts[IW_ARTICLES_UNCHANGED]++;
		*id = p->id;
		rc = 0;
	} else if ((src = store_article_put(w->st, p, is_new ? id : NULL)) != STORE_OK) {
		buf_printf(err, "the database refused the article (%s)", store_rc_str(src));
	} else {
		if (!is_new)
			*id = p->id;
		if (iw_map_put(w, "article", old_key, *id) != 0 ||
		    (featured != (!is_new && cur.featured) &&
		     store_article_set_featured(w->st, *id, featured) != STORE_OK)) {
			buf_puts(err, "the database refused the article's key or featured flag");
		} else {
			w->counts[is_new ? IW_ARTICLES_NEW : IW_ARTICLES_UPDATED]++;
			w->counts[IW_FEATURED] += featured;
			rc = 0;
		}
	}
	if (rc == 0) {
		buf_reset(&w->tmp);
		iw_article_url(&w->tmp, p->slug, *id);
		*url = buf_cstr(&w->tmp);
	}
	arena_free(a);
	safe_html_free(clean);
	p->body_html = raw;
	return rc;
}

/* ---- Static pages ---- */

/* A slug no other page than `self` holds, from want ("-2", "-3"... appended). */
static const char *free_page_slug(struct import_writer *w, struct arena *a, const char *want,
				  int64_t self)
{
	const char *slug = want;
	for (int n = 2; n < 1000; n++) {
		struct static_page other;
		enum store_rc rc = store_page_by_slug(w->st, a, slug, &other);
		if (rc != STORE_OK || other.id == self)
			return slug;
		slug = arena_printf(a, "%s-%d", want, n);
	}
	return want; /* the store then refuses it */
}

int iw_page(struct import_writer *w, const char *old_key, struct static_page *pg, int64_t *id,
	    const char **url, struct buf *err)
{
	struct safe_html *clean = NULL;
	const char *raw = pg->body_html ? pg->body_html : "";
	if (sanitize_html(raw, strlen(raw), &clean) != 0) {
		buf_puts(err, "the body is not valid UTF-8");
		return -1;
	}
	struct arena *a = arena_new();
	struct static_page cur;
	pg->body_html = safe_html_str(clean);
	pg->id = iw_map_get(w, "page", old_key);
	if (pg->id && store_page_by_id(w->st, a, pg->id, &cur) != STORE_OK)
		pg->id = 0; /* deleted in Gazette since: import it again */
	pg->slug = free_page_slug(w, a, pg->slug, pg->id);
	int rc = -1;
	enum store_rc src = STORE_OK;
	*id = pg->id;
	if (pg->id && strcmp(cur.title, pg->title) == 0 && strcmp(cur.slug, pg->slug) == 0 &&
	    strcmp(cur.body_html, pg->body_html) == 0 && cur.parent_id == pg->parent_id &&
	    cur.position == pg->position && cur.status == pg->status)
		rc = 0; /* unchanged */
	else if ((src = store_page_save(w->st, pg, &(struct page_save){.no_revision = true}, id)) !=
		 STORE_OK)
		buf_printf(err, "the database refused the page (%s)", store_rc_str(src));
	else if (iw_map_put(w, "page", old_key, *id) != 0)
		buf_puts(err, "the database refused the page's key");
	else
		rc = 0;
	if (rc == 0) {
		w->counts[IW_PAGES]++;
		buf_reset(&w->tmp);
		buf_printf(&w->tmp, "/trang/%s", pg->slug);
		*url = buf_cstr(&w->tmp);
	}
	arena_free(a);
	safe_html_free(clean);
	pg->body_html = raw;
	return rc;
}

int iw_page_parent(struct import_writer *w, int64_t id, int64_t parent_id, struct buf *err)
{
	struct arena *a = arena_new();
	struct static_page cur;
	enum store_rc rc = store_page_by_id(w->st, a, id, &cur);
	if (rc == STORE_OK && cur.parent_id != parent_id) {
		cur.parent_id = parent_id;
		rc = store_page_save(w->st, &cur, &(struct page_save){.no_revision = true}, NULL);
	}
	arena_free(a);
	if (rc != STORE_OK)
		buf_printf(err, "the database refused the page's parent (%s)", store_rc_str(rc));
	return rc == STORE_OK ? 0 : -1;
}

/* ---- Links to articles written later in the run ---- */

int iw_relink(struct import_writer *w, int64_t id, const char *old_base, wp_link_fn map, void *ctx,
	      struct buf *err)
{
	struct arena *a = arena_new();
	struct article cur;
	struct buf body = BUF_INIT;
	struct safe_html *clean = NULL;
	int rc = 0;
	if (store_article_get(w->st, a, id, &cur) != STORE_OK)
		goto out;
	wp_rewrite_links(cur.body_html, old_base, map, ctx, &body);
	if (strcmp(buf_cstr(&body), cur.body_html) == 0 ||
	    sanitize_html(body.data, body.len, &clean) != 0)
		goto out;
	struct article_put p = {
	    .id = id,
	    .category_id = cur.category_id,
	    .status = cur.status,
	    .published_at = cur.published_at,
	    .expires_at = cur.expires_at,
	    .no_revision = true,
	    .title = cur.title,
	    .slug = cur.slug,
	    .lead = cur.lead,
	    .body_html = safe_html_str(clean),
	    .author = cur.author,
	    .signature = cur.signature,
	    .source = cur.source,
	    .image = cur.image,
	    .tags = (const char *const *)cur.tags,
	    .ntags = cur.ntags,
	};
	if (store_article_put(w->st, &p, NULL) != STORE_OK) {
		buf_printf(err, "the database refused article %lld's links", (long long)id);
		rc = -1;
	}
out:
	safe_html_free(clean);
	buf_free(&body);
	arena_free(a);
	return rc;
}
