/* Where the theme and the demo content are: beside the binary in a build tree, or installed. */
#ifndef GZ_CORE_PATHS_H
#define GZ_CORE_PATHS_H

/*
 * Returns the folder holding theme/ and demo/: $GAZETTE_SHARE when set; else the source tree when
 * the binary runs from a build folder inside it (BIN/../theme exists); else BIN/../share/gazette.
 * Allocated once, never freed.
 */
const char *paths_share(void);

/* The folder of the running program (from /proc/self/exe), or NULL. Found once, never freed. */
const char *paths_bin_dir(void);

#endif
