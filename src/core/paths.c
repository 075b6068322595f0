/* Finds the share folder (theme and demo content) relative to the running binary. */
#include "core/paths.h"

#include <limits.h>
#include <pthread.h>
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

static char *bin_dir;
static pthread_once_t bin_once = PTHREAD_ONCE_INIT;

static void find_bin_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			bin_dir = xstrdup(exe);
		}
	}
}

const char *paths_bin_dir(void)
{
	pthread_once(&bin_once, find_bin_dir);
	return bin_dir;
}

const char *paths_share(void)
{
	static char *share;
	if (share)
		return share;
	const char *env = getenv("GAZETTE_SHARE");
	if (env && *env)
		return share = xstrdup(env);
	const char *bin = paths_bin_dir();
	static const char *const rels[] = {"..", "../..", "../share/gazette"};
	for (size_t i = 0; bin && i < sizeof rels / sizeof rels[0] && !share; i++)
		share = try(bin, rels[i]);
	if (!share)
		share = xstrdup(GZ_DATADIR); /* meson: PREFIX/share/gazette */
	return share;
}
