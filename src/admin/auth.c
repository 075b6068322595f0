/* Accounts at the door: Argon2id, hashed session and API tokens, CSRF, throttling. */
#include "admin/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/log.h"

#define TOKEN_BYTES 32

int auth_hash_password(const char *password, char *out, size_t cap)
{
	if (cap < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/* A random secret, base64url without padding, in the arena. */
static const char *random_token(struct arena *a)
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	size_t len =
	    sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return out;
}

/* What the store keeps of a secret: its BLAKE2b hash in hex. */
static const char *token_hash(struct arena *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	char *hex = arena_alloc(a, sizeof h * 2 + 1);
	sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
	return hex;
}

static const char *cookie_value(struct arena *a, const char *token, int64_t max_age, bool secure)
{
	return arena_printf(a, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s", AUTH_COOKIE,
			    token, (long long)max_age, secure ? "; Secure" : "");
}

bool auth_secure(struct http_req *req)
{
	const char *proto = http_header(req, "X-Forwarded-Proto");
	return proto && strcmp(proto, "https") == 0;
}

/* How many failures key has in the window; -1 when the store cannot say. */
static int64_t failures(struct store *st, const char *key, int64_t now)
{
	int64_t n = 0;
	return store_throttle_count(st, key, now - AUTH_WINDOW, &n) == STORE_OK ? n : -1;
}

/*
 * Counts this attempt before the password is checked, then checks the count including it: of
 * any number of attempts arriving at once, the k-th to be counted sees at least k, so at most
 * AUTH_MAX_PER_USER of them reach the password check in a window. Attempts already over a limit
 * are refused without a write, so a flood adds no rows.
 */
static enum auth_result count_attempt(struct store *st, const char *ukey, const char *akey,
				      int64_t now)
{
	int64_t n_addr = failures(st, akey, now), n_user = failures(st, ukey, now);
	if (n_addr < 0 || n_user < 0)
		return AUTH_UNAVAILABLE;
	if (n_addr >= AUTH_MAX_PER_ADDRESS || n_user >= AUTH_MAX_PER_USER)
		return AUTH_THROTTLED;
	if (store_throttle_hit(st, ukey, now) != STORE_OK || (n_user = failures(st, ukey, now)) < 0)
		return AUTH_UNAVAILABLE;
	return n_user > AUTH_MAX_PER_USER ? AUTH_THROTTLED : AUTH_OK;
}

static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
	if (auth_hash_password("not a real password", dummy_hash, sizeof dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

/* Spends the time a real check takes, so that unknown names cannot be told apart by timing. */
static void dummy_verify(const char *password)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_dummy);
	volatile int rc = crypto_pwhash_str_verify(dummy_hash, password, strlen(password));
	(void)rc;
}

enum auth_result auth_login(struct store *st, struct arena *a, const char *name,
			    const char *password, const char *address, bool secure,
			    struct user *user, const char **cookie)
{
	int64_t now = (int64_t)time(NULL);
	const char *ukey = arena_printf(a, "user:%s", name);
	const char *akey = arena_printf(a, "addr:%s", address);
	enum auth_result r = count_attempt(st, ukey, akey, now);
	if (r != AUTH_OK)
		return r;
	enum store_rc rc = store_user_get(st, a, name, user);
	if (rc == STORE_UNAVAILABLE || rc == STORE_ERROR)
		return AUTH_UNAVAILABLE;
	bool ok;
	if (rc == STORE_OK) {
		ok = crypto_pwhash_str_verify(user->password_hash, password, strlen(password)) == 0;
	} else {
		dummy_verify(password);
		ok = false;
	}
	if (!ok || user->disabled) {
		/* The account's attempt is already counted; a disabled account counts the same
		 * and answers the same as a wrong password (no oracle). */
		store_throttle_hit(st, akey, now);
		return ok ? AUTH_DISABLED : AUTH_BAD;
	}
	store_throttle_clear(st, ukey);
	const char *token = random_token(a), *csrf = random_token(a);
	if (store_session_add(st, token_hash(a, token), user->id, csrf, now + AUTH_SESSION_TTL,
			      address) != STORE_OK)
		return AUTH_UNAVAILABLE;
	*cookie = cookie_value(a, token, AUTH_SESSION_TTL, secure);
	return AUTH_OK;
}

const char *auth_login_token(struct http_req *req, bool secure, const char **set_cookie)
{
	const char *t = http_cookie(req, AUTH_LOGIN_COOKIE);
	if (!t || strlen(t) != 43 ||
	    strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789-_") != 43)
		t = random_token(req->arena);
	*set_cookie =
	    arena_printf(req->arena,
			 "%s=%s; Path=/admin/login; Max-Age=%d; HttpOnly; "
			 "SameSite=Strict%s",
			 AUTH_LOGIN_COOKIE, t, AUTH_SESSION_TTL, secure ? "; Secure" : "");
	return t;
}

bool auth_login_csrf_ok(struct http_req *req, const char *field)
{
	return auth_csrf_ok(http_cookie(req, AUTH_LOGIN_COOKIE), field);
}

bool auth_same_origin(struct http_req *req, const char *base_url)
{
	return http_same_origin(req, base_url);
}

enum store_rc auth_session(struct store *st, struct http_req *req, struct user *user,
			   const char **csrf)
{
	const char *token = http_cookie(req, AUTH_COOKIE);
	if (!token || !*token || strlen(token) > 128)
		return STORE_NOTFOUND;
	struct session s;
	enum store_rc rc = store_session_get(st, req->arena, token_hash(req->arena, token),
					     (int64_t)time(NULL), &s);
	if (rc == STORE_OK)
		rc = store_user_by_id(st, req->arena, s.user_id, user);
	if (rc == STORE_OK && user->disabled)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK && csrf)
		*csrf = s.csrf;
	return rc;
}

void auth_logout(struct store *st, struct http_req *req, bool secure, const char **cookie)
{
	const char *token = http_cookie(req, AUTH_COOKIE);
	if (token && *token && strlen(token) <= 128)
		store_session_delete(st, token_hash(req->arena, token));
	*cookie = cookie_value(req->arena, "", 0, secure);
}

bool auth_csrf_ok(const char *expected, const char *token)
{
	if (!expected || !token)
		return false;
	size_t n = strlen(expected);
	return n > 0 && strlen(token) == n && sodium_memcmp(expected, token, n) == 0;
}

enum store_rc auth_bearer(struct store *st, struct http_req *req, struct user *user)
{
	const char *h = http_header(req, "Authorization");
	if (!h || strncmp(h, "Bearer ", 7) != 0)
		return STORE_NOTFOUND;
	const char *token = h + 7;
	while (*token == ' ')
		token++;
	if (!*token || strlen(token) > 128)
		return STORE_NOTFOUND;
	return store_token_user(st, req->arena, token_hash(req->arena, token), user);
}

enum store_rc auth_token_new(struct store *st, struct arena *a, int64_t user_id, const char *name,
			     int64_t expires_at, const char **token)
{
	const char *t = arena_printf(a, "gz_%s", random_token(a));
	struct api_token row = {
	    .hash = token_hash(a, t), .user_id = user_id, .name = name, .expires_at = expires_at};
	enum store_rc rc = store_token_add(st, &row);
	if (rc == STORE_OK)
		*token = t;
	return rc;
}
