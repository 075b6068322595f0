/* The address and text rules of the menu mapping (navmenu.c): which links are the old site's,
 * its home page, and names and addresses as the menu_links setting can hold them. */
#include "import/navmenu-int.h"

#include <glib.h>
#include <string.h>

#include "vi/vi.h"

char *nm_host_of(const char *url)
{
	const char *h = NULL;
	if (g_ascii_strncasecmp(url, "http://", 7) == 0)
		h = url + 7;
	else if (g_ascii_strncasecmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (url[0] == '/' && url[1] == '/')
		h = url + 2;
	if (!h)
		return NULL;
	size_t n = strcspn(h, "/?#:");
	char *host = g_ascii_strdown(h, (gssize)n);
	if (strncmp(host, "www.", 4) == 0)
		memmove(host, host + 4, strlen(host + 4) + 1);
	return host;
}

bool nm_is_web(const char *link)
{
	return g_ascii_strncasecmp(link, "http://", 7) == 0 ||
	       g_ascii_strncasecmp(link, "https://", 8) == 0;
}

char *nm_local_path(const char *old_host, const char *link)
{
	if (link[0] == '/' && link[1] != '/')
		return g_strdup(link);
	char *host = nm_host_of(link);
	if (host) {
		bool ours = old_host && strcmp(host, old_host) == 0;
		g_free(host);
		if (!ours)
			return NULL;
		const char *rest = strstr(link, "//") + 2;
		rest += strcspn(rest, "/?#");
		return *rest == '/' ? g_strdup(rest) : g_strconcat("/", rest, NULL);
	}
	const char *colon = strchr(link, ':');
	if (colon && colon < link + strcspn(link, "/?#"))
		return NULL; /* mailto:, tel:, javascript:... */
	return g_strconcat("/", link, NULL);
}

bool nm_is_home(const char *lang, const char *path)
{
	size_t n = strcspn(path, "?#");
	const char *q = path[n] == '?' ? path + n + 1 : "";
	size_t qn = strcspn(q, "#");
	if (n == 1 || (n == 10 && strncmp(path, "/index.php", 10) == 0))
		return qn == 0 || (strncmp(q, "language=", 9) == 0 && !memchr(q, '&', qn));
	size_t l = lang ? strlen(lang) : 0;
	return l && (n == l + 1 || (n == l + 2 && path[l + 1] == '/')) &&
	       strncmp(path + 1, lang, l) == 0;
}

void nm_link_name(const char *s, struct buf *out)
{
	struct buf raw = BUF_INIT;
	for (; *s; s++) {
		char ch = *s == ';' ? ',' : *s == '|' ? '/' : (unsigned char)*s < ' ' ? ' ' : *s;
		if (ch != ' ' || (raw.len && raw.data[raw.len - 1] != ' '))
			buf_putc(&raw, ch);
	}
	while (raw.len && raw.data[raw.len - 1] == ' ')
		raw.data[--raw.len] = '\0';
	if (vi_nfc(buf_cstr(&raw), raw.len, out) != 0)
		buf_puts(out, buf_cstr(&raw));
	buf_free(&raw);
}

void nm_link_address(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (strchr(" \"'<>;|", *s) || (unsigned char)*s < ' ')
			buf_printf(out, "%%%02X", (unsigned char)*s);
		else
			buf_putc(out, *s);
	}
}
