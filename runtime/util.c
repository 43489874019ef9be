#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

void
cinch_freep (void *p)
{
  free (*(void **) p);
}

void
cinch_close (int *fd)
{
  if (*fd >= 0)
    {
      int saved = errno;
      close (*fd);
      errno = saved;
      *fd = -1;
    }
}

void
cinch_closep (int *fd)
{
  cinch_close (fd);
}

void
cinch_fclosep (void *fp)
{
  FILE **f = fp;
  if (*f)
    fclose (*f);
  *f = NULL;
}

void
cinch_strv_free (char **v)
{
  if (v == NULL)
    return;
  for (char **p = v; *p; p++)
    free (*p);
  free (v);
}

void
cinch_strv_freep (char ***v)
{
  cinch_strv_free (*v);
  *v = NULL;
}

void
cinch_error_freep (cinch_error_t *e)
{
  cinch_error_free (e);
}

size_t
cinch_strv_len (char *const *v)
{
  size_t n = 0;
  while (v && v[n])
    n++;
  return n;
}

static void
oom (void)
{
  static const char m[] = "cinch: out of memory\n";
  (void) !write (2, m, sizeof (m) - 1);
  abort ();
}

void *
cinch_xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (p == NULL)
    oom ();
  return p;
}

void *
cinch_xcalloc (size_t n, size_t sz)
{
  void *p = calloc (n ? n : 1, sz ? sz : 1);
  if (p == NULL)
    oom ();
  return p;
}

void *
cinch_xrealloc (void *p, size_t n)
{
  void *r = realloc (p, n ? n : 1);
  if (r == NULL)
    oom ();
  return r;
}

char *
cinch_xstrdup (const char *s)
{
  char *r;
  if (s == NULL)
    return NULL;
  r = strdup (s);
  if (r == NULL)
    oom ();
  return r;
}

char *
cinch_xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *s;
  int r;
  va_start (ap, fmt);
  r = vasprintf (&s, fmt, ap);
  va_end (ap);
  if (r < 0)
    oom ();
  return s;
}

ssize_t
cinch_read_all (int fd, void *buf, size_t len)
{
  size_t done = 0;
  while (done < len)
    {
      ssize_t r = read (fd, (char *) buf + done, len - done);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      if (r == 0)
        break;
      done += (size_t) r;
    }
  return (ssize_t) done;
}

ssize_t
cinch_write_all (int fd, const void *buf, size_t len)
{
  size_t done = 0;
  while (done < len)
    {
      ssize_t r = write (fd, (const char *) buf + done, len - done);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      done += (size_t) r;
    }
  return (ssize_t) done;
}

int
cinch_read_file_at (int dirfd, const char *path, size_t max_size, char **out, size_t *len,
                    cinch_error_t *err)
{
  cleanup_close int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  cleanup_free char *buf = NULL;
  size_t used = 0, alloc = 4096;

  if (fd < 0)
    return cinch_fail (err, errno, "open `%s`", path);
  buf = cinch_xmalloc (alloc);
  for (;;)
    {
      ssize_t r;
      if (used + 1 >= alloc)
        {
          alloc *= 2;
          buf = cinch_xrealloc (buf, alloc);
        }
      r = read (fd, buf + used, alloc - used - 1);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return cinch_fail (err, errno, "read `%s`", path);
        }
      if (r == 0)
        break;
      used += (size_t) r;
      if (used > max_size)
        return cinch_fail (err, EFBIG, "read `%s`: larger than %zu bytes", path, max_size);
    }
  buf[used] = '\0';
  if (len)
    *len = used;
  *out = steal_pointer (&buf);
  return 0;
}

int
cinch_read_file (const char *path, size_t max_size, char **out, size_t *len, cinch_error_t *err)
{
  return cinch_read_file_at (AT_FDCWD, path, max_size, out, len, err);
}

