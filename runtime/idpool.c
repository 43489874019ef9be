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

#define POOL_DIR ".idpool"

static int
open_pool (int rootfd, cinch_error_t *err)
{
  int fd;

  if (mkdirat (rootfd, POOL_DIR, 0700) < 0 && errno != EEXIST)
    return cinch_fail (err, errno, "create the user namespace pool `%s`", POOL_DIR);
  fd = openat (rootfd, POOL_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return cinch_fail (err, errno, "open the user namespace pool `%s`", POOL_DIR);
  while (flock (fd, LOCK_EX) < 0)
    if (errno != EINTR)
      {
        int e = errno;
        close (fd);
        return cinch_fail (err, e, "lock the user namespace pool");
      }
  return fd;
}

/* The container a slot belongs to, or "" when the entry is not ours.  */
static void
slot_owner (int poolfd, const char *name, char *buf, size_t size)
{
  ssize_t n = readlinkat (poolfd, name, buf, size - 1);
  buf[n > 0 ? n : 0] = '\0';
}

int
cinch_idpool_alloc (int rootfd, const char *id, uint32_t slots, uint32_t *slot_out,
                    cinch_error_t *err)
{
  cleanup_close int poolfd = open_pool (rootfd, err);
  char name[16], owner[PATH_MAX];
  struct stat st;

  if (poolfd < 0)
    return -1;
  for (uint32_t s = 0; s < slots; s++)
    {
      snprintf (name, sizeof (name), "%u", s);
      if (symlinkat (id, poolfd, name) == 0)
        {
          *slot_out = s;
          return 0;
        }
      if (errno != EEXIST)
        return cinch_fail (err, errno, "user namespace pool: record slot %u", s);
      /* Taken: take it back if its container is gone.  */
      slot_owner (poolfd, name, owner, sizeof (owner));
      if (owner[0] != '\0' && strchr (owner, '/') == NULL && owner[0] != '.'
          && fstatat (rootfd, owner, &st, AT_SYMLINK_NOFOLLOW) == 0)
        continue;
      if (unlinkat (poolfd, name, 0) < 0 || symlinkat (id, poolfd, name) < 0)
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
cinch_idpool_release (int rootfd, const char *id, cinch_error_t *err)
{
  cleanup_close int poolfd = -1;
  char owner[PATH_MAX];
  DIR *d;
  struct dirent *de;
  int dupfd;

  poolfd = openat (rootfd, POOL_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (poolfd < 0)
    return errno == ENOENT ? 0 : cinch_fail (err, errno, "open the user namespace pool");
  while (flock (poolfd, LOCK_EX) < 0)
    if (errno != EINTR)
      return cinch_fail (err, errno, "lock the user namespace pool");
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
      slot_owner (poolfd, de->d_name, owner, sizeof (owner));
      if (strcmp (owner, id) == 0 && unlinkat (poolfd, de->d_name, 0) < 0 && errno != ENOENT)
        {
          int e = errno;
          closedir (d);
          return cinch_fail (err, e, "release user namespace slot %s of `%s`", de->d_name, id);
        }
    }
  closedir (d);
  return 0;
}
