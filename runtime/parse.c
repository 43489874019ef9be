/* cinch — config.json to struct cinch_plan (pure).
 *
 * The text is checked before jansson sees it: size (CINCH_CONFIG_MAX_SIZE)
 * and nesting depth (CINCH_CONFIG_MAX_DEPTH), so that a hostile config is
 * refused without deep recursion.  That pre-scan also handles one thing
 * jansson cannot: integers above INT64_MAX.  Go writes RLIM_INFINITY and
 * 64-bit seccomp masks as plain uint64 literals ("hard":
 * 18446744073709551615), which jansson refuses as "too big integer".  Each
 * such literal is replaced, in a copy of the text, by a string token of the
 * same length ("\u0000<n>" padded with spaces, so jansson's line/column
 * numbers stay right) that indexes a side table of the real values; only
 * the unsigned getters accept it.  NUL bytes are otherwise never accepted
 * in strings.
 *
 * Every error names the JSON path of the value it is about, in the form
 * "process.rlimits[1].hard: expected an unsigned integer".  Fields the spec
 * does not define are ignored (config.md, "Extensibility": unknown
 * properties MUST be ignored, not turned into errors).  As Go-generated
 * configs use omitempty, JSON null and, for optional free-form strings
 * (hostname, labels, cgroupsPath), "" mean "absent".
 *
 * The "linux" object (seccomp included) is decoded in parse_linux.c, with
 * the value helpers below (cinch_cfg_*, declared in parse_internal.h).  */
#include "parse_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "hooks.h"
#include "util.h"


/* user_namespaces(7): at most 340 lines in uid_map/gid_map.  */
#define MAX_ID_MAPPINGS 340
/* NGROUPS_MAX of the kernel.  */
#define MAX_ADDITIONAL_GIDS 65536
/* HOST_NAME_MAX: sethostname(2) refuses longer names.  */
#define MAX_HOSTNAME 64
/* A hostile config must not flood the log with warnings.  */
#define MAX_WARNINGS 64

/* ------------------------------------------------------------------ */
/* Parser context (struct pctx in parse_internal.h), errors, warnings.  */

static void
json_unrefp (json_t **j)
{
  if (*j)
    json_decref (*j);
}
#define cleanup_json __attribute__ ((cleanup (json_unrefp)))


char *
cinch_cfg_printable (const char *s)
{
  return cinch_printable (s, true);
}

size_t
cinch_cfg_path_push (struct pctx *c, const char *fmt, ...)
{
  size_t old = c->len;
  cleanup_free char *piece = NULL;
  size_t n;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&piece, fmt, ap) < 0)
    piece = NULL;
  va_end (ap);
  if (piece == NULL)
    piece = cinch_xstrdup ("?");
  n = strlen (piece);
  if (c->len + n + 1 > c->cap)
    {
      c->cap = (c->len + n + 1) * 2;
      c->path = cinch_xrealloc (c->path, c->cap);
    }
  memcpy (c->path + c->len, piece, n + 1);
  c->len += n;
  return old;
}

void
cinch_cfg_path_pop (struct pctx *c, size_t old)
{
  c->len = old;
  if (c->path)
    c->path[old] = '\0';
}

size_t
cinch_cfg_push_key (struct pctx *c, const char *key)
{
  return cinch_cfg_path_push (c, c->len ? ".%s" : "%s", key);
}

size_t
cinch_cfg_push_index (struct pctx *c, size_t i)
{
  return cinch_cfg_path_push (c, "[%zu]", i);
}

size_t
cinch_cfg_push_map_key (struct pctx *c, const char *key)
{
  cleanup_free char *shown = cinch_cfg_printable (key);
  return cinch_cfg_path_push (c, "[\"%s\"]", shown);
}

int
cinch_cfg_fail_at (struct pctx *c, cinch_error_t *err, const char *fmt, ...)
{
  cleanup_free char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    msg = NULL;
  va_end (ap);
  return cinch_fail (err, 0, "%s: %s", c->path ? c->path : "config", msg ? msg : "invalid");
}

void
cinch_cfg_warn_at (struct pctx *c, const char *fmt, ...)
{
  cleanup_free char *msg = NULL;
  va_list ap;

  if (c->n_warnings > MAX_WARNINGS)
    return;
  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    msg = NULL;
  va_end (ap);
  c->warnings = cinch_xrealloc (c->warnings, (c->n_warnings + 2) * sizeof (char *));
  if (c->n_warnings == MAX_WARNINGS)
    c->warnings[c->n_warnings++] = cinch_xasprintf ("%s: further warnings suppressed", c->path);
  else
    c->warnings[c->n_warnings++] = cinch_xasprintf ("%s: %s", c->path, msg ? msg : "warning");
  c->warnings[c->n_warnings] = NULL;
}

int
cinch_cfg_fail_missing (struct pctx *c, const char *key, cinch_error_t *err)
{
  cinch_cfg_push_key (c, key);
  return cinch_cfg_fail_at (c, err, "required");
}

/* ------------------------------------------------------------------ */
/* Values.  */

json_t *
cinch_cfg_member (json_t *obj, const char *key)
{
  json_t *v = json_object_get (obj, key);
  return json_is_null (v) ? NULL : v;
}

/* A big integer token of the pre-scan (see the top of the file).  */
static bool
big_value (const struct pctx *c, json_t *v, uint64_t *out)
{
  const char *s;
  uint64_t idx;

  if (!json_is_string (v) || json_string_length (v) < 2)
    return false;
  s = json_string_value (v);
  if (s[0] != '\0' || cinch_parse_u64 (s + 1, UINT64_MAX, &idx) < 0 || idx >= c->n_big)
    return false;
  *out = c->big[idx];
  return true;
}

int
cinch_cfg_expect_object (struct pctx *c, json_t *v, cinch_error_t *err)
{
  return json_is_object (v) ? 0 : cinch_cfg_fail_at (c, err, "expected an object");
}

int
cinch_cfg_expect_array (struct pctx *c, json_t *v, cinch_error_t *err)
{
  return json_is_array (v) ? 0 : cinch_cfg_fail_at (c, err, "expected an array");
}

