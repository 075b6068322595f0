/* Legacy Vietnamese encodings (TCVN3 and VNI) read as Latin-1/Windows-1252: detection and repair.
 */
#ifndef GZ_VI_LEGACY_H
#define GZ_VI_LEGACY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* What a field turned out to be. */
enum vi_legacy {
	VI_LEGACY_NONE = 0, /* Unicode or plain ASCII: left alone */
	VI_LEGACY_TCVN3,    /* TCVN 5712:1993 VN3 (ABC, the .Vn fonts) */
	VI_LEGACY_VNI,      /* VNI for Windows (VNI-Times) */
	VI_LEGACY_CP1252,   /* raw bytes that are not UTF-8 and not Vietnamese: Windows-1252 */
	VI_LEGACY_MAX
};

/* "none", "tcvn3", "vni", "cp1252". */
const char *vi_legacy_name(enum vi_legacy enc);

/*
 * Decides what s[0..len) is. The field is taken as bytes: when it is valid UTF-8 whose characters
 * all lie in Latin-1 or Windows-1252, those characters are the bytes (text that went through a
 * Latin-1 database); when it is not UTF-8, its own bytes are. Each legacy reading is scored by how
 * many of the words it changes become well-formed Vietnamese syllables, against the text read as
 * it is. Text with any character beyond Windows-1252 (real Vietnamese Unicode), plain ASCII, and
 * Latin-1 text in other languages give VI_LEGACY_NONE; invalid UTF-8 that reads as no legacy
 * encoding gives VI_LEGACY_CP1252.
 */
enum vi_legacy vi_legacy_detect(const char *s, size_t len);

/*
 * Appends s[0..len) decoded from enc to out, as UTF-8 in NFC. Bytes the encoding does not define
 * are kept as their Windows-1252 characters. VI_LEGACY_NONE appends s unchanged. TCVN3 (VN3) has
 * no capital letters with tone marks (ABC typed them with a separate all-capitals font at the
 * lower-case codes): a toned letter inside a word whose other letters are all capitals (at least
 * two of them) is written as a capital; elsewhere it stays lower case.
 */
void vi_legacy_decode(enum vi_legacy enc, const char *s, size_t len, struct buf *out);

/*
 * Detects and, when the field needs it, appends the repaired text to out and returns its
 * encoding; returns VI_LEGACY_NONE with out untouched when the field is fine as it is.
 */
enum vi_legacy vi_legacy_fix(const char *s, size_t len, struct buf *out);

#endif
