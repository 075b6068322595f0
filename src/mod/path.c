/* Where the media module is (mod.h): beside the program, else PREFIX/LIBDIR/gazette/. */
#include "mod/mod.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "core/paths.h"

static char *found;
static pthread_once_t path_once = PTHREAD_ONCE_INIT;

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void find(void)
{
	struct buf b = BUF_INIT;
	if (paths_bin_dir()) {
		buf_printf(&b, "%s/" GZ_MOD_FILE, paths_bin_dir());
		if (is_file(buf_cstr(&b))) {
			found = buf_detach(&b);
			return;
		}
	}
	buf_reset(&b);
	buf_puts(&b, GZ_MODDIR "/" GZ_MOD_FILE); /* meson: PREFIX/LIBDIR/gazette */
	if (is_file(buf_cstr(&b)))
		found = buf_detach(&b);
	buf_free(&b);
}

const char *mod_path(void)
{
	pthread_once(&path_once, find);
	return found;
}
