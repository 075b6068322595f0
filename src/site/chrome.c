/* The chrome every public page shares: identity from the settings (name, slogan, logo, banner,
 * favicon, primary colour) and the two-level menu built from the category tree. */
#include "site/site-int.h"

#include <string.h>

#define MONOGRAM_MAX 3

/* A setting that names an image: a local path ("/media/...", "/static/...") or an http(s) URL.
 * Anything else (javascript:, "//host", relative names) is ignored: returns "". */
static const char *image_setting(struct page *p, const char *key)
{
	const char *v = page_setting(p, key);
	if ((v[0] == '/' && v[1] != '/' && v[1] != '\\') || strncmp(v, "https://", 8) == 0 ||
	    strncmp(v, "http://", 7) == 0)
		return strpbrk(v, "\"'<> \t\r\n") ? "" : v;
	return "";
}

/* "#1a5fa0" or "1A5FA0" -> "1a5fa0"; NULL when the setting is not six hex digits. */
static const char *accent_hex(struct page *p)
{
	const char *v = page_setting(p, "primary_color");
	if (*v == '#')
		v++;
	if (strlen(v) != 6)
		return NULL;
	char *out = arena_alloc(p->a, 7);
	for (int i = 0; i < 6; i++) {
		char c = v[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return NULL;
		out[i] = c;
	}
	out[6] = '\0';
	return out;
}

/* Up to MONOGRAM_MAX first letters of the words of name ("Ban Tuyên giáo" -> "BTG"): the
 * default logo. Whole UTF-8 sequences are copied; words starting with a non-letter are skipped. */
static const char *monogram(struct arena *a, const char *name)
{
	char *out = arena_alloc(a, MONOGRAM_MAX * 4 + 1), *w = out;
	int count = 0;
	for (const char *s = name; *s && count < MONOGRAM_MAX;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		unsigned char c = (unsigned char)*s;
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		bool letter = c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
		if (letter && strnlen(s, len) == len) {
			memcpy(w, s, len);
			if (len == 1 && *w >= 'a' && *w <= 'z')
				*w = (char)(*w - 'a' + 'A');
			w += len;
			count++;
		}
		while (*s && *s != ' ')
			s++;
	}
	*w = '\0';
	return count ? out : "G";
}

/* The theme's favicon.svg under its hashed URL, or "". */
static const char *theme_favicon(struct page *p)
{
	for (size_t i = 0; i < p->site->nassets; i++)
		if (strcmp(p->site->assets[i].name, "favicon.svg") == 0)
			return p->site->assets[i].url;
	return "";
}

/* The stylesheet's URL: the hashed asset, with the primary colour as a query argument when one is
 * set (assets_serve appends it as --accent; the URL still names one immutable response). */
static void fill_style(struct page *p, struct tv *site)
{
	const char *hex = accent_hex(p);
	for (size_t i = 0; i < p->site->nassets; i++) {
		const struct asset *as = &p->site->assets[i];
		if (strcmp(as->name, "site.css") != 0)
			continue;
		tv_str(site, "css",
		       hex ? arena_printf(p->a, "%s?accent=%s", as->url, hex) : as->url);
	}
}

void chrome_identity(struct page *p)
{
	struct tv *site = tv_child(p->ctx, "brand");
	const char *name = page_setting(p, "site_name");
	tv_str(site, "monogram", monogram(p->a, name));
	tv_str(site, "logo", image_setting(p, "logo"));
	tv_str(site, "banner", image_setting(p, "banner"));
	const char *fav = image_setting(p, "favicon");
	tv_str(site, "favicon", fav);
	tv_str(site, "favicon_url", *fav ? fav : theme_favicon(p));
	fill_style(p, site);
}

/* True when the category's path ("tin-tuc/thoi-su", as in its URL) is listed in the menu_hide
 * setting (comma-separated). */
static bool hidden(struct page *p, const char *hide, int64_t id)
{
	if (!*hide)
		return false;
	const char *url = cat_url(p, id) + strlen("/chuyen-muc/");
	size_t n = strlen(url);
	if (n && url[n - 1] == '/')
		n--;
	for (const char *s = hide; *s;) {
		while (*s == ' ' || *s == ',' || *s == '/')
			s++;
		const char *e = s;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > s && (t[-1] == ' ' || t[-1] == '/'))
			t--;
		if ((size_t)(t - s) == n && n && strncmp(s, url, n) == 0)
			return true;
		s = e;
	}
	return false;
}

/* The menu_links setting, "Name|address; Name 2|address 2", as menu items after the categories.
 * Addresses are local paths or http(s) URLs; anything else is left out. */
static void extra_links(struct page *p, struct tv *nav)
{
	char *all = arena_strdup(p->a, page_setting(p, "menu_links"));
	for (char *item = all, *next; item && *item; item = next) {
		next = strchr(item, ';');
		if (next)
			*next++ = '\0';
		char *bar = strchr(item, '|');
		if (!bar)
			continue;
		*bar = '\0';
		char *name = item, *url = bar + 1;
		while (*name == ' ')
			name++;
		while (*url == ' ')
			url++;
		for (char *e = name + strlen(name); e > name && e[-1] == ' ';)
			*--e = '\0';
		for (char *e = url + strlen(url); e > url && e[-1] == ' ';)
			*--e = '\0';
		bool ok = (url[0] == '/' && url[1] != '/') || strncmp(url, "https://", 8) == 0 ||
			  strncmp(url, "http://", 7) == 0;
		if (!*name || !ok || strpbrk(url, "\"'<> "))
			continue;
		struct tv *it = tv_push(nav);
		tv_str(it, "name", name);
		tv_str(it, "url", url);
		tv_bool(it, "has_children", false);
	}
}

/* Top-level categories in order, each with its children: the menu (two levels), less those the
 * menu_hide setting names, plus the links of menu_links. The order is the category tree's. */
void chrome_nav(struct page *p)
{
	struct tv *nav = tv_list(p->ctx, "nav");
	const char *hide = page_setting(p, "menu_hide");
	for (size_t i = 0; i < p->ncats; i++) {
		if (p->cats[i].parent_id != 0 || hidden(p, hide, p->cats[i].id))
			continue;
		struct tv *item = tv_push(nav);
		tv_str(item, "name", p->cats[i].name);
		tv_str(item, "url", cat_url(p, p->cats[i].id));
		tv_int(item, "id", p->cats[i].id);
		struct tv *kids = tv_list(item, "children");
		bool any = false;
		for (size_t j = 0; j < p->ncats; j++) {
			if (p->cats[j].parent_id != p->cats[i].id || hidden(p, hide, p->cats[j].id))
				continue;
			struct tv *k = tv_push(kids);
			tv_str(k, "name", p->cats[j].name);
			tv_str(k, "url", cat_url(p, p->cats[j].id));
			any = true;
		}
		tv_bool(item, "has_children", any);
	}
	extra_links(p, nav);
}

/* GET /favicon.ico: to the favicon of the settings, else to the theme's own. */
void page_favicon(struct page *p)
{
	const char *fav = image_setting(p, "favicon");
	if (!*fav)
		fav = theme_favicon(p);
	if (!*fav) {
		page_error(p, 404);
		return;
	}
	page_redirect(p, 301, fav);
	http_resp_header(p->resp, "Cache-Control", "public, max-age=86400");
}
