/* Sending mail through an SMTP server with libcurl: one message, several recipients. */
#include "mail/mail.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Appends s without CR or LF (a header value). */
static void put_header_value(struct buf *b, const char *s)
{
	for (; *s; s++)
		if (*s != '\r' && *s != '\n')
			buf_append(b, s, 1);
}

/* The subject as an RFC 2047 encoded word: =?UTF-8?B?...?= */
static void put_subject(struct buf *b, const char *subject)
{
	struct buf clean = BUF_INIT;
	put_header_value(&clean, subject);
	size_t len = sodium_base64_encoded_len(clean.len, sodium_base64_VARIANT_ORIGINAL);
	char *enc = xmalloc(len);
	sodium_bin2base64(enc, len, (const unsigned char *)buf_cstr(&clean), clean.len,
			  sodium_base64_VARIANT_ORIGINAL);
	buf_printf(b, "Subject: =?UTF-8?B?%s?=\r\n", enc);
	free(enc);
	buf_free(&clean);
}

/* The message: headers, then the body with bare LFs made CRLF and leading dots doubled. */
static void build(struct buf *m, const struct mail_config *cfg, const char *to, const char *subject,
		  const char *body)
{
	buf_puts(m, "From: ");
	put_header_value(m, cfg->from);
	buf_puts(m, "\r\nTo: ");
	put_header_value(m, to);
	buf_puts(m, "\r\n");
	put_subject(m, subject);
	buf_puts(m, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n\r\n");
	bool line_start = true;
	for (const char *p = body; *p; p++) {
		if (line_start && *p == '.')
			buf_puts(m, ".");
		if (*p == '\n')
			buf_puts(m, "\r\n");
		else if (*p != '\r')
			buf_append(m, p, 1);
		line_start = *p == '\n';
	}
	buf_puts(m, "\r\n");
}

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct reader *r = ud;
	size_t n = size * nmemb < r->left ? size * nmemb : r->left;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* Adds each comma-separated address of to (trimmed) to the list. */
static struct curl_slist *recipients(const char *to)
{
	struct curl_slist *l = NULL;
	const char *p = to;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		size_t n = (size_t)(end - p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			char *addr = xmalloc(n + 3);
			addr[0] = '<';
			memcpy(addr + 1, p, n);
			memcpy(addr + 1 + n, ">", 2);
			l = curl_slist_append(l, addr);
			free(addr);
		}
		p = end;
	}
	return l;
}

int mail_send(const struct mail_config *cfg, const char *to, const char *subject, const char *body,
	      struct buf *err)
{
	if (!cfg->smtp || !*cfg->smtp || !to || !*to) {
		buf_puts(err, "mail is not configured (smtp and recipients)");
		return -1;
	}
	pthread_once(&once, global_init);
	struct buf m = BUF_INIT, from = BUF_INIT;
	build(&m, cfg, to, subject, body);
	buf_putc(&from, '<');
	put_header_value(&from, cfg->from);
	buf_putc(&from, '>');
	struct reader r = {buf_cstr(&m), m.len};
	struct curl_slist *rcpt = recipients(to);
	CURL *h = curl_easy_init();
	CURLcode rc = CURLE_FAILED_INIT;
	if (h && rcpt) {
		curl_easy_setopt(h, CURLOPT_URL, cfg->smtp);
		curl_easy_setopt(h, CURLOPT_MAIL_FROM, buf_cstr(&from));
		curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(h, CURLOPT_READDATA, &r);
		curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
		rc = curl_easy_perform(h);
	}
	if (rc != CURLE_OK)
		buf_printf(err, "sending mail through %s failed: %s", cfg->smtp,
			   rcpt ? curl_easy_strerror(rc) : "no recipient");
	curl_easy_cleanup(h);
	curl_slist_free_all(rcpt);
	buf_free(&m);
	buf_free(&from);
	return rc == CURLE_OK ? 0 : -1;
}
