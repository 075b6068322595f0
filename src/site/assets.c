/* The theme's static files: read at start, served from memory under content-hashed names. */
#include "site/site-int.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_ASSET (8u << 20)

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

static int read_file(const char *path, char **data, size_t *len, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= MAX_ASSET)
		buf_append(&b, chunk, n);
	int bad = ferror(f) || b.len > MAX_ASSET;
	fclose(f);
	if (bad) {
		buf_printf(err, "%s: unreadable or larger than %u bytes", path, MAX_ASSET);
		buf_free(&b);
		return -1;
	}
	*len = b.len;
	*data = buf_detach(&b);
	return 0;
}

/* "site.css" + content -> "/static/site.1a2b3c4d5e.css" */
static char *hashed_url(const char *name, const char *data, size_t len)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	hex[10] = '\0';
	const char *dot = strrchr(name, '.');
	struct buf b = BUF_INIT;
	buf_puts(&b, "/static/");
	buf_append(&b, name, dot ? (size_t)(dot - name) : strlen(name));
	buf_printf(&b, ".%s%s", hex, dot ? dot : "");
	return buf_detach(&b);
}

/* Drops comments and the whitespace that CSS does not need (not inside calc(): only around
 * braces, semicolons and commas), in place. Strings in the theme's CSS hold none of these. */
static size_t minify_css(char *css, size_t len)
{
	size_t w = 0;
	for (size_t r = 0; r < len; r++) {
		if (css[r] == '/' && r + 1 < len && css[r + 1] == '*') {
			char *end = strstr(css + r + 2, "*/");
			r = end ? (size_t)(end - css) + 1 : len;
			continue;
		}
		char c = css[r];
		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		if (c == ' ' && (w == 0 || strchr(" {};,>", css[w - 1])))
			continue;
		if (strchr("{};,>", c) && w > 0 && css[w - 1] == ' ')
			w--;
		css[w++] = c;
	}
	return w;
}

static bool is_text(const char *type)
{
	return strncmp(type, "text/", 5) == 0 || strcmp(type, "image/svg+xml") == 0;
}

static int cmp_asset(const void *a, const void *b)
{
	return strcmp(((const struct asset *)a)->url, ((const struct asset *)b)->url);
}

int assets_load(struct site *s, const char *dir, struct buf *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		buf_printf(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	size_t cap = s->nassets; /* a second folder adds to the first */
	while ((e = readdir(d)) != NULL) {
		const char *type = type_of(e->d_name);
		if (e->d_name[0] == '.' || !type)
			continue;
		if (s->nassets == cap) {
			cap = cap ? cap * 2 : 16;
			s->assets = xrealloc(s->assets, cap * sizeof(*s->assets));
		}
		struct asset *a = &s->assets[s->nassets];
		memset(a, 0, sizeof(*a));
		struct buf path = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		rc = read_file(buf_cstr(&path), &a->data, &a->len, err);
		buf_free(&path);
		if (rc != 0)
			break;
		a->name = xstrdup(e->d_name);
		a->key = xstrdup(e->d_name);
		for (char *c = a->key; *c; c++)
			if (*c == '.' || *c == '-')
				*c = '_';
		a->type = xstrdup(type);
		if (strcmp(type, "text/css; charset=utf-8") == 0)
			a->len = minify_css(a->data, a->len);
		a->url = hashed_url(a->name, a->data, a->len);
		if (is_text(type))
			a->gz = cache_gzip(a->data, a->len, &a->gz_len);
		s->nassets++;
	}
	closedir(d);
	if (s->nassets)
		qsort(s->assets, s->nassets, sizeof(*s->assets), cmp_asset);
	return rc;
}

void assets_free(struct site *s)
{
	for (size_t i = 0; i < s->nassets; i++) {
		free(s->assets[i].name);
		free(s->assets[i].key);
		free(s->assets[i].url);
		free(s->assets[i].type);
		free(s->assets[i].data);
		free(s->assets[i].gz);
	}
	free(s->assets);
	s->assets = NULL;
	s->nassets = 0;
}

static void no_release(void *cls)
{
	(void)cls;
}

static bool hex6(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 6;
}

bool assets_serve(struct page *p)
{
	struct asset key = {.url = (char *)(uintptr_t)p->req->path};
	struct asset *a = p->site->nassets ? bsearch(&key, p->site->assets, p->site->nassets,
						     sizeof(*a), cmp_asset)
					   : NULL;
	if (!a)
		return false;
	const char *accent = strcmp(a->name, "site.css") == 0 ? http_query(p->req, "accent") : NULL;
	if (accent && hex6(accent)) {
		/* The primary colour of the settings, after the theme's own (chrome.c makes the
		 * URL). */
		p->resp->status = 200;
		p->resp->content_type = a->type;
		buf_append(&p->resp->body, a->data, a->len);
		buf_printf(&p->resp->body, "\n:root{--accent:#%s}\n", accent);
		http_resp_header(p->resp, "Cache-Control", "public, max-age=31536000, immutable");
		http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
		return true;
	}
	/* Assets live as long as the site, so the response borrows their bytes. */
	bool gz = a->gz && cache_accepts_gzip(http_header(p->req, "Accept-Encoding"));
	p->resp->status = 200;
	p->resp->content_type = a->type;
	p->resp->shared = gz ? a->gz : a->data;
	p->resp->shared_len = gz ? a->gz_len : a->len;
	if (gz)
		http_resp_header(p->resp, "Content-Encoding", "gzip");
	if (a->gz)
		http_resp_header(p->resp, "Vary", "Accept-Encoding");
	p->resp->shared_release = no_release;
	http_resp_header(p->resp, "Cache-Control", "public, max-age=31536000, immutable");
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
	return true;
}

void assets_context(struct site *s, struct tv *ctx)
{
	struct tv *asset = tv_child(ctx, "asset");
	for (size_t i = 0; i < s->nassets; i++)
		tv_str(asset, s->assets[i].key, s->assets[i].url);
}
