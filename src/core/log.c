/* Logging to stderr: "2026-11-29T01:02:03Z info message". */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "core/buf.h"

static enum log_level min_level = LOG_INFO;
static const char *const level_names[LOG_LEVEL_MAX] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level || level >= LOG_LEVEL_MAX)
		return;
	struct buf b = BUF_INIT;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char ts[32];
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_printf(&b, "%s %s ", ts, level_names[level]);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_putc(&b, '\n');
	/* One write per line keeps lines from different threads whole. */
	fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
}
