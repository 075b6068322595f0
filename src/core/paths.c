/* Finds the share folder (theme and demo content) relative to the running binary. */
#include "core/paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static char *try(const char *bin_dir, const char *rel)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", bin_dir, rel);
	struct buf theme = BUF_INIT;
	buf_printf(&theme, "%s/theme", buf_cstr(&b));
	bool ok = is_dir(buf_cstr(&theme));
	buf_free(&theme);
	if (ok)
		return buf_detach(&b);
	buf_free(&b);
	return NULL;
}

const char *paths_share(void)
{
	static char *share;
	if (share)
		return share;
	const char *env = getenv("GAZETTE_SHARE");
	if (env && *env)
		return share = xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		static const char *const rels[] = {"..", "../..", "../share/gazette"};
		for (size_t i = 0; i < sizeof rels / sizeof rels[0] && !share; i++)
			share = try(exe, rels[i]);
	}
	if (!share)
		share = xstrdup(GZ_DATADIR); /* meson: PREFIX/share/gazette */
	return share;
}
