/* cinch — the admin's policy file (policy.conf): built-in defaults, the
 * `key = value` parser and the loader.  See policy.h and
 * man/cinch-policy.5.
 *
 * The file is read on every create, so loading stays cheap: one open, one
 * fstat, one read into a stack buffer (the file is at most 64 KiB), and no
 * allocation beyond the strings the policy keeps.  The file decides what
 * containers may do, so when cinch runs as root it must be a regular file
 * owned by root and writable by nobody else.  */
#include "policy.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define POLICY_MAX_SIZE (64u * 1024u)

static const char *const default_cap_names[] = {
  "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FOWNER",  "CAP_FSETID",     "CAP_KILL",
  "CAP_SETGID", "CAP_SETUID",       "CAP_SETPCAP", "CAP_SYS_CHROOT", "CAP_NET_BIND_SERVICE",
};

/* The capabilities that reach past the container (one CINCH-CAP-<NAME>
 * rule each): they are never part of default-capabilities, and they are
 * the only ones userns-allowed-capabilities may name.  */
static const char *const host_priv_cap_names[] = {
  "CAP_SYS_ADMIN", "CAP_SYS_MODULE",    "CAP_SYS_RAWIO",          "CAP_SYS_PTRACE",
  "CAP_SYS_BOOT",  "CAP_SYS_TIME",      "CAP_MAC_ADMIN",          "CAP_MAC_OVERRIDE",
  "CAP_BPF",       "CAP_PERFMON",       "CAP_DAC_READ_SEARCH",    "CAP_NET_ADMIN",
  "CAP_SYSLOG",    "CAP_AUDIT_CONTROL", "CAP_CHECKPOINT_RESTORE",
};

static const char *const default_hook_dirs[] = {
  "/usr/libexec/cinch/hooks",
  "/usr/libexec/oci/hooks.d",
  "/usr/bin",
  "/usr/sbin",
  "/usr/libexec",
  "/usr/lib",
  "/usr/local/libexec/cinch",
};

#define KEYS_EXPECTED                                                                              \
  "profile, userns-pool, allow-no-userns, default-capabilities, "                                  \
  "userns-allowed-capabilities, tmpfs-size, hook-dirs, bind-allow, unenforceable-limits or "     \
  "default-pids-limit"

static uint64_t
caps_mask_of (const char *const *names, size_t n)
{
  uint64_t mask = 0;

  for (size_t i = 0; i < n; i++)
    {
      int cap = cinch_cap_from_name (names[i]);
      if (cap >= 0)
        mask |= UINT64_C (1) << cap;
    }
  return mask;
}

static uint64_t
host_priv_caps (void)
{
  return caps_mask_of (host_priv_cap_names, CINCH_ARRAY_SIZE (host_priv_cap_names));
}

void
cinch_policy_init (struct cinch_policy *pol)
{
  memset (pol, 0, sizeof (*pol));
  pol->profile = CINCH_PROFILE_HARDENED;
  pol->userns_pool_first = 1000000000u;
  pol->userns_pool_slots = 1024u;
  pol->allow_no_userns = false;
  pol->default_caps = caps_mask_of (default_cap_names, CINCH_ARRAY_SIZE (default_cap_names));
  pol->userns_allowed_caps = 0;
  pol->tmpfs_size = cinch_xstrdup ("64m");
  pol->unenforceable_limits_warn = false;
  pol->default_pids_limit = 4096;
  pol->hook_dirs = cinch_xcalloc (CINCH_ARRAY_SIZE (default_hook_dirs) + 1, sizeof (char *));
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (default_hook_dirs); i++)
    pol->hook_dirs[i] = cinch_xstrdup (default_hook_dirs[i]);
  /* Empty vectors, never NULL: the rules walk them without a check.  */
  pol->bind_allow = cinch_xcalloc (1, sizeof (char *));
}

void
cinch_policy_clear (struct cinch_policy *pol)
{
  free (pol->source);
  free (pol->tmpfs_size);
  cinch_strv_free (pol->hook_dirs);
  cinch_strv_free (pol->bind_allow);
  pol->source = NULL;
  pol->tmpfs_size = NULL;
  pol->hook_dirs = NULL;
  pol->bind_allow = NULL;
}

