/* cinch — a container cgroup's statistics (cgroup_stats.h).
 *
 * Where the numbers come from follows runc's cgroup v2 reader, so that an
 * engine reading `cinch events` sees what it would see from runc:
 *   - cpu.stat usage_usec/user_usec/system_usec and the throttling counters,
 *     microseconds turned into nanoseconds;
 *   - memory.current/max (the limit "max" is UINT64_MAX), swap reported as
 *     memory + swap like cgroup v1's memsw, memory.stat as "raw" with its
 *     "file" as the cache;
 *   - pids.current/max ("max" is 0: no limit), or without the pids
 *     controller the number of processes in cgroup.procs;
 *   - io.stat rbytes/wbytes/rios/wios under cgroup v1's names;
 *   - hugetlb.<size>.current and the "max" count of hugetlb.<size>.events.  */
#include "cgroup_stats.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* cgroup files are small; io.stat grows with the number of devices.  */
#define STAT_FILE_MAX (1024u * 1024u)

/* 1 with *out when dirfd/name exists, 0 when it does not, -1 on error.  */
static int
read_stat_file (int dirfd, const char *name, char **out, cinch_error_t *err)
{
  size_t len = 0;
  cinch_error_t e = NULL;

  if (cinch_read_file_at (dirfd, name, STAT_FILE_MAX, out, &len, &e) == 0)
    return 1;
  if (e->errnum == ENOENT)
    {
      cinch_error_free (&e);
      return 0;
    }
  if (err)
    *err = e;
  else
    cinch_error_free (&e);
  return -1;
}

static uint64_t
sat_add (uint64_t a, uint64_t b)
{
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t
sat_mul (uint64_t a, uint64_t b)
{
  return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* The next line of *p (NUL-terminated in place), NULL at the end.  */
static char *
next_line (char **p)
{
  char *line = *p, *nl;

  if (line == NULL || *line == '\0')
    return NULL;
  nl = strchr (line, '\n');
  if (nl)
    {
      *nl = '\0';
      *p = nl + 1;
    }
  else
    *p = line + strlen (line);
  return line;
}

/* A file of one value: a number, or "max" read as max_value.  */
static int
parse_single (const char *name, char *text, uint64_t max_value, uint64_t *out, cinch_error_t *err)
{
  size_t n = strlen (text);

  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
    text[--n] = '\0';
  if (strcmp (text, "max") == 0)
    {
      *out = max_value;
      return 0;
    }
  if (cinch_parse_u64 (text, UINT64_MAX, out) < 0)
    {
      cleanup_free char *shown = cinch_printable (text, false);
      return cinch_fail (err, 0, "%s: expected a number or `max`, got `%s`", name, shown);
    }
  return 0;
}

/* Read a one-value file; 0 with *found false when it does not exist.  */
static int
read_single (int dirfd, const char *name, uint64_t max_value, uint64_t *out, bool *found,
             cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  int r = read_stat_file (dirfd, name, &text, err);

  *found = r > 0;
  if (r <= 0)
    return r;
  return parse_single (name, text, max_value, out, err);
}

static void
kv_free (struct cinch_stat_kv *kv, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (kv[i].key);
  free (kv);
}

/* A flat keyed file ("usage_usec 123" lines) into a list, file order.  */
static int
parse_kv (const char *name, char *text, struct cinch_stat_kv **out, size_t *n_out,
          cinch_error_t *err)
{
  struct cinch_stat_kv *kv = NULL;
  size_t n = 0;
  char *p = text, *line;
  unsigned lineno = 0;

  while ((line = next_line (&p)) != NULL)
    {
      char *sp;
      uint64_t v;
      lineno++;
      if (*line == '\0')
        continue;
      sp = strchr (line, ' ');
      if (sp == NULL || sp == line || cinch_parse_u64 (sp + 1, UINT64_MAX, &v) < 0)
        {
          cleanup_free char *shown = cinch_printable (line, false);
          kv_free (kv, n);
          return cinch_fail (err, 0, "%s: line %u: expected `KEY NUMBER`, got `%s`", name, lineno,
                             shown);
        }
      kv = cinch_xrealloc (kv, (n + 1) * sizeof (*kv));
      kv[n].key = cinch_xasprintf ("%.*s", (int) (sp - line), line);
      kv[n].value = v;
      n++;
    }
  *out = kv;
  *n_out = n;
  return 0;
}

/* Read a keyed file; *n_out 0 and *found false when it does not exist.  */
static int
read_kv (int dirfd, const char *name, struct cinch_stat_kv **out, size_t *n_out, bool *found,
         cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  int r = read_stat_file (dirfd, name, &text, err);

  *out = NULL;
  *n_out = 0;
  *found = r > 0;
  if (r <= 0)
    return r;
  return parse_kv (name, text, out, n_out, err);
}

static uint64_t
kv_get (const struct cinch_stat_kv *kv, size_t n, const char *key)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (kv[i].key, key) == 0)
      return kv[i].value;
  return 0;
}

