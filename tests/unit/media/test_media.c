/* Unit tests of media sniffing and saving (src/media/media.c): the type is decided by the first
 * bytes, never by a name; what libvips cannot decode is refused and leaves nothing behind. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <vips/vips.h>

#include "media/media.h"

static void test_sniff(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *data;
		size_t len;
		const char *mime, *ext; /* NULL: MEDIA_BAD_TYPE */
	} cases[] = {
	    {"jpeg", "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "image/jpeg", "jpg"},
	    {"jpeg, 3 bytes", "\xFF\xD8\xFF", 3, "image/jpeg", "jpg"},
	    {"jpeg, 2 bytes", "\xFF\xD8", 2, NULL, NULL},
	    {"png", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16, "image/png", "png"},
	    {"png, 7 bytes", "\x89PNG\r\n\x1A", 7, NULL, NULL},
	    {"png, LF for CRLF", "\x89PNG\n\n\x1A\n", 8, NULL, NULL},
	    {"gif87a", "GIF87a\x01\0\x01\0", 10, "image/gif", "gif"},
	    {"gif89a", "GIF89a\x01\0\x01\0", 10, "image/gif", "gif"},
	    {"gif88a", "GIF88a\x01\0\x01\0", 10, NULL, NULL},
	    {"webp", "RIFF\x24\0\0\0WEBPVP8 ", 16, "image/webp", "webp"},
	    {"riff wave", "RIFF\x24\0\0\0WAVEfmt ", 16, NULL, NULL},
	    {"webp, 11 bytes", "RIFF\x24\0\0\0WEB", 11, NULL, NULL},
	    {"svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 41, NULL, NULL},
	    {"html", "<!DOCTYPE html><script>", 23, NULL, NULL},
	    {"pdf", "%PDF-1.7\n", 9, NULL, NULL},
	    {"bmp", "BM\x36\0\0\0", 6, NULL, NULL},
	    {"empty", "", 0, NULL, NULL},
	    {"png after a byte", " \x89PNG\r\n\x1A\n", 9, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *mime = "unset", *ext = "unset";
		enum media_rc rc = media_sniff(cases[i].data, cases[i].len, &mime, &ext);
		enum media_rc want = cases[i].mime ? MEDIA_OK : MEDIA_BAD_TYPE;
		if (rc != want)
			printf("%s: expected %s, got rc %d\n", cases[i].name,
			       cases[i].mime ? cases[i].mime : "MEDIA_BAD_TYPE", rc);
		assert_int_equal(rc, want);
		if (cases[i].mime) {
			assert_string_equal(mime, cases[i].mime);
			assert_string_equal(ext, cases[i].ext);
		}
	}
}

static void test_type_of(void **state)
{
	(void)state;
	static const struct {
		const char *file, *want;
	} cases[] = {
	    {"2026/03/ab.jpg", "image/jpeg"},
	    {"2026/03/ab-t.png", "image/png"},
	    {"x.gif", "image/gif"},
	    {"x.webp", "image/webp"},
	    {"x.jpeg", NULL},
	    {"x.svg", NULL},
	    {"x.html", NULL},
	    {"x", NULL},
	    {"x.JPG", NULL},
	    {"x.jpg.html", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = media_type_of(cases[i].file);
		if (cases[i].want)
			assert_non_null(got);
		if (cases[i].want)
			assert_string_equal(got, cases[i].want);
		else
			assert_null(got);
	}
}

/* Number of regular files under dir, recursively. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		n += S_ISDIR(st.st_mode) ? count_files(path) : 1;
	}
	closedir(d);
	return n;
}

static void remove_tree(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A real PNG of w x h made by libvips. */
static void *make_png(int w, int h, size_t *len)
{
	VipsImage *img = NULL;
	void *out = NULL;
	assert_int_equal(vips_black(&img, w, h, "bands", 3, NULL), 0);
	assert_int_equal(vips_image_write_to_buffer(img, ".png", &out, len, NULL), 0);
	g_object_unref(img);
	return out;
}

static void test_save(void **state)
{
	(void)state;
	char dir[] = "/tmp/gazette-media-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct arena *a = arena_new();
	size_t len = 0;
	void *png = make_png(1000, 500, &len);
	struct media_saved s;
	const int64_t now = 1772409600; /* 2026-03-02 UTC */
	assert_int_equal(media_save(a, dir, png, len, now, &s), MEDIA_OK);
	assert_string_equal(s.mime, "image/png");
	assert_int_equal(s.width, 1000);
	assert_int_equal(s.height, 500);
	assert_int_equal(strncmp(s.file, "2026/03/", 8), 0);
	assert_int_equal(strlen(s.file), strlen("2026/03/") + 32 + strlen(".png"));
	assert_int_equal(strncmp(s.thumb, s.file, 8 + 32), 0);
	assert_string_equal(s.thumb + 8 + 32, "-t.png");
	assert_int_equal(count_files(dir), 2);
	/* the thumbnail is at most MEDIA_THUMB_WIDTH wide */
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, s.thumb);
	VipsImage *t = vips_image_new_from_file(path, NULL);
	assert_non_null(t);
	assert_int_equal(vips_image_get_width(t), MEDIA_THUMB_WIDTH);
	g_object_unref(t);
	/* two saves never share a name */
	struct media_saved s2;
	assert_int_equal(media_save(a, dir, png, len, now, &s2), MEDIA_OK);
	assert_string_not_equal(s.file, s2.file);
	assert_int_equal(count_files(dir), 4);
	media_remove(a, dir, &s2);
	assert_int_equal(count_files(dir), 2);

	/* the right magic but not decodable: refused, nothing written */
	assert_int_equal(media_save(a, dir, png, 40, now, &s2), MEDIA_UNDECODABLE);
	/* not an image at all */
	assert_int_equal(media_save(a, dir, "<svg/>", 6, now, &s2), MEDIA_BAD_TYPE);
	assert_int_equal(count_files(dir), 2);
	/* a folder that cannot be written */
	assert_int_equal(media_save(a, "/proc/gazette-no-such-dir", png, len, now, &s2), MEDIA_IO);
	g_free(png);
	arena_free(a);
	remove_tree(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	if (media_init(argv[0]) != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_type_of),
	    cmocka_unit_test(test_save),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