/* A string; *out is a copy (not set on failure).  */
static int
val_string (struct pctx *c, json_t *v, char **out, cinch_error_t *err)
{
  uint64_t ignored;

  if (!json_is_string (v) || big_value (c, v, &ignored))
    return cinch_cfg_fail_at (c, err, "expected a string");
  if (strlen (json_string_value (v)) != json_string_length (v))
    return cinch_cfg_fail_at (c, err, "string contains a NUL byte");
  *out = cinch_xstrdup (json_string_value (v));
  return 0;
}

static int
val_u64 (struct pctx *c, json_t *v, uint64_t max, uint64_t *out, cinch_error_t *err)
{
  uint64_t u = 0;

  if (big_value (c, v, &u))
    ;
  else if (json_is_integer (v) && json_integer_value (v) >= 0)
    u = (uint64_t) json_integer_value (v);
  else
    return cinch_cfg_fail_at (c, err, "expected an unsigned integer");
  if (u > max)
    return cinch_cfg_fail_at (c, err, "%" PRIu64 " is out of range (0..%" PRIu64 ")", u, max);
  *out = u;
  return 0;
}

int
cinch_cfg_val_u32 (struct pctx *c, json_t *v, uint32_t max, uint32_t *out, cinch_error_t *err)
{
  uint64_t u;
  if (val_u64 (c, v, max, &u, err) < 0)
    return -1;
  *out = (uint32_t) u;
  return 0;
}

static int
val_i64 (struct pctx *c, json_t *v, int64_t min, int64_t max, int64_t *out, cinch_error_t *err)
{
  uint64_t u = 0;
  int64_t i;

  if (big_value (c, v, &u))
    return cinch_cfg_fail_at (c, err, "%" PRIu64 " is out of range (%" PRId64 "..%" PRId64 ")", u,
                              min, max);
  if (!json_is_integer (v))
    return cinch_cfg_fail_at (c, err, "expected an integer");
  i = json_integer_value (v);
  if (i < min || i > max)
    return cinch_cfg_fail_at (c, err, "%" PRId64 " is out of range (%" PRId64 "..%" PRId64 ")", i,
                              min, max);
  *out = i;
  return 0;
}

static int
val_bool (struct pctx *c, json_t *v, bool *out, cinch_error_t *err)
{
  if (!json_is_boolean (v))
    return cinch_cfg_fail_at (c, err, "expected a boolean");
  *out = json_is_true (v);
  return 0;
}

/* An array of strings as a NULL-terminated vector (always allocated).  */
static int
val_strv (struct pctx *c, json_t *v, char ***out, cinch_error_t *err)
{
  cleanup_strv char **strv = NULL;
  size_t i;
  json_t *e;

  if (cinch_cfg_expect_array (c, v, err) < 0)
    return -1;
  strv = cinch_xcalloc (json_array_size (v) + 1, sizeof (char *));
  json_array_foreach (v, i, e)
  {
    size_t m = cinch_cfg_push_index (c, i);
    if (val_string (c, e, &strv[i], err) < 0)
      return -1;
    cinch_cfg_path_pop (c, m);
  }
  *out = steal_pointer (&strv);
  return 0;
}


/* An absolute path, cleaned; inside the container ".." cannot climb above
 * "/" (container), on the host it is kept.  */
static int
val_abs_path (struct pctx *c, json_t *v, bool container, char **out, cinch_error_t *err)
{
  cleanup_free char *s = NULL;

  if (val_string (c, v, &s, err) < 0)
    return -1;
  if (s[0] != '/')
    {
      cleanup_free char *shown = cinch_cfg_printable (s);
      return cinch_cfg_fail_at (c, err, "\"%s\" is not an absolute path", shown);
    }
  *out = cinch_path_clean (s, container);
  return 0;
}

/* A path inside the container: must be absolute; cleaned.  */
int
cinch_cfg_val_container_path (struct pctx *c, json_t *v, char **out, cinch_error_t *err)
{
  return val_abs_path (c, v, true, out, err);
}

/* A host path: absolute as written, or relative to the bundle.  */
static char *
host_path (const struct pctx *c, const char *s)
{
  cleanup_free char *joined = NULL;
  if (s[0] == '/')
    return cinch_path_clean (s, false);
  joined = cinch_xasprintf ("%s/%s", c->bundle, s);
  return cinch_path_clean (joined, false);
}

int
cinch_cfg_val_abs_host_path (struct pctx *c, json_t *v, char **out, cinch_error_t *err)
{
  return val_abs_path (c, v, false, out, err);
}

/* Keyed getters (see parse_internal.h).  */
#define DEFINE_GETTER(name, type, call)                                                            \
  int name (struct pctx *c, json_t *obj, const char *key, type out, cinch_error_t *err)            \
  {                                                                                                \
    json_t *v = cinch_cfg_member (obj, key);                                                       \
    size_t m;                                                                                      \
    if (v == NULL)                                                                                 \
      return 0;                                                                                    \
    m = cinch_cfg_push_key (c, key);                                                               \
    if (call < 0)                                                                                  \
      return -1;                                                                                   \
    cinch_cfg_path_pop (c, m);                                                                     \
    return 1;                                                                                      \
  }

DEFINE_GETTER (cinch_cfg_get_string, char **, val_string (c, v, out, err))
DEFINE_GETTER (cinch_cfg_get_bool, bool *, val_bool (c, v, out, err))
DEFINE_GETTER (cinch_cfg_get_strv, char ***, val_strv (c, v, out, err))
DEFINE_GETTER (cinch_cfg_get_u32, uint32_t *, cinch_cfg_val_u32 (c, v, UINT32_MAX, out, err))
DEFINE_GETTER (cinch_cfg_get_u64, uint64_t *, val_u64 (c, v, UINT64_MAX, out, err))
DEFINE_GETTER (cinch_cfg_get_container_path, char **, cinch_cfg_val_container_path (c, v, out, err))

int
cinch_cfg_get_opt_string (struct pctx *c, json_t *obj, const char *key, char **out,
                          cinch_error_t *err)
{
  cleanup_free char *s = NULL;
  int r = cinch_cfg_get_string (c, obj, key, &s, err);

  if (r <= 0)
    return r;
  if (*s == '\0')
    return 0;
  free (*out);
  *out = steal_pointer (&s);
  return 1;
}