static int
kv_cmp (const void *a, const void *b)
{
  return strcmp (((const struct cinch_stat_kv *) a)->key, ((const struct cinch_stat_kv *) b)->key);
}

/* ---- the controllers ------------------------------------------------------ */

static int
read_cpu (int dirfd, struct cinch_cgroup_stats *s, cinch_error_t *err)
{
  struct cinch_stat_kv *kv = NULL;
  size_t n = 0;
  bool found;

  if (read_kv (dirfd, "cpu.stat", &kv, &n, &found, err) < 0)
    return -1;
  s->cpu_total = sat_mul (kv_get (kv, n, "usage_usec"), 1000);
  s->cpu_user = sat_mul (kv_get (kv, n, "user_usec"), 1000);
  s->cpu_kernel = sat_mul (kv_get (kv, n, "system_usec"), 1000);
  s->cpu_periods = kv_get (kv, n, "nr_periods");
  s->cpu_throttled_periods = kv_get (kv, n, "nr_throttled");
  s->cpu_throttled_time = sat_mul (kv_get (kv, n, "throttled_usec"), 1000);
  kv_free (kv, n);
  return 0;
}

static int
read_memory_events (int dirfd, struct cinch_cgroup_stats *s, cinch_error_t *err)
{
  struct cinch_stat_kv *kv = NULL;
  size_t n = 0;
  bool found;

  if (read_kv (dirfd, "memory.events", &kv, &n, &found, err) < 0)
    return -1;
  s->ev_low = kv_get (kv, n, "low");
  s->ev_high = kv_get (kv, n, "high");
  s->ev_max = kv_get (kv, n, "max");
  s->mem_failcnt = s->ev_max;
  s->oom = kv_get (kv, n, "oom");
  s->oom_kill = kv_get (kv, n, "oom_kill");
  kv_free (kv, n);
  return 0;
}

static int
read_memory (int dirfd, struct cinch_cgroup_stats *s, cinch_error_t *err)
{
  uint64_t swap_usage = 0, swap_limit = 0, swap_peak = 0;
  bool found, have_swap, have_swap_peak;

  if (read_kv (dirfd, "memory.stat", &s->mem_raw, &s->n_mem_raw, &found, err) < 0)
    return -1;
  if (s->n_mem_raw > 1)
    qsort (s->mem_raw, s->n_mem_raw, sizeof (*s->mem_raw), kv_cmp);
  s->mem_cache = kv_get (s->mem_raw, s->n_mem_raw, "file");
  if (read_memory_events (dirfd, s, err) < 0)
    return -1;

  if (read_single (dirfd, "memory.current", UINT64_MAX, &s->mem_usage, &found, err) < 0)
    return -1;
  if (!found)
    return 0; /* no memory controller: usage and swap stay zero, as with runc */
  s->mem_limit = UINT64_MAX;
  if (read_single (dirfd, "memory.max", UINT64_MAX, &s->mem_limit, &found, err) < 0
      || read_single (dirfd, "memory.peak", UINT64_MAX, &s->mem_max_usage, &found, err) < 0
      || read_single (dirfd, "memory.swap.current", UINT64_MAX, &swap_usage, &have_swap, err) < 0
      || read_single (dirfd, "memory.swap.peak", UINT64_MAX, &swap_peak, &have_swap_peak, err) < 0)
    return -1;
  /* cgroup v2 counts swap apart from memory; v1's memsw counted both, and
   * that is what engines expect in "swap".  Without swap accounting, runc
   * reports the memory figures there.  */
  if (have_swap && read_single (dirfd, "memory.swap.max", UINT64_MAX, &swap_limit, &found, err) < 0)
    return -1;
  if (have_swap && !found)
    swap_limit = UINT64_MAX;
  s->swap_usage = sat_add (swap_usage, s->mem_usage);
  s->swap_limit = swap_limit == UINT64_MAX ? UINT64_MAX : sat_add (swap_limit, s->mem_limit);
  if (have_swap_peak)
    s->swap_max_usage = sat_add (swap_peak, s->mem_max_usage);
  return 0;
}

