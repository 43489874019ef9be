/* cinch — copying a directory tree between two directory fds, for
 * tmpcopyup (a tmpfs mounted over a directory starts with its contents).
 * Everything is done with *at() calls on fds: no path is resolved twice.  */
#include "copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Deepest directory tree followed (each level holds two fds).  */
#define COPYUP_MAX_DEPTH 128

static void
closedirp (DIR **d)
{
  if (*d)
    closedir (*d);
  *d = NULL;
}

static int
copy_file (int src, int dst, const char *name, const struct stat *st, cinch_error_t *err)
{
  cleanup_close int in = openat (src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  cleanup_close int out = -1;
  char buf[65536];

  if (in < 0)
    return cinch_fail (err, errno, "open `%s`", name);
  out = openat (dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0)
    return cinch_fail (err, errno, "create `%s`", name);
  for (;;)
    {
      ssize_t r = read (in, buf, sizeof (buf));
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return cinch_fail (err, errno, "read `%s`", name);
      if (r == 0)
        break;
      if (cinch_write_all (out, buf, (size_t) r) < 0)
        return cinch_fail (err, errno, "write `%s`", name);
    }
  /* chown before chmod: chown clears the set-id bits.  */
  if (fchown (out, st->st_uid, st->st_gid) < 0 || fchmod (out, st->st_mode & 07777) < 0)
    return cinch_fail (err, errno, "chown/chmod `%s`", name);
  return 0;
}

static int
copy_entry (int src, int dst, const char *name, unsigned depth, cinch_error_t *err)
{
  struct stat st;

  if (fstatat (src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return cinch_fail (err, errno, "stat `%s`", name);
  switch (st.st_mode & S_IFMT)
    {
    case S_IFDIR:
      {
        cleanup_close int s = -1, d = -1;
        if (mkdirat (dst, name, 0700) < 0)
          return cinch_fail (err, errno, "mkdir `%s`", name);
        s = openat (src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        d = openat (dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (s < 0 || d < 0)
          return cinch_fail (err, errno, "open `%s`", name);
        if (cinch_copy_tree (s, d, depth + 1, err) < 0)
          return cinch_error_wrap (err, "%s", name);
        if (fchown (d, st.st_uid, st.st_gid) < 0 || fchmod (d, st.st_mode & 07777) < 0)
          return cinch_fail (err, errno, "chown/chmod `%s`", name);
        return 0;
      }
    case S_IFREG:
      return copy_file (src, dst, name, &st, err);
    case S_IFLNK:
      {
        char target[PATH_MAX];
        ssize_t n = readlinkat (src, name, target, sizeof (target) - 1);
        if (n < 0)
          return cinch_fail (err, errno, "readlink `%s`", name);
        target[n] = '\0';
        if (symlinkat (target, dst, name) < 0
            || fchownat (dst, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
          return cinch_fail (err, errno, "symlink `%s`", name);
        return 0;
      }
    default:
      /* Device nodes cannot be created without CAP_MKNOD: skip them then. */
      if (mknodat (dst, name, st.st_mode, st.st_rdev) < 0)
        return errno == EPERM ? 0 : cinch_fail (err, errno, "mknod `%s`", name);
      if (fchownat (dst, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
        return cinch_fail (err, errno, "chown `%s`", name);
      return 0;
    }
}

int
cinch_copy_tree (int src, int dst, unsigned depth, cinch_error_t *err)
{
  __attribute__ ((cleanup (closedirp))) DIR *dir = NULL;
  struct dirent *de;
  int dfd;

  if (depth > COPYUP_MAX_DEPTH)
    return cinch_fail (err, ELOOP, "deeper than %u directories", COPYUP_MAX_DEPTH);
  dfd = openat (src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return cinch_fail (err, errno, "open directory");
  dir = fdopendir (dfd);
  if (dir == NULL)
    {
      int e = errno;
      close (dfd);
      return cinch_fail (err, e, "fdopendir");
    }
  while ((errno = 0, de = readdir (dir)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (copy_entry (src, dst, de->d_name, depth, err) < 0)
        return -1;
    }
  if (errno != 0)
    return cinch_fail (err, errno, "readdir");
  return 0;
}