/* ---- parsing ------------------------------------------------------------- */

struct span
{
  const char *s;
  size_t n;
};

/* Where an error points: "<source>:<line>: <key>: ".  */
struct line_ctx
{
  const char *source;
  unsigned line;
  struct span key;
};

/* What the text sets; moved into the policy only when the whole text
 * parsed, so that a bad file leaves the policy as it was.  */
struct staged
{
  bool has_profile, has_pool, has_allow_no_userns, has_default_caps, has_userns_caps,
      has_limits_warn, has_pids_limit;
  bool limits_warn;
  int64_t pids_limit;
  enum cinch_profile profile;
  uint32_t pool_first, pool_slots;
  bool allow_no_userns;
  uint64_t default_caps, userns_caps;
  char *tmpfs_size;  /* NULL: not set */
  char **hook_dirs;  /* NULL: not set */
  char **bind_allow; /* NULL: not set */
};

static void
staged_clear (struct staged *st)
{
  free (st->tmpfs_size);
  cinch_strv_free (st->hook_dirs);
  cinch_strv_free (st->bind_allow);
}

static int line_fail (const struct line_ctx *ctx, cinch_error_t *err, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

static int
line_fail (const struct line_ctx *ctx, cinch_error_t *err, const char *fmt, ...)
{
  va_list ap;
  char *msg = NULL;
  int r;

  va_start (ap, fmt);
  r = vasprintf (&msg, fmt, ap);
  va_end (ap);
  if (r < 0)
    msg = NULL;
  cinch_fail (err, 0, "%s:%u: %.*s: %s", ctx->source, ctx->line, (int) ctx->key.n, ctx->key.s,
              msg != NULL ? msg : "invalid value");
  free (msg);
  return -1;
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static struct span
trim (struct span v)
{
  while (v.n > 0 && is_blank (v.s[0]))
    {
      v.s++;
      v.n--;
    }
  while (v.n > 0 && is_blank (v.s[v.n - 1]))
    v.n--;
  return v;
}

static bool
span_eq (struct span v, const char *lit)
{
  size_t n = strlen (lit);
  return v.n == n && memcmp (v.s, lit, n) == 0;
}

/* Next blank-separated word of *rest, or false when none is left.  */
static bool
next_word (struct span *rest, struct span *word)
{
  *rest = trim (*rest);
  if (rest->n == 0)
    return false;
  word->s = rest->s;
  word->n = 0;
  while (word->n < rest->n && !is_blank (rest->s[word->n]))
    word->n++;
  rest->s += word->n;
  rest->n -= word->n;
  return true;
}

static size_t
count_words (struct span v)
{
  struct span w;
  size_t n = 0;

  while (next_word (&v, &w))
    n++;
  return n;
}

/* Copy a short word into buf as a C string; false when it does not fit
 * (such a word is no valid name anyway).  */
static bool
word_to_buf (struct span w, char *buf, size_t size)
{
  if (w.n >= size)
    return false;
  memcpy (buf, w.s, w.n);
  buf[w.n] = '\0';
  return true;
}

/* Decimal digits only (no sign, no blanks), at most max.  */
static bool
parse_uint (struct span w, uint64_t max, uint64_t *out)
{
  uint64_t v = 0;

  if (w.n == 0)
    return false;
  for (size_t i = 0; i < w.n; i++)
    {
      unsigned d;

      if (w.s[i] < '0' || w.s[i] > '9')
        return false;
      d = (unsigned) (w.s[i] - '0');
      if (v > (max - d) / 10)
        return false;
      v = v * 10 + d;
    }
  *out = v;
  return true;
}

static int
parse_profile (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err)
{
  char buf[16];
  int p = -1;

  if (word_to_buf (v, buf, sizeof (buf)))
    p = cinch_profile_from_name (buf);
  if (p < 0)
    return line_fail (ctx, err, "unknown profile `%.*s` (expected hardened, strict or compat)",
                      (int) v.n, v.s);
  st->has_profile = true;
  st->profile = (enum cinch_profile) p;
  return 0;
}

static int
parse_pool (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err)
{
  struct span rest = v, w_first, w_slots, extra;
  uint64_t first, slots, end;

  if (!next_word (&rest, &w_first) || !next_word (&rest, &w_slots) || next_word (&rest, &extra))
    return line_fail (ctx, err, "expected `FIRST SLOTS` (two numbers), got `%.*s`", (int) v.n, v.s);
  if (!parse_uint (w_first, UINT32_MAX, &first))
    return line_fail (ctx, err, "FIRST `%.*s` is not an ID between 0 and 4294967295",
                      (int) w_first.n, w_first.s);
  if (!parse_uint (w_slots, UINT32_MAX, &slots) || slots == 0)
    return line_fail (ctx, err, "SLOTS `%.*s` is not a number of user namespaces of at least 1",
                      (int) w_slots.n, w_slots.s);
  /* Slot 0 would map container root onto host root.  */
  if (first == 0)
    return line_fail (ctx, err,
                      "FIRST `%.*s`: the pool must not contain host ID 0 (root); start it above "
                      "every host user, e.g. 1000000000",
                      (int) w_first.n, w_first.s);
  /* The last ID handed out is first + slots * 65536 - 1; (uid_t) -1 is no
   * ID at all, so first + slots * 65536 must itself fit in 32 bits.  */
  end = first + slots * CINCH_USERNS_SIZE;
  if (end > UINT32_MAX)
    return line_fail (ctx, err,
                      "`%.*s`: FIRST + SLOTS * 65536 = %llu does not fit in 32 bits (at most "
                      "4294967295)",
                      (int) v.n, v.s, (unsigned long long) end);
  st->has_pool = true;
  st->pool_first = (uint32_t) first;
  st->pool_slots = (uint32_t) slots;
  return 0;
}

static int
parse_allow_no_userns (const struct line_ctx *ctx, struct span v, struct staged *st,
                       cinch_error_t *err)
{
  if (span_eq (v, "true"))
    st->allow_no_userns = true;
  else if (span_eq (v, "false"))
    st->allow_no_userns = false;
  else
    return line_fail (ctx, err, "expected true or false, got `%.*s`", (int) v.n, v.s);
  st->has_allow_no_userns = true;
  return 0;
}

/* unenforceable-limits = refuse | warn  */
static int
parse_unenforceable (const struct line_ctx *ctx, struct span v, struct staged *st,
                     cinch_error_t *err)
{
  if (span_eq (v, "warn"))
    st->limits_warn = true;
  else if (span_eq (v, "refuse"))
    st->limits_warn = false;
  else
    return line_fail (ctx, err, "expected refuse or warn, got `%.*s`", (int) v.n, v.s);
  st->has_limits_warn = true;
  return 0;
}

/* default-pids-limit = N | none  */
static int
parse_default_pids (const struct line_ctx *ctx, struct span v, struct staged *st,
                    cinch_error_t *err)
{
  uint64_t n;

  if (span_eq (v, "none"))
    n = 0;
  else if (!parse_uint (v, INT32_MAX, &n) || n == 0)
    return line_fail (ctx, err, "expected a positive number of processes or none, got `%.*s`",
                      (int) v.n, v.s);
  st->pids_limit = (int64_t) n;
  st->has_pids_limit = true;
  return 0;
}

/* "CINCH-CAP-SYSADMIN" for CAP_SYS_ADMIN.  */
static void
cap_rule_id (int cap, char *buf, size_t size)
{
  const char *name = cinch_cap_name (cap) + strlen ("CAP_");
  size_t n = snprintf (buf, size, "CINCH-CAP-");

  for (; *name != '\0' && n + 1 < size; name++)
    if (*name != '_')
      buf[n++] = *name;
  buf[n] = '\0';
}

static int
parse_caps (const struct line_ctx *ctx, struct span v, bool userns_allowed, uint64_t *out,
            cinch_error_t *err)
{
  uint64_t mask = 0, host_priv = host_priv_caps ();
  struct span rest = v, w;

  if (span_eq (v, "none"))
    {
      *out = 0;
      return 0;
    }
  while (next_word (&rest, &w))
    {
      char buf[64], rule[64];
      int cap = -1;

      if (span_eq (w, "none"))
        return line_fail (ctx, err, "`none` must be the only word of the list, got `%.*s`",
                          (int) v.n, v.s);
      if (word_to_buf (w, buf, sizeof (buf)))
        cap = cinch_cap_from_name (buf);
      if (cap < 0)
        return line_fail (ctx, err, "unknown capability `%.*s`", (int) w.n, w.s);
      cap_rule_id (cap, rule, sizeof (rule));
      if (!userns_allowed && (host_priv & (UINT64_C (1) << cap)))
        return line_fail (ctx, err,
                          "`%.*s` gives power over the host and is decided by rule %s, not by "
                          "this list; to allow it in containers with their own user namespace, "
                          "name it in userns-allowed-capabilities",
                          (int) w.n, w.s, rule);
      if (userns_allowed && !(host_priv & (UINT64_C (1) << cap)))
        return line_fail (ctx, err,
                          "`%.*s` is not one of the host-privilege capabilities (rules "
                          "CINCH-CAP-*); default-capabilities decides it",
                          (int) w.n, w.s);
      mask |= UINT64_C (1) << cap;
    }
  *out = mask;
  return 0;
}

static int
parse_default_caps (const struct line_ctx *ctx, struct span v, struct staged *st,
                    cinch_error_t *err)
{
  if (parse_caps (ctx, v, false, &st->default_caps, err) < 0)
    return -1;
  st->has_default_caps = true;
  return 0;
}

static int
parse_userns_caps (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err)
{
  if (parse_caps (ctx, v, true, &st->userns_caps, err) < 0)
    return -1;
  st->has_userns_caps = true;
  return 0;
}

static int
parse_tmpfs_size (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err)
{
  struct span digits = v;
  uint64_t n, mult = 1;

  if (digits.n > 0)
    switch (digits.s[digits.n - 1])
      {
      case 'k':
        mult = UINT64_C (1) << 10;
        digits.n--;
        break;
      case 'm':
        mult = UINT64_C (1) << 20;
        digits.n--;
        break;
      case 'g':
        mult = UINT64_C (1) << 30;
        digits.n--;
        break;
      default:
        break;
      }
  if (!parse_uint (digits, UINT64_MAX / mult, &n))
    return line_fail (ctx, err,
                      "expected a size in bytes with an optional k, m or g suffix (e.g. 64m), "
                      "got `%.*s`",
                      (int) v.n, v.s);
  /* tmpfs reads size=0 as "no limit": a container could fill the host's
   * memory.  */
  if (n == 0)
    return line_fail (ctx, err, "`%.*s`: a tmpfs of size 0 has no limit at all", (int) v.n, v.s);
  free (st->tmpfs_size);
  st->tmpfs_size = strndup (v.s, v.n);
  if (st->tmpfs_size == NULL)
    abort ();
  return 0;
}

/* An absolute path, cleaned of repeated and trailing "/".  "." and ".."
 * are refused: the rules compare these paths with resolved host paths.  */
static int
clean_path (const struct line_ctx *ctx, struct span w, char **out, cinch_error_t *err)
{
  cleanup_free char *p = NULL;
  size_t n = 0, i = 0;

  if (w.s[0] != '/')
    return line_fail (ctx, err, "`%.*s` is not an absolute path", (int) w.n, w.s);
  if (w.n >= PATH_MAX)
    return line_fail (ctx, err, "`%.*s...` is longer than %d bytes", 32, w.s, PATH_MAX - 1);
  p = cinch_xmalloc (w.n + 1);
  while (i < w.n)
    {
      size_t c;

      while (i < w.n && w.s[i] == '/')
        i++;
      for (c = 0; i + c < w.n && w.s[i + c] != '/'; c++)
        ;
      if (c == 0)
        break;
      if ((c == 1 && w.s[i] == '.') || (c == 2 && w.s[i] == '.' && w.s[i + 1] == '.'))
        return line_fail (ctx, err, "`%.*s`: the path must not contain `.` or `..`", (int) w.n,
                          w.s);
      p[n++] = '/';
      memcpy (p + n, w.s + i, c);
      n += c;
      i += c;
    }
  if (n == 0)
    p[n++] = '/';
  p[n] = '\0';
  *out = steal_pointer (&p);
  return 0;
}

static int
parse_paths (const struct line_ctx *ctx, struct span v, char ***out, cinch_error_t *err)
{
  cleanup_strv char **paths = NULL;
  struct span rest = v, w;
  size_t i = 0;

  if (span_eq (v, "none"))
    {
      cinch_strv_free (*out);
      *out = cinch_xcalloc (1, sizeof (char *));
      return 0;
    }
  paths = cinch_xcalloc (count_words (v) + 1, sizeof (char *));
  while (next_word (&rest, &w))
    {
      if (span_eq (w, "none"))
        return line_fail (ctx, err, "`none` must be the only word of the list, got `%.*s`",
                          (int) v.n, v.s);
      if (clean_path (ctx, w, &paths[i], err) < 0)
        return -1;
      i++;
    }
  cinch_strv_free (*out);
  *out = steal_pointer (&paths);
  return 0;
}

static int
parse_hook_dirs (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err)
{
  return parse_paths (ctx, v, &st->hook_dirs, err);
}

static int
parse_bind_allow (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err)
{
  return parse_paths (ctx, v, &st->bind_allow, err);
}

static const struct
{
  const char *key;
  int (*parse) (const struct line_ctx *ctx, struct span v, struct staged *st, cinch_error_t *err);
} keys[] = {
  { "profile", parse_profile },
  { "userns-pool", parse_pool },
  { "allow-no-userns", parse_allow_no_userns },
  { "default-capabilities", parse_default_caps },
  { "userns-allowed-capabilities", parse_userns_caps },
  { "tmpfs-size", parse_tmpfs_size },
  { "hook-dirs", parse_hook_dirs },
  { "bind-allow", parse_bind_allow },
  { "unenforceable-limits", parse_unenforceable },
  { "default-pids-limit", parse_default_pids },
};

static int
parse_line (struct line_ctx *ctx, struct span line, struct staged *st, cinch_error_t *err)
{
  struct span key, value;
  const char *eq;

  for (size_t i = 0; i < line.n; i++)
    {
      unsigned char c = (unsigned char) line.s[i];
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
        return cinch_fail (err, 0, "%s:%u: control character 0x%02x in the line", ctx->source,
                           ctx->line, c);
    }
  /* A comment starts with "#" at the start of the line or after a blank:
   * no valid value contains a blank followed by "#".  */
  for (size_t i = 0; i < line.n; i++)
    if (line.s[i] == '#' && (i == 0 || is_blank (line.s[i - 1])))
      {
        line.n = i;
        break;
      }
  line = trim (line);
  if (line.n == 0)
    return 0;
  eq = memchr (line.s, '=', line.n);
  if (eq == NULL)
    return cinch_fail (err, 0, "%s:%u: expected `key = value`, got `%.*s`", ctx->source, ctx->line,
                       (int) line.n, line.s);
  key = trim ((struct span){ line.s, (size_t) (eq - line.s) });
  value = trim ((struct span){ eq + 1, line.n - (size_t) (eq - line.s) - 1 });
  if (key.n == 0)
    return cinch_fail (err, 0, "%s:%u: missing key before `=` in `%.*s`", ctx->source, ctx->line,
                       (int) line.n, line.s);
  ctx->key = key;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (keys); i++)
    if (span_eq (key, keys[i].key))
      {
        if (value.n == 0)
          return line_fail (ctx, err, "missing value (write `none` for an empty list)");
        return keys[i].parse (ctx, value, st, err);
      }
  return line_fail (ctx, err, "unknown key (expected " KEYS_EXPECTED ")");
}

static void
staged_commit (struct staged *st, const char *source, struct cinch_policy *pol)
{
  if (st->has_profile)
    pol->profile = st->profile;
  if (st->has_pool)
    {
      pol->userns_pool_first = st->pool_first;
      pol->userns_pool_slots = st->pool_slots;
    }
  if (st->has_allow_no_userns)
    pol->allow_no_userns = st->allow_no_userns;
  if (st->has_default_caps)
    pol->default_caps = st->default_caps;
  if (st->has_userns_caps)
    pol->userns_allowed_caps = st->userns_caps;
  if (st->has_limits_warn)
    pol->unenforceable_limits_warn = st->limits_warn;
  if (st->has_pids_limit)
    pol->default_pids_limit = st->pids_limit;
  if (st->tmpfs_size != NULL)
    {
      free (pol->tmpfs_size);
      pol->tmpfs_size = steal_pointer (&st->tmpfs_size);
    }
  if (st->hook_dirs != NULL)
    {
      cinch_strv_free (pol->hook_dirs);
      pol->hook_dirs = steal_pointer (&st->hook_dirs);
    }
  if (st->bind_allow != NULL)
    {
      cinch_strv_free (pol->bind_allow);
      pol->bind_allow = steal_pointer (&st->bind_allow);
    }
  free (pol->source);
  pol->source = cinch_xstrdup (source);
}

int
cinch_policy_parse (const char *text, size_t len, const char *source, struct cinch_policy *pol,
                    cinch_error_t *err)
{
  struct staged st = { 0 };
  struct line_ctx ctx = { .source = source != NULL ? source : "policy", .line = 0 };
  size_t pos = 0;

  while (pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      size_t end = nl != NULL ? (size_t) (nl - text) : len;

      ctx.line++;
      if (parse_line (&ctx, (struct span){ text + pos, end - pos }, &st, err) < 0)
        {
          staged_clear (&st);
          return -1;
        }
      pos = end + 1;
    }
  staged_commit (&st, ctx.source, pol);
  staged_clear (&st);
  return 0;
}

/* ---- loading ----------------------------------------------------------------- */

/* Read the policy file into buf.  Returns the length, or -1; *found is
 * false (and 0 returned) when the file is the default one and absent.  */
static ssize_t
read_policy_file (const char *file, bool optional, char *buf, size_t size, bool *found,
                  cinch_error_t *err)
{
  cleanup_close int fd = -1;
  struct stat st;
  ssize_t n;

  *found = false;
  /* O_NONBLOCK: a FIFO planted at the path must not hang us before the
   * S_ISREG check below.  */
  fd = open (file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      if (optional && errno == ENOENT)
        return 0;
      return cinch_fail (err, errno, "policy file `%s`", file);
    }
  if (fstat (fd, &st) < 0)
    return cinch_fail (err, errno, "policy file `%s`: fstat", file);
  if (!S_ISREG (st.st_mode))
    return cinch_fail (err, 0, "policy file `%s`: not a regular file", file);
  if (geteuid () == 0)
    {
      if (st.st_uid != 0)
        return cinch_fail (err, 0,
                           "policy file `%s`: owned by uid %u, not by root; it decides what "
                           "containers may do (fix: chown root `%s`)",
                           file, (unsigned) st.st_uid, file);
      if (st.st_mode & (S_IWGRP | S_IWOTH))
        return cinch_fail (err, 0,
                           "policy file `%s`: writable by group or others (mode %04o); it "
                           "decides what containers may do (fix: chmod go-w `%s`)",
                           file, (unsigned) (st.st_mode & 07777), file);
    }
  if ((uint64_t) st.st_size > size - 1)
    return cinch_fail (err, 0, "policy file `%s`: larger than %zu bytes", file, size - 1);
  n = cinch_read_all (fd, buf, size);
  if (n < 0)
    return cinch_fail (err, errno, "policy file `%s`: read", file);
  /* It grew between fstat and read.  */
  if ((size_t) n > size - 1)
    return cinch_fail (err, 0, "policy file `%s`: larger than %zu bytes", file, size - 1);
  *found = true;
  return n;
}

int
cinch_policy_load (const char *path, const char *profile_name, struct cinch_policy *pol,
                   cinch_error_t *err)
{
  const char *file = path != NULL ? path : CINCH_POLICY_FILE;
  char buf[POLICY_MAX_SIZE + 1];
  struct cinch_policy tmp;
  int profile = -1;
  bool found;
  ssize_t n;

  if (profile_name != NULL && (profile = cinch_profile_from_name (profile_name)) < 0)
    return cinch_fail (err, 0,
                       "--policy: unknown profile `%s` (expected hardened, strict or compat)",
                       profile_name);
  n = read_policy_file (file, path == NULL, buf, sizeof (buf), &found, err);
  if (n < 0)
    return -1;
  cinch_policy_init (&tmp);
  if (found && cinch_policy_parse (buf, (size_t) n, file, &tmp, err) < 0)
    {
      cinch_policy_clear (&tmp);
      return -1;
    }
  if (profile >= 0)
    tmp.profile = (enum cinch_profile) profile;
  *pol = tmp;
  return 0;
}