static int
read_pids (int dirfd, struct cinch_cgroup_stats *s, cinch_error_t *err)
{
  cleanup_free char *procs = NULL;
  bool found;
  int r;

  if (read_single (dirfd, "pids.current", UINT64_MAX, &s->pids_current, &found, err) < 0)
    return -1;
  if (found)
    return read_single (dirfd, "pids.max", 0, &s->pids_limit, &found, err);
  /* No pids controller (this is the case on hybrid hosts): count the
   * processes, no limit.  */
  r = read_stat_file (dirfd, "cgroup.procs", &procs, err);
  if (r < 0)
    return -1;
  s->pids_current = 0;
  for (const char *p = procs; r > 0 && *p; p++)
    if (*p == '\n')
      s->pids_current++;
  return 0;
}

static void
blkio_push (struct cinch_blkio_entry **v, size_t *n, uint64_t major, uint64_t minor, const char *op,
            uint64_t value)
{
  *v = cinch_xrealloc (*v, (*n + 1) * sizeof (**v));
  (*v)[*n] = (struct cinch_blkio_entry){ major, minor, op, value };
  (*n)++;
}

/* io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N".  */
static int
read_io (int dirfd, struct cinch_cgroup_stats *s, cinch_error_t *err)
{
  static const struct
  {
    const char *key;
    bool bytes;
    const char *op;
  } map[] = { { "rbytes", true, "Read" },
              { "wbytes", true, "Write" },
              { "rios", false, "Read" },
              { "wios", false, "Write" } };
  cleanup_free char *text = NULL;
  char *p, *line;
  unsigned lineno = 0;
  int r = read_stat_file (dirfd, "io.stat", &text, err);

  if (r <= 0)
    return r;
  p = text;
  while ((line = next_line (&p)) != NULL)
    {
      char *save = NULL, *tok = strtok_r (line, " ", &save);
      unsigned long long major, minor;
      int used = 0;
      lineno++;
      if (tok == NULL)
        continue;
      if (sscanf (tok, "%llu:%llu%n", &major, &minor, &used) != 2 || tok[used] != '\0')
        {
          cleanup_free char *shown = cinch_printable (tok, false);
          return cinch_fail (err, 0, "io.stat: line %u: expected `MAJOR:MINOR`, got `%s`", lineno,
                             shown);
        }
      while ((tok = strtok_r (NULL, " ", &save)) != NULL)
        {
          char *eq = strchr (tok, '=');
          uint64_t v;
          if (eq == NULL)
            continue;
          *eq = '\0';
          for (size_t i = 0; i < CINCH_ARRAY_SIZE (map); i++)
            {
              if (strcmp (tok, map[i].key) != 0)
                continue;
              if (cinch_parse_u64 (eq + 1, UINT64_MAX, &v) < 0)
                {
                  cleanup_free char *shown = cinch_printable (eq + 1, false);
                  return cinch_fail (err, 0, "io.stat: line %u: %s: expected a number, got `%s`",
                                     lineno, tok, shown);
                }
              if (map[i].bytes)
                blkio_push (&s->io_bytes, &s->n_io_bytes, major, minor, map[i].op, v);
              else
                blkio_push (&s->io_ios, &s->n_io_ios, major, minor, map[i].op, v);
            }
        }
    }
  return 0;
}

