/* Accounts at the door: Argon2id, hashed session and API tokens, CSRF, throttling. */
#include "admin/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
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

static bool throttled(struct store *st, struct arena *a, const char *name, const char *address,
		      int64_t now)
{
	int64_t n_user = 0, n_addr = 0;
	store_throttle_count(st, arena_printf(a, "user:%s", name), now - AUTH_WINDOW, &n_user);
	store_throttle_count(st, arena_printf(a, "addr:%s", address), now - AUTH_WINDOW, &n_addr);
	return n_user >= AUTH_MAX_PER_USER || n_addr >= AUTH_MAX_PER_ADDRESS;
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
	if (throttled(st, a, name, address, now))
		return AUTH_THROTTLED;
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
	if (!ok) {
		store_throttle_hit(st, arena_printf(a, "user:%s", name), now);
		store_throttle_hit(st, arena_printf(a, "addr:%s", address), now);
		return AUTH_BAD;
	}
	if (user->disabled)
		return AUTH_DISABLED;
	store_throttle_clear(st, arena_printf(a, "user:%s", name));
	const char *token = random_token(a), *csrf = random_token(a);
	if (store_session_add(st, token_hash(a, token), user->id, csrf, now + AUTH_SESSION_TTL,
			      address) != STORE_OK)
		return AUTH_UNAVAILABLE;
	*cookie = cookie_value(a, token, AUTH_SESSION_TTL, secure);
	return AUTH_OK;
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

enum store_rc auth_token_new(struct store *st, struct arena *a, int64_t user_id, const char **token)
{
	const char *t = arena_printf(a, "gz_%s", random_token(a));
	enum store_rc rc = store_token_add(st, token_hash(a, t), user_id);
	if (rc == STORE_OK)
		*token = t;
	return rc;
}
