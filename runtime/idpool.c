/* cinch — allocation of user-namespace ID ranges (see idpool.h).  */
#include "idpool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int
lock_pool (int fd, cinch_error_t *err)
{
  while (flock (fd, LOCK_EX) < 0)
    if (errno != EINTR)
      return cinch_fail (err, errno, "lock the user namespace pool `%s`", CINCH_IDPOOL_DIR);
  return 0;
}

static int
open_pool (bool create, cinch_error_t *err)
{
  int fd;

  if (create && cinch_mkdir_p (CINCH_IDPOOL_DIR, 0700, err) < 0)
    return cinch_error_wrap (err, "user namespace pool");
  fd = open (CINCH_IDPOOL_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      if (!create && errno == ENOENT)
        return -2;
      return cinch_fail (err, errno, "open the user namespace pool `%s`", CINCH_IDPOOL_DIR);
    }
  if (lock_pool (fd, err) < 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* The state directory a slot belongs to, or "" when unreadable.  */
static void
slot_owner (int poolfd, const char *name, char *buf, size_t size)
{
  ssize_t n = readlinkat (poolfd, name, buf, size - 1);
  buf[n > 0 ? n : 0] = '\0';
}

char *
cinch_idpool_owner (const char *root, const char *id)
{
  cleanup_free char *real = realpath (root, NULL);
  return real ? cinch_xasprintf ("%s/%s", real, id) : NULL;
}

int
cinch_idpool_alloc (const char *owner, uint32_t first, uint32_t slots, uint32_t *slot_out,
                    cinch_error_t *err)
{
  cleanup_close int poolfd = open_pool (true, err);
  char name[16], other[PATH_MAX];
  struct stat st;

  if (poolfd < 0)
    return -1;
  for (uint32_t s = 0; s < slots; s++)
    {
      /* Named by the range's first host ID: pools of two policy files
       * never collide on a name unless they share a range.  */
      snprintf (name, sizeof (name), "%u", first + s * 65536u);
      if (symlinkat (owner, poolfd, name) == 0)
        {
          *slot_out = s;
          return 0;
        }
      if (errno != EEXIST)
        return cinch_fail (err, errno, "user namespace pool: record slot %u", s);
      /* Taken: take it back if its container is gone.  */
      slot_owner (poolfd, name, other, sizeof (other));
      if (other[0] == '/' && lstat (other, &st) == 0)
        continue;
      if (unlinkat (poolfd, name, 0) < 0 || symlinkat (owner, poolfd, name) < 0)
        return cinch_fail (err, errno, "user namespace pool: reclaim slot %u", s);
      *slot_out = s;
      return 0;
    }
  return cinch_fail (err, ENOSPC,
                     "the user namespace pool is full: all %u ranges of 65536 IDs are in use "
                     "(userns-pool in the policy file)",
                     slots);
}

int
cinch_idpool_release (const char *owner, cinch_error_t *err)
{
  cleanup_close int poolfd = open_pool (false, err);
  char other[PATH_MAX];
  DIR *d;
  struct dirent *de;
  int dupfd;

  if (poolfd == -2)
    return 0;
  if (poolfd < 0)
    return -1;
  dupfd = fcntl (poolfd, F_DUPFD_CLOEXEC, 0);
  if (dupfd < 0 || (d = fdopendir (dupfd)) == NULL)
    {
      int e = errno;
      if (dupfd >= 0)
        close (dupfd);
      return cinch_fail (err, e, "read the user namespace pool");
    }
  while ((de = readdir (d)) != NULL)
    {
      if (de->d_name[0] == '.')
        continue;
      slot_owner (poolfd, de->d_name, other, sizeof (other));
      if (strcmp (other, owner) == 0 && unlinkat (poolfd, de->d_name, 0) < 0 && errno != ENOENT)
        {
          int e = errno;
          closedir (d);
          return cinch_fail (err, e, "release user namespace slot %s of `%s`", de->d_name, owner);
        }
    }
  closedir (d);
  return 0;
}