static int
hugetlb_cmp (const void *a, const void *b)
{
  return strcmp (((const struct cinch_hugetlb_stat *) a)->page_size,
                 ((const struct cinch_hugetlb_stat *) b)->page_size);
}

/* Every page size the cgroup has a hugetlb.<size>.current for (not the
 * .rsvd. ones).  */
static int
read_hugetlb (int dirfd, struct cinch_cgroup_stats *s, cinch_error_t *err)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d;
  struct dirent *de;
  int r = 0;

  if (fd < 0)
    return cinch_fail (err, errno, "open the cgroup directory");
  d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return cinch_fail (err, errno, "read the cgroup directory");
    }
  while (r == 0 && (de = readdir (d)) != NULL)
    {
      const char *size = de->d_name + strlen ("hugetlb.");
      const char *dot;
      struct cinch_stat_kv *kv = NULL;
      size_t n = 0;
      cleanup_free char *events = NULL;
      struct cinch_hugetlb_stat h = { 0 };
      bool found;

      if (strncmp (de->d_name, "hugetlb.", 8) != 0 || (dot = strchr (size, '.')) == NULL
          || dot == size || strcmp (dot, ".current") != 0)
        continue;
      h.page_size = cinch_xasprintf ("%.*s", (int) (dot - size), size);
      events = cinch_xasprintf ("hugetlb.%s.events", h.page_size);
      r = read_single (dirfd, de->d_name, UINT64_MAX, &h.usage, &found, err);
      if (r == 0)
        r = read_kv (dirfd, events, &kv, &n, &found, err);
      if (r < 0)
        {
          free (h.page_size);
          break;
        }
      h.failcnt = kv_get (kv, n, "max");
      kv_free (kv, n);
      s->hugetlb = cinch_xrealloc (s->hugetlb, (s->n_hugetlb + 1) * sizeof (h));
      s->hugetlb[s->n_hugetlb++] = h;
    }
  closedir (d);
  if (r < 0)
    return -1;
  if (s->n_hugetlb > 1)
    qsort (s->hugetlb, s->n_hugetlb, sizeof (*s->hugetlb), hugetlb_cmp);
  return 0;
}

int
cinch_cgroup_stats_read (int dirfd, struct cinch_cgroup_stats *out, cinch_error_t *err)
{
  struct cinch_cgroup_stats s = { 0 };

  if (read_cpu (dirfd, &s, err) < 0 || read_memory (dirfd, &s, err) < 0
      || read_pids (dirfd, &s, err) < 0 || read_io (dirfd, &s, err) < 0
      || read_hugetlb (dirfd, &s, err) < 0)
    {
      cinch_cgroup_stats_clear (&s);
      return -1;
    }
  *out = s;
  return 0;
}

void
cinch_cgroup_stats_clear (struct cinch_cgroup_stats *s)
{
  kv_free (s->mem_raw, s->n_mem_raw);
  free (s->io_bytes);
  free (s->io_ios);
  for (size_t i = 0; i < s->n_hugetlb; i++)
    free (s->hugetlb[i].page_size);
  free (s->hugetlb);
  memset (s, 0, sizeof (*s));
}

int
cinch_cgroup_oom_kills (int dirfd, uint64_t *out, cinch_error_t *err)
{
  struct cinch_stat_kv *kv = NULL;
  size_t n = 0;
  bool found;

  if (read_kv (dirfd, "memory.events", &kv, &n, &found, err) < 0)
    return -1;
  *out = kv_get (kv, n, "oom_kill");
  kv_free (kv, n);
  return 0;
}

/* ---- the event, as runc's encoding/json writes types.Event ------------------- */

static void
put_str (FILE *f, const char *s)
{
  fputc ('"', f);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        fprintf (f, "\\%c", *p);
      else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
        fprintf (f, "\\u%04x", *p);
      else
        fputc (*p, f);
    }
  fputc ('"', f);
}

/* "key":N, or nothing for zero when omitempty; *sep is "" before the first
 * member of an object and "," after.  */
