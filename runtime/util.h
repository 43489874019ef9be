/* cinch — small helpers shared by every module: scope-bound cleanup,
 * full-length I/O, file helpers.  */
#ifndef CINCH_UTIL_H
#define CINCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "error.h"

#define CINCH_ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

/* Scope-bound cleanup.  */
void cinch_freep (void *p);
void cinch_closep (int *fd);
void cinch_fclosep (void *fp);
void cinch_strv_freep (char ***v);
void cinch_error_freep (cinch_error_t *e);

#define cleanup_free __attribute__ ((cleanup (cinch_freep)))
#define cleanup_close __attribute__ ((cleanup (cinch_closep)))
#define cleanup_fclose __attribute__ ((cleanup (cinch_fclosep)))
#define cleanup_strv __attribute__ ((cleanup (cinch_strv_freep)))
#define cleanup_error __attribute__ ((cleanup (cinch_error_freep)))

/* Hand a pointer/fd out of a cleanup scope.  */
static inline void *
cinch_steal_ptr (void *pp)
{
  void **p = (void **) pp;
  void *r = *p;
  *p = NULL;
  return r;
}
#define steal_pointer(pp) cinch_steal_ptr (pp)

static inline int
cinch_steal_fd (int *fd)
{
  int r = *fd;
  *fd = -1;
  return r;
}

/* Close *fd if >= 0 and set it to -1.  */
void cinch_close (int *fd);

/* NULL-terminated string vectors.  */
void cinch_strv_free (char **v);
size_t cinch_strv_len (char *const *v);

/* Allocation that aborts on out-of-memory: a runtime that cannot allocate
 * a few bytes cannot do anything useful or safe.  */
void *cinch_xmalloc (size_t n);
void *cinch_xcalloc (size_t n, size_t sz);
void *cinch_xrealloc (void *p, size_t n);
char *cinch_xstrdup (const char *s);
char *cinch_xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Full-length I/O, retrying on EINTR and short transfers.  Return the
 * number of bytes moved (short only at EOF for reads) or -1 with errno.  */
ssize_t cinch_read_all (int fd, void *buf, size_t len);
ssize_t cinch_write_all (int fd, const void *buf, size_t len);

/* Read a whole file (at most max_size bytes; larger is an error naming the
 * path).  *out is NUL-terminated and owned by the caller.  */
/* A user-supplied string made safe to show in a message: at most 200
 * bytes ("..." after), control bytes (and with quoted, '"' and '\\') as
 * \xNN.  Owned by the caller.  */
char *cinch_printable (const char *s, bool quoted);

/* Lexically clean an absolute path: "//" and "." components dropped, no
 * trailing slash; with dotdot, ".." pops a component and never climbs
 * above "/".  Owned by the caller.  */
char *cinch_path_clean (const char *p, bool dotdot);

int cinch_read_file (const char *path, size_t max_size, char **out, size_t *len,
                     cinch_error_t *err);
int cinch_read_file_at (int dirfd, const char *path, size_t max_size, char **out, size_t *len,
                        cinch_error_t *err);

/* Write a whole string to an existing file (O_WRONLY|O_CLOEXEC).  */
int cinch_write_file_at (int dirfd, const char *path, const char *content, cinch_error_t *err);

/* Atomically replace dirfd/name with content (temp file + fsync + rename). */
int cinch_write_file_atomic (int dirfd, const char *name, const char *content, size_t len,
                             cinch_error_t *err);

/* mkdir -p for an absolute or relative host path (mode for new dirs).  */
int cinch_mkdir_p (const char *path, mode_t mode, cinch_error_t *err);

/* Close every fd >= first_fd that is not in keep[] (close_range where
 * possible).  Used right before exec.  */
int cinch_close_fds_from (int first_fd);
/* Close every fd from first_fd up except keep_a and keep_b (-1: none).  */
void cinch_close_fds_keep (int first_fd, int keep_a, int keep_b);

/* Parse a base-10 unsigned integer with bounds; returns -1 on any junk. */
int cinch_parse_u64 (const char *s, uint64_t max, uint64_t *out);

/* Seconds since the epoch formatted as RFC 3339 with nanoseconds (UTC). */
void cinch_format_time_rfc3339 (char *buf, size_t len);

#endif