int
cinch_cfg_get_i64 (struct pctx *c, json_t *obj, const char *key, int64_t min, int64_t max,
                   int64_t *out, cinch_error_t *err)
{
  json_t *v = cinch_cfg_member (obj, key);
  size_t m;

  if (v == NULL)
    return 0;
  m = cinch_cfg_push_key (c, key);
  if (val_i64 (c, v, min, max, out, err) < 0)
    return -1;
  cinch_cfg_path_pop (c, m);
  return 1;
}

static int
get_int (struct pctx *c, json_t *obj, const char *key, int min, int max, int *out,
         cinch_error_t *err)
{
  int64_t i;
  int r = cinch_cfg_get_i64 (c, obj, key, min, max, &i, err);
  if (r > 0)
    *out = (int) i;
  return r;
}

int
cinch_cfg_get_array (struct pctx *c, json_t *obj, const char *key, size_t item_size, void **items,
                     size_t *n, item_fn fn, void *ud, cinch_error_t *err)
{
  json_t *a = cinch_cfg_member (obj, key), *e;
  size_t m, i;

  if (a == NULL)
    return 0;
  m = cinch_cfg_push_key (c, key);
  if (cinch_cfg_expect_array (c, a, err) < 0)
    return -1;
  *n = json_array_size (a);
  *items = cinch_xcalloc (*n, item_size);
  json_array_foreach (a, i, e)
  {
    size_t mi = cinch_cfg_push_index (c, i);
    if (fn (c, e, (char *) *items + i * item_size, ud, err) < 0)
      return -1;
    cinch_cfg_path_pop (c, mi);
  }
  cinch_cfg_path_pop (c, m);
  return 1;
}

int
cinch_cfg_get_enum (struct pctx *c, json_t *obj, const char *key, bool required,
                    const struct cinch_name *tab, size_t n, const char *what, int *out,
                    cinch_error_t *err)
{
  cleanup_free char *s = NULL;
  int r = cinch_cfg_get_string (c, obj, key, &s, err);

  if (r < 0)
    return -1;
  if (r == 0)
    return required ? cinch_cfg_fail_missing (c, key, err) : 0;
  for (size_t i = 0; i < n; i++)
    if (strcmp (s, tab[i].name) == 0)
      {
        *out = tab[i].value;
        return 1;
      }
  {
    cleanup_free char *shown = cinch_cfg_printable (s);
    cinch_cfg_push_key (c, key);
    return cinch_cfg_fail_at (c, err, "unknown %s \"%s\"", what, shown);
  }
}

int
cinch_cfg_get_kv_map (struct pctx *c, json_t *obj, const char *key, struct cinch_kv **out,
                      size_t *n, int (*check_key) (const char *), const char *key_rule,
                      cinch_error_t *err)
{
  json_t *o = cinch_cfg_member (obj, key), *v;
  const char *k;
  size_t m;

  if (o == NULL)
    return 0;
  m = cinch_cfg_push_key (c, key);
  if (cinch_cfg_expect_object (c, o, err) < 0)
    return -1;
  *out = cinch_xcalloc (json_object_size (o), sizeof (struct cinch_kv));
  *n = 0;
  json_object_foreach (o, k, v)
  {
    size_t mk = cinch_cfg_push_map_key (c, k);
    struct cinch_kv *kv = &(*out)[*n];
    if (check_key && !check_key (k))
      return cinch_cfg_fail_at (c, err, "%s", key_rule);
    if (val_string (c, v, &kv->value, err) < 0)
      return -1;
    kv->key = cinch_xstrdup (k);
    (*n)++;
    cinch_cfg_path_pop (c, mk);
  }
  cinch_cfg_path_pop (c, m);
  return 1;
}

/* ------------------------------------------------------------------ */
/* Shared pieces.  */

static int
parse_id_mapping (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_id_mapping *im = item;
  static const char *const keys[] = { "containerID", "hostID", "size" };
  uint32_t *dst[] = { &im->container_id, &im->host_id, &im->size };

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (keys); i++)
    {
      int r = cinch_cfg_get_u32 (c, v, keys[i], dst[i], err);
      if (r < 0)
        return -1;
      if (r == 0)
        return cinch_cfg_fail_missing (c, keys[i], err);
    }
  if (im->size == 0)
    return cinch_cfg_fail_at (c, err, "size must be greater than zero");
  if ((uint64_t) im->container_id + im->size - 1 > UINT32_MAX
      || (uint64_t) im->host_id + im->size - 1 > UINT32_MAX)
    return cinch_cfg_fail_at (c, err, "the range goes beyond the last id (4294967295)");
  return 0;
}

int
cinch_cfg_get_id_mappings (struct pctx *c, json_t *obj, const char *key,
                           struct cinch_id_mapping **out, size_t *n, cinch_error_t *err)
{
  int r = cinch_cfg_get_array (c, obj, key, sizeof (**out), (void **) out, n, parse_id_mapping,
                               NULL, err);
  if (r > 0 && *n > MAX_ID_MAPPINGS)
    {
      cinch_cfg_push_key (c, key);
      return cinch_cfg_fail_at (c, err, "%zu mappings, the kernel accepts at most %d", *n,
                                MAX_ID_MAPPINGS);
    }
  return r;
}