static void
put_u64 (FILE *f, const char **sep, const char *key, uint64_t v, bool omitempty)
{
  if (omitempty && v == 0)
    return;
  fprintf (f, "%s\"%s\":%llu", *sep, key, (unsigned long long) v);
  *sep = ",";
}

static void
put_blkio (FILE *f, const char **sep, const char *key, const struct cinch_blkio_entry *v, size_t n)
{
  if (n == 0)
    return;
  fprintf (f, "%s\"%s\":[", *sep, key);
  for (size_t i = 0; i < n; i++)
    {
      const char *s2 = "";
      fprintf (f, "%s{", i ? "," : "");
      put_u64 (f, &s2, "major", v[i].major, true);
      put_u64 (f, &s2, "minor", v[i].minor, true);
      fprintf (f, "%s\"op\":", s2);
      put_str (f, v[i].op);
      s2 = ",";
      put_u64 (f, &s2, "value", v[i].value, true);
      fputc ('}', f);
    }
  fputc (']', f);
  *sep = ",";
}

/* types.MemoryEntry: limit and failcnt always, usage and max omitempty. */
static void
put_memory_entry (FILE *f, const char *key, uint64_t limit, uint64_t usage, uint64_t max,
                  uint64_t failcnt)
{
  const char *sep = "";
  fprintf (f, ",\"%s\":{", key);
  put_u64 (f, &sep, "limit", limit, false);
  put_u64 (f, &sep, "usage", usage, true);
  put_u64 (f, &sep, "max", max, true);
  put_u64 (f, &sep, "failcnt", failcnt, false);
  fputc ('}', f);
}

static void
put_stats (FILE *f, const struct cinch_cgroup_stats *s)
{
  const char *sep = "";

  fputs ("{\"cpu\":{\"usage\":{", f);
  put_u64 (f, &sep, "total", s->cpu_total, true);
  put_u64 (f, &sep, "kernel", s->cpu_kernel, false);
  put_u64 (f, &sep, "user", s->cpu_user, false);
  fputs ("},\"throttling\":{", f);
  sep = "";
  put_u64 (f, &sep, "periods", s->cpu_periods, true);
  put_u64 (f, &sep, "throttledPeriods", s->cpu_throttled_periods, true);
  put_u64 (f, &sep, "throttledTime", s->cpu_throttled_time, true);
  fputs ("}},\"memory\":{", f);
  sep = "";
  put_u64 (f, &sep, "cache", s->mem_cache, true);
  fprintf (f, "%s\"usage\":{", sep);
  sep = "";
  put_u64 (f, &sep, "limit", s->mem_limit, false);
  put_u64 (f, &sep, "usage", s->mem_usage, true);
  put_u64 (f, &sep, "max", s->mem_max_usage, true);
  put_u64 (f, &sep, "failcnt", s->mem_failcnt, false);
  fputc ('}', f);
  put_memory_entry (f, "swap", s->swap_limit, s->swap_usage, s->swap_max_usage, 0);
  /* cgroup v2 has no separate kernel memory accounting.  */
  put_memory_entry (f, "kernel", 0, 0, 0, 0);
  put_memory_entry (f, "kernelTCP", 0, 0, 0, 0);
  if (s->n_mem_raw > 0)
    {
      fputs (",\"raw\":{", f);
      for (size_t i = 0; i < s->n_mem_raw; i++)
        {
          fputs (i ? "," : "", f);
          put_str (f, s->mem_raw[i].key);
          fprintf (f, ":%llu", (unsigned long long) s->mem_raw[i].value);
        }
      fputc ('}', f);
    }
  fputs (",\"event_count\":{", f);
  sep = "";
  put_u64 (f, &sep, "low", s->ev_low, true);
  put_u64 (f, &sep, "high", s->ev_high, true);
  put_u64 (f, &sep, "max", s->ev_max, true);
  put_u64 (f, &sep, "oom", s->oom, true);
  put_u64 (f, &sep, "oom_kill", s->oom_kill, true);
  fputs ("}},\"pids\":{", f);
  sep = "";
  put_u64 (f, &sep, "current", s->pids_current, true);
  put_u64 (f, &sep, "limit", s->pids_limit, true);
  fputs ("},\"blkio\":{", f);
  sep = "";
  put_blkio (f, &sep, "ioServiceBytesRecursive", s->io_bytes, s->n_io_bytes);
  put_blkio (f, &sep, "ioServicedRecursive", s->io_ios, s->n_io_ios);
  fputs ("},\"hugetlb\":{", f);
  for (size_t i = 0; i < s->n_hugetlb; i++)
    {
      fputs (i ? "," : "", f);
      put_str (f, s->hugetlb[i].page_size);
      fputs (":{", f);
      sep = "";
      put_u64 (f, &sep, "usage", s->hugetlb[i].usage, true);
      put_u64 (f, &sep, "failcnt", s->hugetlb[i].failcnt, false);
      fputc ('}', f);
    }
  fputs ("}}", f);
}

