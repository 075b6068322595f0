/* libFuzzer target: any bytes loaded as a template, and rendered when they load, must not crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html/tpl.h"
#include "sanitize/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char safe_text[] = "<p>an <em>ok</em> body</p>";

/* A small fixed context: a string, a list of two objects, a bool, a safe value. */
static struct tv *context(struct arena *a)
{
	static struct safe_html *safe; /* made once by the sanitiser, kept for the process */
	if (!safe && sanitize_html(safe_text, strlen(safe_text), &safe) != 0)
		abort();
	struct tv *c = tv_obj(a);
	tv_str(c, "s", "a & <b> \"c\" 'd' \xe2\x80\xa8 \xff");
	tv_bool(c, "b", true);
	tv_int(c, "n", -12);
	tv_safe(c, "h", safe);
	struct tv *items = tv_list(c, "items");
	for (int i = 0; i < 2; i++) {
		struct tv *it = tv_push(items);
		tv_str(it, "name", i ? "two" : "one");
		tv_bool(it, "b", i == 0);
		tv_str(tv_child(it, "sub"), "s", "inner");
		/* nested {{#items}} find this empty list, so that nesting cannot multiply the
		 * output */
		tv_list(it, "items");
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT, out = BUF_INIT;
	/*
	 * A partial the input may name. The input's own name is not a valid partial name: a
	 * template that includes itself twice would render 2^32 times before the depth limit stops
	 * it.
	 */
	tpl_load_string(&set, "p", "<{{s}}{{#items}}{{name}}{{>p}}{{/items}}>", &err);
	if (tpl_load_string(&set, "fuzz input", text, &err) == 0) {
		struct arena *a = arena_new();
		tpl_render(set, "fuzz input", context(a), &out);
		arena_free(a);
	}
	tpl_set_free(set);
	buf_free(&err);
	buf_free(&out);
	free(text);
	return 0;
}
