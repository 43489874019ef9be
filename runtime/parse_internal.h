/* cinch — private interface between parse.c (the top level, process, root,
 * mounts, hooks and the JSON value helpers) and parse_linux.c (the "linux"
 * object, seccomp included).  Not for use outside the parser: every other
 * module sees only plan.h.
 *
 * Conventions of every helper here:
 *   - c->path holds the JSON path of the value being decoded
 *     ("linux.devices[2]"); helpers that push a key or index pop it again on
 *     success and leave it on failure, so the error names the culprit;
 *   - a failing helper returns -1 with *err set ("<json path>: <message>")
 *     and does not touch its outputs, except where noted for arrays;
 *   - keyed getters (cinch_cfg_get_*) return 1 when the key is present and
 *     decoded, 0 when it is absent or JSON null, -1 on error;
 *   - strings and arrays handed out are owned by the caller (the plan).  */
#ifndef CINCH_PARSE_INTERNAL_H
#define CINCH_PARSE_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "plan.h"

/* Parser context: the JSON path being decoded, warnings, big integers.  */
struct pctx
{
  char *path; /* owned; NUL-terminated at len */
  size_t len, cap;
  char **warnings; /* owned, NULL-terminated once non-empty */
  size_t n_warnings;
  const char *bundle;  /* borrowed: relative host paths are resolved against it */
  const uint64_t *big; /* borrowed: values of the pre-scan's big-integer tokens */
  size_t n_big;
};


/* Decoder of one array item, for cinch_cfg_get_array.  */
typedef int (*item_fn) (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err);

/* A user-supplied string made safe to show between double quotes (control
 * bytes, quotes and backslashes escaped, long strings cut).  The result is
 * owned by the caller.  */
char *cinch_cfg_printable (const char *s);

/* JSON path.  push returns the length to restore with pop.  */
size_t cinch_cfg_path_push (struct pctx *c, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));
void cinch_cfg_path_pop (struct pctx *c, size_t old);
size_t cinch_cfg_push_key (struct pctx *c, const char *key);
size_t cinch_cfg_push_index (struct pctx *c, size_t i);
/* Keys of free-form maps (annotations, sysctl), which may hold dots.  */
size_t cinch_cfg_push_map_key (struct pctx *c, const char *key);

/* "<json path>: <message>".  Always return -1.  */
int cinch_cfg_fail_at (struct pctx *c, cinch_error_t *err, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
/* "<json path>.<key>: required".  */
int cinch_cfg_fail_missing (struct pctx *c, const char *key, cinch_error_t *err);
/* Record "<json path>: <message>" in c->warnings (capped).  */
void cinch_cfg_warn_at (struct pctx *c, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

/* The member (borrowed from obj), or NULL when absent or null.  */
json_t *cinch_cfg_member (json_t *obj, const char *key);
int cinch_cfg_expect_object (struct pctx *c, json_t *v, cinch_error_t *err);
int cinch_cfg_expect_array (struct pctx *c, json_t *v, cinch_error_t *err);

/* Values at c->path.  */
int cinch_cfg_val_u32 (struct pctx *c, json_t *v, uint32_t max, uint32_t *out, cinch_error_t *err);
/* An absolute path inside the container, lexically cleaned ("..", "." and
 * "//" resolved, never above "/").  */
int cinch_cfg_val_container_path (struct pctx *c, json_t *v, char **out, cinch_error_t *err);
/* An absolute host path, cleaned of "." and "//" ("..", left for the kernel). */
int cinch_cfg_val_abs_host_path (struct pctx *c, json_t *v, char **out, cinch_error_t *err);

/* Keyed getters (obj[key], with key on the path while it is checked).  */
int cinch_cfg_get_string (struct pctx *c, json_t *obj, const char *key, char **out,
                          cinch_error_t *err);
int cinch_cfg_get_bool (struct pctx *c, json_t *obj, const char *key, bool *out,
                        cinch_error_t *err);
/* An array of strings as a NULL-terminated vector.  */
int cinch_cfg_get_strv (struct pctx *c, json_t *obj, const char *key, char ***out,
                        cinch_error_t *err);
int cinch_cfg_get_u32 (struct pctx *c, json_t *obj, const char *key, uint32_t *out,
                       cinch_error_t *err);
int cinch_cfg_get_u64 (struct pctx *c, json_t *obj, const char *key, uint64_t *out,
                       cinch_error_t *err);
int cinch_cfg_get_container_path (struct pctx *c, json_t *obj, const char *key, char **out,
                                  cinch_error_t *err);
int cinch_cfg_get_i64 (struct pctx *c, json_t *obj, const char *key, int64_t min, int64_t max,
                       int64_t *out, cinch_error_t *err);
/* A free-form string where "" means absent (Go omitempty); replaces *out.  */
int cinch_cfg_get_opt_string (struct pctx *c, json_t *obj, const char *key, char **out,
                              cinch_error_t *err);
/* One of tab[0..n)'s names into *out; `what` names the kind in errors
 * ("unknown seccomp action \"X\"").  Absent and required is an error.  */
int cinch_cfg_get_enum (struct pctx *c, json_t *obj, const char *key, bool required,
                        const struct cinch_name *tab, size_t n, const char *what, int *out,
                        cinch_error_t *err);
/* Names from tab[0..n) OR-ed into *out; unknown names are errors.  */
int cinch_cfg_get_flags (struct pctx *c, json_t *obj, const char *key, const struct cinch_name *tab,
                         size_t n, const char *what, uint64_t *out, cinch_error_t *err);
/* An array of objects: *items gets n zeroed items of item_size, each
 * decoded by fn (ud passed through).  *items is owned by the caller even
 * on failure, with the items decoded so far, so that the plan frees it.  */
int cinch_cfg_get_array (struct pctx *c, json_t *obj, const char *key, size_t item_size,
                         void **items, size_t *n, item_fn fn, void *ud, cinch_error_t *err);
/* An object of string values; check_key (may be NULL) refuses a key with
 * the message key_rule.  *out is owned by the caller even on failure, with
 * *n complete entries.  */
int cinch_cfg_get_kv_map (struct pctx *c, json_t *obj, const char *key, struct cinch_kv **out,
                          size_t *n, int (*check_key) (const char *), const char *key_rule,
                          cinch_error_t *err);
/* uidMappings/gidMappings (user_namespaces(7) limits).  Ownership as for
 * cinch_cfg_get_array.  */
int cinch_cfg_get_id_mappings (struct pctx *c, json_t *obj, const char *key,
                               struct cinch_id_mapping **out, size_t *n, cinch_error_t *err);

/* Free n key/value pairs and the array (NULL is fine).  */
void cinch_cfg_kv_free (struct cinch_kv *kv, size_t n);

/* parse_linux.c: the "linux" object (c->path is "linux") into *lx, which
 * must start zeroed and is released with cinch_cfg_linux_clear even when
 * this fails.  */
int cinch_cfg_parse_linux (struct pctx *c, struct cinch_linux *lx, json_t *obj, cinch_error_t *err);
/* Free what *lx owns (not lx itself).  */
void cinch_cfg_linux_clear (struct cinch_linux *lx);
/* parse_linux.c: a linux.resources object (c->path is "linux.resources",
 * or "" for a standalone document) into *res, which must start zeroed and
 * is released with cinch_resources_clear even when this fails.  */
int cinch_cfg_parse_resources (struct pctx *c, struct cinch_resources *res, json_t *obj,
                               cinch_error_t *err);

#endif