char *
cinch_cgroup_event_json (const char *type, const char *id, const struct cinch_cgroup_stats *s)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);

  if (f == NULL)
    abort (); /* out of memory, as cinch_xmalloc */
  fputs ("{\"type\":", f);
  put_str (f, type);
  fputs (",\"id\":", f);
  put_str (f, id);
  if (s)
    {
      fputs (",\"data\":", f);
      put_stats (f, s);
    }
  fputc ('}', f);
  if (fclose (f) != 0 || buf == NULL)
    abort ();
  return buf;
}

/* ---- Go durations ------------------------------------------------------------ */

static uint64_t
duration_unit (const char **p)
{
  static const struct
  {
    const char *name;
    uint64_t ns;
  } units[] = {
    { "ns", 1ULL },
    { "us", 1000ULL },
    { "\xc2\xb5s", 1000ULL }, /* U+00B5 micro sign */
    { "\xce\xbcs", 1000ULL }, /* U+03BC Greek mu */
    { "ms", 1000000ULL },
    { "s", 1000000000ULL },
    { "m", 60ULL * 1000000000ULL },
    { "h", 3600ULL * 1000000000ULL },
  };
  size_t best = 0;
  uint64_t ns = 0;

  /* The longest unit that matches: "ms" before "m".  */
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (units); i++)
    {
      size_t n = strlen (units[i].name);
      if (n > best && strncmp (*p, units[i].name, n) == 0)
        {
          best = n;
          ns = units[i].ns;
        }
    }
  *p += best;
  return ns;
}

/* The sum of the "<number><unit>" terms of s in nanoseconds; false on
 * junk, a missing unit, a sign or overflow.  */
static bool
duration_sum (const char *p, unsigned __int128 *total)
{
  *total = 0;
  if (*p == '+')
    p++;
  if (*p == '\0')
    return false;
  while (*p)
    {
      unsigned __int128 whole = 0, frac = 0, scale = 1;
      bool digits = false;
      uint64_t unit;
      while (*p >= '0' && *p <= '9')
        {
          whole = whole * 10 + (unsigned) (*p++ - '0');
          digits = true;
          if (whole > UINT64_MAX)
            return false;
        }
      if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits = true)
          /* digits beyond 10^-18 cannot change a nanosecond count */
          if (scale < 1000000000000000000ULL)
            {
              frac = frac * 10 + (unsigned) (*p - '0');
              scale *= 10;
            }
      if (!digits || (unit = duration_unit (&p)) == 0)
        return false;
      *total += whole * unit + frac * unit / scale;
      if (*total > UINT64_MAX)
        return false;
    }
  return true;
}

int
cinch_parse_go_duration (const char *flag, const char *value, uint64_t *ns, cinch_error_t *err)
{
  unsigned __int128 total = 0;
  cleanup_free char *shown = cinch_printable (value, false);

  /* Go accepts a bare "0"; runc then refuses it, as a zero interval.  */
  if (strcmp (value, "0") != 0 && !duration_sum (value, &total))
    return cinch_fail (err, 0,
                       "%s: invalid duration `%s` (expected a positive Go duration such as 5s, "
                       "500ms or 1m30s)",
                       flag, shown);
  if (total == 0)
    return cinch_fail (err, 0, "%s: the interval must be greater than 0 (got `%s`)", flag, shown);
  *ns = (uint64_t) total;
  return 0;
}