/* "KEY=value" with a non-empty key.  */
static int
check_env (struct pctx *c, char **env, cinch_error_t *err)
{
  for (size_t i = 0; env && env[i]; i++)
    {
      const char *eq = strchr (env[i], '=');
      if (eq == NULL || eq == env[i])
        {
          cleanup_free char *shown = cinch_cfg_printable (env[i]);
          cinch_cfg_push_index (c, i);
          return cinch_cfg_fail_at (c, err, "\"%s\" is not of the form KEY=value", shown);
        }
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* process  */

static const char *const cap_set_names[CINCH_CAP_SET_COUNT] = {
  [CINCH_CAP_BOUNDING] = "bounding",       [CINCH_CAP_EFFECTIVE] = "effective",
  [CINCH_CAP_INHERITABLE] = "inheritable", [CINCH_CAP_PERMITTED] = "permitted",
  [CINCH_CAP_AMBIENT] = "ambient",
};

/* Unknown names are skipped with a warning: a newer kernel's capability
 * in a config must not stop an older runtime (runc does the same).  */
static int
parse_capabilities (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  p->has_capabilities = true;
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    {
      cleanup_strv char **names = NULL;
      size_t m = cinch_cfg_push_key (c, cap_set_names[s]);
      json_t *v = cinch_cfg_member (obj, cap_set_names[s]);

      if (v != NULL && val_strv (c, v, &names, err) < 0)
        return -1;
      for (size_t i = 0; names && names[i]; i++)
        {
          int cap = cinch_cap_from_name (names[i]);
          if (cap < 0)
            {
              cleanup_free char *shown = cinch_cfg_printable (names[i]);
              size_t mi = cinch_cfg_push_index (c, i);
              cinch_cfg_warn_at (c, "unknown capability \"%s\", skipped", shown);
              cinch_cfg_path_pop (c, mi);
              continue;
            }
          p->caps[s] |= UINT64_C (1) << cap;
        }
      cinch_cfg_path_pop (c, m);
    }
  return 0;
}

static int
parse_rlimit (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_rlimit *rl = item;
  const struct cinch_process *p = ud;
  cleanup_free char *type = NULL;
  size_t m;
  int r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_string (c, v, "type", &type, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "type", err);
  rl->resource = cinch_rlimit_from_name (type);
  m = cinch_cfg_push_key (c, "type");
  if (rl->resource < 0)
    {
      cleanup_free char *shown = cinch_cfg_printable (type);
      return cinch_cfg_fail_at (c, err, "unknown rlimit \"%s\"", shown);
    }
  for (const struct cinch_rlimit *o = p->rlimits; o < rl; o++)
    if (o->resource == rl->resource)
      return cinch_cfg_fail_at (c, err, "duplicate rlimit \"%s\"",
                                cinch_rlimit_name (rl->resource));
  cinch_cfg_path_pop (c, m);
  if ((r = cinch_cfg_get_u64 (c, v, "soft", &rl->soft, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "soft", err);
  if ((r = cinch_cfg_get_u64 (c, v, "hard", &rl->hard, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "hard", err);
  if (rl->soft > rl->hard)
    return cinch_cfg_fail_at (c, err, "soft limit %" PRIu64 " is greater than hard limit %" PRIu64,
                              rl->soft, rl->hard);
  return 0;
}



int
cinch_cfg_get_flags (struct pctx *c, json_t *obj, const char *key, const struct cinch_name *tab,
                     size_t n, const char *what, uint64_t *out, cinch_error_t *err)
{
  cleanup_strv char **names = NULL;
  int r = cinch_cfg_get_strv (c, obj, key, &names, err);

  if (r <= 0)
    return r;
  for (size_t i = 0; names[i]; i++)
    {
      size_t j;
      for (j = 0; j < n && strcmp (names[i], tab[j].name) != 0; j++)
        ;
      if (j == n)
        {
          cleanup_free char *shown = cinch_cfg_printable (names[i]);
          cinch_cfg_push_key (c, key);
          cinch_cfg_push_index (c, i);
          return cinch_cfg_fail_at (c, err, "unknown %s \"%s\"", what, shown);
        }
      *out |= (uint64_t) tab[j].value;
    }
  return 1;
}

/* sched_setattr(2) rules, checked here so the error names the field.  */
static int
check_scheduler (struct pctx *c, const struct cinch_process *p, cinch_error_t *err)
{
  bool rt = p->sched_policy == SCHED_FIFO || p->sched_policy == SCHED_RR;
  bool dl = p->sched_policy == SCHED_DEADLINE;

  if (rt && p->sched_priority == 0)
    {
      cinch_cfg_push_key (c, "priority");
      return cinch_cfg_fail_at (c, err, "SCHED_FIFO and SCHED_RR need a priority in 1..99");
    }
  if (!rt && p->sched_priority != 0)
    {
      cinch_cfg_push_key (c, "priority");
      return cinch_cfg_fail_at (c, err, "only SCHED_FIFO and SCHED_RR take a static priority");
    }
  if (!dl && (p->sched_runtime || p->sched_deadline || p->sched_period))
    return cinch_cfg_fail_at (c, err, "runtime, deadline and period only apply to SCHED_DEADLINE");
  if (dl
      && (p->sched_runtime == 0 || p->sched_deadline < p->sched_runtime
          || (p->sched_period != 0 && p->sched_period < p->sched_deadline)))
    return cinch_cfg_fail_at (c, err, "SCHED_DEADLINE needs 0 < runtime <= deadline <= period");
  return 0;
}

static int
parse_scheduler (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  p->has_scheduler = true;
  if (cinch_cfg_get_enum (c, obj, "policy", true, cinch_names_sched_policies, cinch_n_names_sched_policies,
                          "scheduler policy", &p->sched_policy, err)
          < 0
      || get_int (c, obj, "nice", -20, 19, &p->sched_nice, err) < 0
      || get_int (c, obj, "priority", 0, 99, &p->sched_priority, err) < 0
      || cinch_cfg_get_flags (c, obj, "flags", cinch_names_sched_flags, cinch_n_names_sched_flags,
                              "scheduler flag", &p->sched_flags, err)
             < 0
      || cinch_cfg_get_u64 (c, obj, "runtime", &p->sched_runtime, err) < 0
      || cinch_cfg_get_u64 (c, obj, "deadline", &p->sched_deadline, err) < 0
      || cinch_cfg_get_u64 (c, obj, "period", &p->sched_period, err) < 0)
    return -1;
  return check_scheduler (c, p, err);
}


static int
parse_io_priority (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  p->has_io_priority = true;
  if (cinch_cfg_get_enum (c, obj, "class", true, cinch_names_ioprio_classes, cinch_n_names_ioprio_classes,
                          "I/O priority class", &p->ioprio_class, err)
          < 0
      || get_int (c, obj, "priority", 0, 7, &p->ioprio_level, err) < 0)
    return -1;
  return 0;
}

static int
parse_gid (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  return cinch_cfg_val_u32 (c, v, UINT32_MAX, item, err);
}

static int
parse_user (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  int r;

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_u32 (c, obj, "uid", &p->uid, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "uid", err);
  if ((r = cinch_cfg_get_u32 (c, obj, "gid", &p->gid, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "gid", err);
  if ((r = cinch_cfg_get_u32 (c, obj, "umask", &p->umask, err)) < 0)
    return -1;
  p->has_umask = r > 0;
  if (p->has_umask && p->umask > 0777)
    {
      cinch_cfg_push_key (c, "umask");
      return cinch_cfg_fail_at (c, err, "%#o is not a file mode creation mask (0..0777)", p->umask);
    }
  if ((r = cinch_cfg_get_array (c, obj, "additionalGids", sizeof (uint32_t),
                                (void **) &p->additional_gids, &p->n_additional_gids, parse_gid,
                                NULL, err))
      < 0)
    return -1;
  if (p->n_additional_gids > MAX_ADDITIONAL_GIDS)
    {
      cinch_cfg_push_key (c, "additionalGids");
      return cinch_cfg_fail_at (c, err, "more than %d groups", MAX_ADDITIONAL_GIDS);
    }
  return 0;
}

static int
parse_console_size (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  static const char *const keys[] = { "height", "width" };
  uint32_t *dst[] = { &p->console_height, &p->console_width };

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  for (size_t i = 0; i < 2; i++)
    {
      json_t *v = cinch_cfg_member (obj, keys[i]);
      size_t m;
      if (v == NULL)
        return cinch_cfg_fail_missing (c, keys[i], err);
      m = cinch_cfg_push_key (c, keys[i]);
      /* struct winsize holds unsigned short.  */
      if (cinch_cfg_val_u32 (c, v, USHRT_MAX, dst[i], err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  p->has_console_size = true;
  return 0;
}

/* Run a sub-parser on an optional object member, with the key on the path.  */
typedef int (*process_fn) (struct pctx *c, struct cinch_process *p, json_t *obj,
                           cinch_error_t *err);

static int
with_member (struct pctx *c, json_t *obj, const char *key, bool required, process_fn fn,
             struct cinch_process *p, cinch_error_t *err)
{
  json_t *v = cinch_cfg_member (obj, key);
  size_t m;

  if (v == NULL)
    return required ? cinch_cfg_fail_missing (c, key, err) : 0;
  m = cinch_cfg_push_key (c, key);
  if (fn (c, p, v, err) < 0)
    return -1;
  cinch_cfg_path_pop (c, m);
  return 0;
}

static int
parse_process_exec (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  int r;

  if ((r = cinch_cfg_get_strv (c, obj, "args", &p->args, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "args", err);
  if (p->args[0] == NULL)
    {
      cinch_cfg_push_key (c, "args");
      return cinch_cfg_fail_at (c, err, "must not be empty");
    }
  if (p->args[0][0] == '\0')
    {
      cinch_cfg_push_key (c, "args");
      cinch_cfg_push_index (c, 0);
      return cinch_cfg_fail_at (c, err, "must not be empty");
    }
  if ((r = cinch_cfg_get_strv (c, obj, "env", &p->env, err)) < 0)
    return -1;
  if (r == 0)
    p->env = cinch_xcalloc (1, sizeof (char *));
  else
    {
      size_t m = cinch_cfg_push_key (c, "env");
      if (check_env (c, p->env, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  if ((r = cinch_cfg_get_container_path (c, obj, "cwd", &p->cwd, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "cwd", err);
  if (cinch_cfg_get_bool (c, obj, "terminal", &p->terminal, err) < 0
      || with_member (c, obj, "consoleSize", false, parse_console_size, p, err) < 0
      || with_member (c, obj, "user", true, parse_user, p, err) < 0)
    return -1;
  return 0;
}

static int
parse_process_security (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  int r;

  if (with_member (c, obj, "capabilities", false, parse_capabilities, p, err) < 0
      || cinch_cfg_get_array (c, obj, "rlimits", sizeof (struct cinch_rlimit),
                              (void **) &p->rlimits, &p->n_rlimits, parse_rlimit, p, err)
             < 0
      || cinch_cfg_get_bool (c, obj, "noNewPrivileges", &p->no_new_privileges, err) < 0
      || cinch_cfg_get_opt_string (c, obj, "apparmorProfile", &p->apparmor_profile, err) < 0
      || cinch_cfg_get_opt_string (c, obj, "selinuxLabel", &p->selinux_label, err) < 0)
    return -1;
  if ((r = get_int (c, obj, "oomScoreAdj", -1000, 1000, &p->oom_score_adj, err)) < 0)
    return -1;
  p->has_oom_score_adj = r > 0;
  if (with_member (c, obj, "scheduler", false, parse_scheduler, p, err) < 0
      || with_member (c, obj, "ioPriority", false, parse_io_priority, p, err) < 0)
    return -1;
  if (cinch_cfg_member (obj, "execCPUAffinity") != NULL)
    {
      size_t m = cinch_cfg_push_key (c, "execCPUAffinity");
      cinch_cfg_warn_at (c, "not supported by cinch, ignored");
      cinch_cfg_path_pop (c, m);
    }
  return 0;
}

/* The "process" object; c->path is already "process".  */
static int
parse_process (struct pctx *c, struct cinch_process *p, json_t *obj, cinch_error_t *err)
{
  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  if (parse_process_exec (c, p, obj, err) < 0)
    return -1;
  return parse_process_security (c, p, obj, err);
}

/* ------------------------------------------------------------------ */
/* root, mounts, hooks  */

static int
parse_root (struct pctx *c, struct cinch_plan *plan, json_t *obj, cinch_error_t *err)
{
  cleanup_free char *path = NULL;
  int r;

  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_string (c, obj, "path", &path, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "path", err);
  if (*path == '\0')
    {
      cinch_cfg_push_key (c, "path");
      return cinch_cfg_fail_at (c, err, "must not be empty");
    }
  if (cinch_cfg_get_bool (c, obj, "readonly", &plan->root_readonly, err) < 0)
    return -1;
  plan->root_path = host_path (c, path);
  return 0;
}

static int
check_mount_mappings (struct pctx *c, const struct cinch_mount *m, cinch_error_t *err)
{
  if (m->n_uid_mappings == 0 && m->n_gid_mappings == 0)
    return 0;
  if (m->n_uid_mappings == 0 || m->n_gid_mappings == 0)
    return cinch_cfg_fail_at (c, err, "uidMappings and gidMappings must be given together");
  if (!m->idmap && !m->ridmap)
    {
      cinch_cfg_push_key (c, "uidMappings");
      return cinch_cfg_fail_at (c, err, "needs the \"idmap\" or \"ridmap\" option");
    }
  return 0;
}

static int
parse_mount (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_mount *m = item;
  cleanup_free char *source = NULL;
  int r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_container_path (c, v, "destination", &m->destination, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "destination", err);
  if (cinch_cfg_get_string (c, v, "type", &m->type, err) < 0
      || cinch_cfg_get_string (c, v, "source", &source, err) < 0
      || cinch_cfg_get_id_mappings (c, v, "uidMappings", &m->uid_mappings, &m->n_uid_mappings, err)
             < 0
      || cinch_cfg_get_id_mappings (c, v, "gidMappings", &m->gid_mappings, &m->n_gid_mappings, err)
             < 0)
    return -1;
  if ((r = cinch_cfg_get_strv (c, v, "options", &m->options, err)) < 0)
    return -1;
  if (r == 0)
    m->options = cinch_xcalloc (1, sizeof (char *));
  if (cinch_mount_options_decode (m, c->path, err) < 0)
    return -1;
  if (check_mount_mappings (c, m, err) < 0)
    return -1;
  if (m->bind)
    {
      if (source == NULL || *source == '\0')
        {
          cinch_cfg_push_key (c, "source");
          return cinch_cfg_fail_at (c, err, "required for a bind mount");
        }
      m->source = host_path (c, source);
    }
  else
    {
      if (m->type == NULL || *m->type == '\0')
        return cinch_cfg_fail_missing (c, "type", err);
      m->source = steal_pointer (&source);
    }
  return 0;
}

static int
parse_hook (struct pctx *c, json_t *v, void *item, void *ud, cinch_error_t *err)
{
  struct cinch_hook *h = item;
  json_t *p;
  size_t m;
  int r;

  if (cinch_cfg_expect_object (c, v, err) < 0)
    return -1;
  if ((p = cinch_cfg_member (v, "path")) == NULL)
    return cinch_cfg_fail_missing (c, "path", err);
  m = cinch_cfg_push_key (c, "path");
  if (cinch_cfg_val_abs_host_path (c, p, &h->path, err) < 0)
    return -1;
  cinch_cfg_path_pop (c, m);
  if (cinch_cfg_get_strv (c, v, "args", &h->args, err) < 0)
    return -1;
  if ((r = cinch_cfg_get_strv (c, v, "env", &h->env, err)) < 0)
    return -1;
  if (r > 0)
    {
      m = cinch_cfg_push_key (c, "env");
      if (check_env (c, h->env, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, m);
    }
  if ((r = get_int (c, v, "timeout", 1, INT_MAX, &h->timeout, err)) < 0)
    return -1;
  h->has_timeout = r > 0;
  return 0;
}


static int
parse_hooks (struct pctx *c, struct cinch_hooks *hooks, json_t *obj, cinch_error_t *err)
{
  if (cinch_cfg_expect_object (c, obj, err) < 0)
    return -1;
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    if (cinch_cfg_get_array (c, obj, cinch_hook_kind_name (k), sizeof (struct cinch_hook),
                             (void **) &hooks->list[k], &hooks->count[k], parse_hook, NULL, err)
        < 0)
      return -1;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Top level.  */

/* config.md: ociVersion is SemVer; compatibility holds within a major
 * version, and cinch implements 1.x.  */
static int
check_oci_version (struct pctx *c, const char *v, cinch_error_t *err)
{
  const char *s = v;

  while (*s >= '0' && *s <= '9')
    s++;
  if (s == v || *s != '.' || s - v != 1 || v[0] != '1')
    {
      cleanup_free char *shown = cinch_cfg_printable (v);
      cinch_cfg_push_key (c, "ociVersion");
      return cinch_cfg_fail_at (c, err, "unsupported version \"%s\" (cinch implements 1.x)", shown);
    }
  return 0;
}

static int
parse_hostnames (struct pctx *c, struct cinch_plan *plan, json_t *obj, cinch_error_t *err)
{
  static const char *const keys[] = { "hostname", "domainname" };
  char **dst[] = { &plan->hostname, &plan->domainname };
  bool *has[] = { &plan->has_hostname, &plan->has_domainname };

  for (size_t i = 0; i < 2; i++)
    {
      int r = cinch_cfg_get_opt_string (c, obj, keys[i], dst[i], err);
      if (r < 0)
        return -1;
      *has[i] = r > 0;
      if (r > 0 && strlen (*dst[i]) > MAX_HOSTNAME)
        {
          cinch_cfg_push_key (c, keys[i]);
          return cinch_cfg_fail_at (c, err, "longer than %d bytes", MAX_HOSTNAME);
        }
    }
  return 0;
}

/* The run.cinch.* annotations of an effective config (see plan.h): each
 * only ever makes the container stricter, so reading them from any config
 * is safe.  */
static int
parse_extensions (struct pctx *c, struct cinch_plan *plan, cinch_error_t *err)
{
  static const struct
  {
    const char *key, *value;
  } known[] = {
    { "run.cinch.rootfs.options", "nosuid,nodev" },
    { "run.cinch.rootfs.idmap", "true" },
    { "run.cinch.userns.pool", "true" },
    { "run.cinch.seccomp", "default" },
  };

  for (size_t i = 0; i < plan->n_annotations; i++)
    for (size_t k = 0; k < sizeof (known) / sizeof (known[0]); k++)
      {
        const struct cinch_kv *a = &plan->annotations[i];
        if (strcmp (a->key, known[k].key) != 0)
          continue;
        if (strcmp (a->value, known[k].value) != 0)
          {
            cleanup_free char *shown = cinch_cfg_printable (a->value);
            cinch_cfg_push_key (c, "annotations");
            cinch_cfg_push_map_key (c, a->key);
            return cinch_cfg_fail_at (c, err, "\"%s\": the only value cinch knows is \"%s\"",
                                      shown, known[k].value);
          }
        switch (k)
          {
          case 0:
            plan->root_attr_set |= MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
            break;
          case 1:
            plan->root_idmap = true;
            break;
          case 2:
            plan->userns_from_pool = true;
            break;
          default:
            plan->default_seccomp = true;
            break;
          }
      }
  if (plan->default_seccomp && plan->linux_.seccomp != NULL)
    {
      cinch_cfg_push_key (c, "annotations");
      cinch_cfg_push_map_key (c, "run.cinch.seccomp");
      return cinch_cfg_fail_at (c, err, "\"default\" contradicts linux.seccomp: keep one of them");
    }
  return 0;
}

static int
parse_top (struct pctx *c, struct cinch_plan *plan, json_t *obj, cinch_error_t *err)
{
  json_t *v;
  int r;

  if ((r = cinch_cfg_get_string (c, obj, "ociVersion", &plan->oci_version, err)) <= 0)
    return r < 0 ? -1 : cinch_cfg_fail_missing (c, "ociVersion", err);
  if (check_oci_version (c, plan->oci_version, err) < 0)
    return -1;
  if ((v = cinch_cfg_member (obj, "root")) == NULL)
    return cinch_cfg_fail_missing (c, "root", err);
  cinch_cfg_push_key (c, "root");
  if (parse_root (c, plan, v, err) < 0)
    return -1;
  cinch_cfg_path_pop (c, 0);
  if (cinch_cfg_get_array (c, obj, "mounts", sizeof (struct cinch_mount), (void **) &plan->mounts,
                           &plan->n_mounts, parse_mount, NULL, err)
          < 0
      || parse_hostnames (c, plan, obj, err) < 0
      || cinch_cfg_get_kv_map (c, obj, "annotations", &plan->annotations, &plan->n_annotations,
                               NULL, NULL, err)
             < 0)
    return -1;
  if ((v = cinch_cfg_member (obj, "process")) != NULL)
    {
      cinch_cfg_push_key (c, "process");
      if (parse_process (c, &plan->process, v, err) < 0)
        return -1;
      plan->has_process = true;
      cinch_cfg_path_pop (c, 0);
    }
  if ((v = cinch_cfg_member (obj, "hooks")) != NULL)
    {
      cinch_cfg_push_key (c, "hooks");
      if (parse_hooks (c, &plan->hooks, v, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, 0);
    }
  if ((v = cinch_cfg_member (obj, "linux")) != NULL)
    {
      cinch_cfg_push_key (c, "linux");
      if (cinch_cfg_parse_linux (c, &plan->linux_, v, err) < 0)
        return -1;
      cinch_cfg_path_pop (c, 0);
    }
  else
    {
      plan->linux_.masked_paths = cinch_xcalloc (1, sizeof (char *));
      plan->linux_.readonly_paths = cinch_xcalloc (1, sizeof (char *));
    }
  return parse_extensions (c, plan, err);
}

/* ------------------------------------------------------------------ */
/* Pre-scan and load.  */

static bool
is_digit (char ch)
{
  return ch >= '0' && ch <= '9';
}

static bool
is_word (char ch)
{
  return is_digit (ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-'
         || ch == '+' || ch == '.' || ch == '_';
}

/* A positive integer literal text[i..j) above INT64_MAX that fits in
 * uint64: replace it by the same-length token "\u0000<n>".  */
static void
rewrite_big (const char *text, size_t i, size_t j, char **copy, size_t len, uint64_t **big,
             size_t *n_big)
{
  cleanup_free char *lit = NULL;
  char token[32];
  uint64_t u;
  int tl;

  if (j - i < 19 || j - i > 20 || text[i] == '0')
    return;
  lit = cinch_xmalloc (j - i + 1);
  memcpy (lit, text + i, j - i);
  lit[j - i] = '\0';
  if (cinch_parse_u64 (lit, UINT64_MAX, &u) < 0 || u <= (uint64_t) INT64_MAX)
    return;
  tl = snprintf (token, sizeof (token), "\"\\u0000%zu\"", *n_big);
  if (tl < 0 || (size_t) tl > j - i)
    return;
  if (*copy == NULL)
    {
      *copy = cinch_xmalloc (len + 1);
      memcpy (*copy, text, len);
      (*copy)[len] = '\0';
    }
  memcpy (*copy + i, token, (size_t) tl);
  memset (*copy + i + tl, ' ', j - i - (size_t) tl);
  *big = cinch_xrealloc (*big, (*n_big + 1) * sizeof (uint64_t));
  (*big)[(*n_big)++] = u;
}

/* Check the nesting depth and rewrite big integers (see the top of the
 * file).  *copy stays NULL when the text needs no rewriting.  */
static int
prescan (const char *text, size_t len, const char *src, char **copy, uint64_t **big, size_t *n_big,
         cinch_error_t *err)
{
  size_t depth = 0;
  bool in_string = false;

  for (size_t i = 0; i < len; i++)
    {
      char ch = text[i];
      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = false;
          continue;
        }
      if (ch == '"')
        in_string = true;
      else if (ch == '[' || ch == '{')
        {
          if (++depth > CINCH_CONFIG_MAX_DEPTH)
            return cinch_fail (err, 0, "%s: nested deeper than %d levels", src,
                               CINCH_CONFIG_MAX_DEPTH);
        }
      else if ((ch == ']' || ch == '}') && depth > 0)
        depth--;
      else if (is_digit (ch))
        {
          size_t j = i;
          while (j < len && is_digit (text[j]))
            j++;
          if ((i == 0 || !is_word (text[i - 1])) && (j == len || !is_word (text[j])))
            rewrite_big (text, i, j, copy, len, big, n_big);
          i = j - 1;
        }
    }
  return 0;
}

static int
load_json (const char *text, size_t len, const char *src, json_t **out, uint64_t **big,
           size_t *n_big, cinch_error_t *err)
{
  cleanup_free char *copy = NULL;
  json_error_t je;
  json_t *root;

  if (text == NULL)
    return cinch_fail (err, 0, "%s: no input", src);
  if (len > CINCH_CONFIG_MAX_SIZE)
    return cinch_fail (err, 0, "%s: larger than %u bytes", src, CINCH_CONFIG_MAX_SIZE);
  if (prescan (text, len, src, &copy, big, n_big, err) < 0)
    return -1;
  root = json_loadb (copy ? copy : text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
  if (root == NULL)
    {
      cleanup_free char *shown = cinch_printable (je.text, false);
      return cinch_fail (err, 0, "%s: invalid JSON at line %d column %d: %s", src, je.line,
                         je.column, shown);
    }
  if (!json_is_object (root))
    {
      json_decref (root);
      return cinch_fail (err, 0, "%s: expected a JSON object", src);
    }
  *out = root;
  return 0;
}

static void
plan_freep (struct cinch_plan **p)
{
  cinch_plan_free (*p);
}

static int
parse_text (const char *text, size_t len, const char *bundle_dir, const char *src,
            struct cinch_plan **out, cinch_error_t *err)
{
  __attribute__ ((cleanup (plan_freep))) struct cinch_plan *plan = NULL;
  cleanup_json json_t *root = NULL;
  cleanup_free uint64_t *big = NULL;
  cleanup_free char *path = NULL;
  struct pctx c = { 0 };
  int r;

  if (bundle_dir == NULL || bundle_dir[0] != '/')
    return cinch_fail (err, 0, "bundle directory `%s` is not an absolute path",
                       bundle_dir ? bundle_dir : "(null)");
  if (load_json (text, len, src, &root, &big, &c.n_big, err) < 0)
    return -1;
  c.big = big;
  c.bundle = bundle_dir;
  plan = cinch_xcalloc (1, sizeof (*plan));
  plan->bundle = cinch_path_clean (bundle_dir, false);
  r = parse_top (&c, plan, root, err);
  path = c.path;
  if (r < 0)
    {
      cinch_strv_free (c.warnings);
      return -1;
    }
  plan->warnings = c.warnings ? c.warnings : cinch_xcalloc (1, sizeof (char *));
  *out = steal_pointer (&plan);
  return 0;
}

int
cinch_plan_parse (const char *text, size_t len, const char *bundle_dir, struct cinch_plan **out,
                  cinch_error_t *err)
{
  return parse_text (text, len, bundle_dir, "config.json", out, err);
}

int
cinch_plan_load (const char *bundle_dir, const char *config_path, struct cinch_plan **out,
                 cinch_error_t *err)
{
  const char *dir = bundle_dir ? bundle_dir : ".";
  cleanup_free char *bundle = realpath (dir, NULL);
  cleanup_free char *path = NULL;
  cleanup_free char *text = NULL;
  size_t len = 0;

  if (bundle == NULL)
    return cinch_fail (err, errno, "bundle `%s`", dir);
  path = config_path ? cinch_xstrdup (config_path) : cinch_xasprintf ("%s/config.json", bundle);
  if (cinch_read_file (path, CINCH_CONFIG_MAX_SIZE, &text, &len, err) < 0)
    return -1;
  return parse_text (text, len, bundle, path, out, err);
}

int
cinch_process_parse (const char *text, size_t len, struct cinch_process *out, cinch_error_t *err)
{
  cleanup_json json_t *root = NULL;
  cleanup_free uint64_t *big = NULL;
  struct cinch_process p = { 0 };
  struct pctx c = { 0 };
  int r;

  if (load_json (text, len, "process.json", &root, &big, &c.n_big, err) < 0)
    return -1;
  c.big = big;
  c.bundle = "/";
  cinch_cfg_push_key (&c, "process");
  r = parse_process (&c, &p, root, err);
  /* There is no warning channel here; unknown capabilities are skipped.  */
  cinch_strv_free (c.warnings);
  free (c.path);
  if (r < 0)
    {
      cinch_process_clear (&p);
      return -1;
    }
  *out = p;
  return 0;
}

int
cinch_resources_parse (const char *text, size_t len, struct cinch_resources *out,
                       cinch_error_t *err)
{
  cleanup_json json_t *root = NULL;
  cleanup_free uint64_t *big = NULL;
  struct cinch_resources res = { 0 };
  struct pctx c = { 0 };
  int r;

  if (load_json (text, len, "resources.json", &root, &big, &c.n_big, err) < 0)
    return -1;
  c.big = big;
  c.bundle = "/";
  /* An empty path: errors name "memory.limit", as the caller wrote it.  */
  r = cinch_cfg_parse_resources (&c, &res, root, err);
  cinch_strv_free (c.warnings);
  free (c.path);
  if (r < 0)
    {
      cinch_resources_clear (&res);
      return -1;
    }
  *out = res;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Release.  */

void
cinch_process_clear (struct cinch_process *p)
{
  if (p == NULL)
    return;
  free (p->additional_gids);
  cinch_strv_free (p->args);
  cinch_strv_free (p->env);
  free (p->cwd);
  free (p->rlimits);
  free (p->apparmor_profile);
  free (p->selinux_label);
  memset (p, 0, sizeof (*p));
}

static void
mount_clear (struct cinch_mount *m)
{
  free (m->destination);
  free (m->type);
  free (m->source);
  cinch_strv_free (m->options);
  free (m->data);
  free (m->uid_mappings);
  free (m->gid_mappings);
}

void
cinch_cfg_kv_free (struct cinch_kv *kv, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (kv[i].key);
      free (kv[i].value);
    }
  free (kv);
}

void
cinch_plan_free (struct cinch_plan *plan)
{
  if (plan == NULL)
    return;
  free (plan->oci_version);
  free (plan->bundle);
  free (plan->root_path);
  cinch_process_clear (&plan->process);
  free (plan->hostname);
  free (plan->domainname);
  for (size_t i = 0; i < plan->n_mounts; i++)
    mount_clear (&plan->mounts[i]);
  free (plan->mounts);
  cinch_cfg_kv_free (plan->annotations, plan->n_annotations);
  for (int k = 0; k < CINCH_HOOK_KIND_COUNT; k++)
    {
      for (size_t i = 0; i < plan->hooks.count[k]; i++)
        {
          free (plan->hooks.list[k][i].path);
          cinch_strv_free (plan->hooks.list[k][i].args);
          cinch_strv_free (plan->hooks.list[k][i].env);
        }
      free (plan->hooks.list[k]);
    }
  cinch_cfg_linux_clear (&plan->linux_);
  cinch_strv_free (plan->warnings);
  free (plan);
}