int
cinch_write_file_at (int dirfd, const char *path, const char *content, cinch_error_t *err)
{
  cleanup_close int fd = openat (dirfd, path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
  size_t len = strlen (content);

  if (fd < 0)
    return cinch_fail (err, errno, "open `%s`", path);
  if (cinch_write_all (fd, content, len) < 0)
    return cinch_fail (err, errno, "write `%s`", path);
  return 0;
}

int
cinch_write_file_atomic (int dirfd, const char *name, const char *content, size_t len,
                         cinch_error_t *err)
{
  cleanup_free char *tmp = cinch_xasprintf (".%s.tmp", name);
  cleanup_close int fd = -1;

  fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return cinch_fail (err, errno, "create `%s`", tmp);
  if (cinch_write_all (fd, content, len) < 0)
    {
      int e = errno;
      unlinkat (dirfd, tmp, 0);
      return cinch_fail (err, e, "write `%s`", tmp);
    }
  if (renameat (dirfd, tmp, dirfd, name) < 0)
    {
      int e = errno;
      unlinkat (dirfd, tmp, 0);
      return cinch_fail (err, e, "rename `%s` to `%s`", tmp, name);
    }
  return 0;
}

int
cinch_mkdir_p (const char *path, mode_t mode, cinch_error_t *err)
{
  cleanup_free char *p = cinch_xstrdup (path);
  size_t len = strlen (p);

  for (size_t i = 1; i <= len; i++)
    {
      if (p[i] == '/' || p[i] == '\0')
        {
          char c = p[i];
          p[i] = '\0';
          if (mkdir (p, mode) < 0 && errno != EEXIST)
            return cinch_fail (err, errno, "mkdir `%s`", p);
          p[i] = c;
        }
    }
  return 0;
}

static void
close_range_fds (unsigned first, unsigned last)
{
  if (first > last)
    return;
  if (syscall (SYS_close_range, first, last, 0) == 0)
    return;
  for (unsigned fd = first; fd <= last && fd < 65536; fd++)
    close ((int) fd);
}

int
cinch_close_fds_from (int first_fd)
{
  close_range_fds ((unsigned) first_fd, ~0U);
  return 0;
}

void
cinch_close_fds_keep (int first_fd, int keep_a, int keep_b)
{
  int lo = keep_a < keep_b ? keep_a : keep_b, hi = keep_a < keep_b ? keep_b : keep_a;
  unsigned next = (unsigned) first_fd;

  if (lo >= first_fd)
    {
      close_range_fds (next, (unsigned) lo - 1);
      next = (unsigned) lo + 1;
    }
  if (hi >= first_fd && hi != lo)
    {
      close_range_fds (next, (unsigned) hi - 1);
      next = (unsigned) hi + 1;
    }
  close_range_fds (next, ~0U);
}

int
cinch_parse_u64 (const char *s, uint64_t max, uint64_t *out)
{
  char *end = NULL;
  unsigned long long v;

  if (s == NULL || *s < '0' || *s > '9')
    return -1;
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v > max)
    return -1;
  *out = v;
  return 0;
}

void
cinch_format_time_rfc3339 (char *buf, size_t len)
{
  struct timespec ts;
  struct tm tm;
  char base[32];

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (base, sizeof (base), "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (buf, len, "%s.%09ldZ", base, ts.tv_nsec);
}

/* Lexically clean an absolute path: "//" and "." components dropped, no
 * trailing slash; with dotdot, ".." pops a component and never climbs
 * above "/" (container paths, as runc's filepath.Clean).  Host paths keep
 * their ".." for the kernel to resolve.  */
char *
cinch_path_clean (const char *p, bool dotdot)
{
  size_t n = strlen (p), o = 0;
  char *out = cinch_xmalloc (n + 2);
  const char *s = p;

  out[o++] = '/';
  while (*s)
    {
      const char *e;
      size_t l;

      while (*s == '/')
        s++;
      if (*s == '\0')
        break;
      for (e = s; *e && *e != '/'; e++)
        ;
      l = (size_t) (e - s);
      if (l == 1 && s[0] == '.')
        ;
      else if (dotdot && l == 2 && s[0] == '.' && s[1] == '.')
        {
          while (o > 1 && out[o - 1] != '/')
            o--;
          if (o > 1)
            o--;
        }
      else
        {
          if (o > 1)
            out[o++] = '/';
          memcpy (out + o, s, l);
          o += l;
        }
      s = e;
    }
  out[o] = '\0';
  return out;
}

/* A user-supplied string made safe to print: control bytes (and, for text
 * shown between double quotes, quotes and backslashes) escaped, long
 * strings cut.  */
char *
cinch_printable (const char *s, bool quoted)
{
  size_t n = strlen (s), o = 0;
  size_t max = n > 200 ? 200 : n;
  char *buf = cinch_xmalloc (max * 4 + 4);

  for (size_t i = 0; i < max; i++)
    {
      unsigned char ch = (unsigned char) s[i];
      if (ch < 0x20 || ch == 0x7f || (quoted && (ch == '"' || ch == '\\')))
        o += (size_t) sprintf (buf + o, "\\x%02x", ch);
      else
        buf[o++] = (char) ch;
    }
  if (max < n)
    {
      memcpy (buf + o, "...", 3);
      o += 3;
    }
  buf[o] = '\0';
  return buf;
}
