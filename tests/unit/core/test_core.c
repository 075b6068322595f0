/* Unit tests of src/core: buffers, the arena, and the configuration table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"

static void test_buf(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "Đảng");
	buf_putc(&b, ' ');
	buf_printf(&b, "%d-%s", 42, "x");
	assert_string_equal(buf_cstr(&b), "Đảng 42-x");
	assert_int_equal(b.len, strlen("Đảng 42-x"));
	/* Growth past the first printf guess. */
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_reset(&b);
	buf_printf(&b, "%s|%s", big, big);
	assert_int_equal(b.len, 2 * (sizeof big - 1) + 1);
	assert_int_equal(b.data[sizeof big - 1], '|');
	char *own = buf_detach(&b);
	assert_null(b.data);
	assert_int_equal(strlen(own), 2 * (sizeof big - 1) + 1);
	free(own);
	own = buf_detach(&b);
	assert_string_equal(own, "");
	free(own);
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	buf_free(&b);
}

static int cleaned;
static void cleanup(void *p)
{
	cleaned += *(int *)p;
}

static void test_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = arena_strdup(a, "Hưng Yên");
	assert_string_equal(s, "Hưng Yên");
	assert_string_equal(arena_printf(a, "%s/%d", "x", 7), "x/7");
	/* Many small and a few huge allocations, all aligned and zeroed. */
	for (int i = 0; i < 10000; i++) {
		unsigned char *p = arena_alloc(a, (size_t)(i % 97) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal(p[0], 0);
		p[0] = 0xff;
	}
	unsigned char *huge = arena_alloc(a, 1 << 20);
	assert_int_equal(huge[(1 << 20) - 1], 0);
	static int one = 1, two = 2;
	cleaned = 0;
	arena_on_free(a, cleanup, &one);
	arena_on_free(a, cleanup, &two);
	arena_free(a);
	assert_int_equal(cleaned, 3);
	arena_free(NULL);
}

enum { C_NAME, C_PORT, C_MAX };
static const struct cfg_opt opts[C_MAX] = {
    [C_NAME] = {"name", CFG_STRING, "def", "GZ_TEST_NAME", 0, 0, "a name"},
    [C_PORT] = {"port", CFG_UINT, "80", "GZ_TEST_PORT", 1, 65535, "a port"},
};

static void test_config_table(void **state)
{
	(void)state;
	struct cfg_val v[C_MAX];
	struct buf err = BUF_INIT;
	cfg_defaults(opts, C_MAX, v);
	assert_string_equal(v[C_NAME].text, "def");
	assert_int_equal(v[C_PORT].num, 80);
	static const struct {
		const char *name, *value;
		int ok;
		const char *err;
	} rows[] = {
	    {"port", "8080", 1, NULL},
	    {"port", "0", 0, "from 1 to 65535"},
	    {"port", "-1", 0, "whole"},
	    {"port", "12x", 0, "whole"},
	    {"port", "", 0, "whole"},
	    {"port", "99999999999999999999999", 0, "whole"},
	    {"nope", "1", 0, "unknown setting 'nope'"},
	    {"name", "x y", 1, NULL},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		buf_reset(&err);
		int rc = cfg_set(opts, C_MAX, v, rows[i].name, rows[i].value, "flag", &err);
		assert_int_equal(rc == 0, rows[i].ok);
		if (rows[i].err)
			assert_non_null(strstr(buf_cstr(&err), rows[i].err));
	}
	assert_int_equal(v[C_PORT].num, 8080);
	cfg_free(C_MAX, v);
	buf_free(&err);
}

static void test_config_file_and_env(void **state)
{
	(void)state;
	char path[] = "/tmp/gz-test-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# comment\n\nname = from file \nport=81\n", f);
	fclose(f);
	struct cfg_val v[C_MAX];
	struct buf err = BUF_INIT;
	cfg_defaults(opts, C_MAX, v);
	assert_int_equal(cfg_load_file(opts, C_MAX, v, path, &err), 0);
	assert_string_equal(v[C_NAME].text, "from file");
	assert_int_equal(v[C_PORT].num, 81);
	setenv("GZ_TEST_PORT", "82", 1);
	assert_int_equal(cfg_load_env(opts, C_MAX, v, &err), 0);
	assert_int_equal(v[C_PORT].num, 82);
	assert_string_equal(v[C_PORT].origin, "environment");
	setenv("GZ_TEST_PORT", "nope", 1);
	assert_int_equal(cfg_load_env(opts, C_MAX, v, &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "GZ_TEST_PORT"));
	unsetenv("GZ_TEST_PORT");
	/* A bad line names the file and the line. */
	f = fopen(path, "w");
	fputs("name = a\nthis line has no equals sign\n", f);
	fclose(f);
	buf_reset(&err);
	assert_int_equal(cfg_load_file(opts, C_MAX, v, path, &err), -1);
	struct buf want = BUF_INIT;
	buf_printf(&want, "%s:2: expected 'name = value'", path);
	assert_string_equal(buf_cstr(&err), buf_cstr(&want));
	buf_reset(&err);
	assert_int_equal(cfg_load_file(opts, C_MAX, v, "/nonexistent/x.conf", &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "/nonexistent/x.conf"));
	unlink(path);
	cfg_free(C_MAX, v);
	buf_free(&err);
	buf_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf),
	    cmocka_unit_test(test_arena),
	    cmocka_unit_test(test_config_table),
	    cmocka_unit_test(test_config_file_and_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
