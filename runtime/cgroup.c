/* cinch — cgroup v2, the kernel side (see cgroup.h).
 *
 * A container's cgroup is reached through directory fds from the cgroup2
 * mount down; files are opened relative to the cgroup's fd and are never
 * paths.  Waiting (freeze, empty) uses cgroup.events, which the kernel
 * signals with POLLPRI on every change.  */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* How long freeze/thaw and emptying may take before we give up.  */
#define CGROUP_WAIT_MS 10000

static const char *const controller_names[CINCH_CG_COUNT] = {
  [CINCH_CG_CPUSET] = "cpuset", [CINCH_CG_CPU] = "cpu",         [CINCH_CG_IO] = "io",
  [CINCH_CG_MEMORY] = "memory", [CINCH_CG_HUGETLB] = "hugetlb", [CINCH_CG_PIDS] = "pids",
  [CINCH_CG_RDMA] = "rdma",     [CINCH_CG_MISC] = "misc",
};

static bool
is_cgroup2 (const char *path)
{
  struct statfs sfs;
  return statfs (path, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

/* Read a small cgroup file relative to dirfd into buf (NUL-terminated).  */
static ssize_t
read_small (int dirfd, const char *file, char *buf, size_t size)
{
  int fd = openat (dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  ssize_t n;

  if (fd < 0)
    return -1;
  n = cinch_read_all (fd, buf, size - 1);
  close (fd);
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

/* "cpu io memory" -> bit set (unknown names ignored).  */
static unsigned
controller_bits (const char *list)
{
  unsigned bits = 0;
  char word[32];
  const char *p = list;

  while (*p)
    {
      size_t n;
      p += strspn (p, " \n");
      n = strcspn (p, " \n");
      if (n == 0)
        break;
      if (n < sizeof (word))
        {
          int c;
          memcpy (word, p, n);
          word[n] = '\0';
          c = cinch_cgroup_controller_from_name (word);
          if (c >= 0 && c < CINCH_CG_COUNT)
            bits |= CINCH_CG_BIT (c);
        }
      p += n;
    }
  return bits;
}

static char *
self_cgroup (void)
{
  cleanup_free char *text = NULL;
  size_t len;
  char *line;

  if (cinch_read_file ("/proc/self/cgroup", 65536, &text, &len, NULL) < 0)
    return cinch_xstrdup ("/");
  for (line = text; line && *line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
    if (strncmp (line, "0::", 3) == 0)
      {
        size_t n = strcspn (line + 3, "\n");
        return n > 0 ? cinch_xasprintf ("%.*s", (int) n, line + 3) : cinch_xstrdup ("/");
      }
  return cinch_xstrdup ("/");
}

void
cinch_cgroup_host_detect (struct cinch_cgroup_host *h)
{
  char buf[512];
  int fd;

  memset (h, 0, sizeof (*h));
  if (is_cgroup2 ("/sys/fs/cgroup"))
    {
      h->mount = cinch_xstrdup ("/sys/fs/cgroup");
      h->unified = true;
    }
  else if (is_cgroup2 ("/sys/fs/cgroup/unified"))
    h->mount = cinch_xstrdup ("/sys/fs/cgroup/unified");
  else
    return;
  fd = open (h->mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      if (read_small (fd, "cgroup.controllers", buf, sizeof (buf)) >= 0)
        h->controllers = controller_bits (buf);
      close (fd);
    }
  h->self = self_cgroup ();
}

void
cinch_cgroup_host_clear (struct cinch_cgroup_host *h)
{
  free (h->mount);
  free (h->self);
  memset (h, 0, sizeof (*h));
}

/* Enable the controllers of `want` in dirfd's cgroup.subtree_control that
 * are not enabled yet.  */
static int
enable_controllers (int dirfd, const char *path, unsigned want, cinch_error_t *err)
{
  char buf[512];
  unsigned have, avail;

  if (want == 0)
    return 0;
  if (read_small (dirfd, "cgroup.subtree_control", buf, sizeof (buf)) < 0)
    return cinch_fail (err, errno, "read %s/cgroup.subtree_control", path);
  have = controller_bits (buf);
  if (read_small (dirfd, "cgroup.controllers", buf, sizeof (buf)) < 0)
    return cinch_fail (err, errno, "read %s/cgroup.controllers", path);
  avail = controller_bits (buf);
  for (int c = 0; c < CINCH_CG_COUNT; c++)
    {
      char line[32];
      int fd;
      if (!(want & CINCH_CG_BIT (c)) || (have & CINCH_CG_BIT (c)))
        continue;
      if (!(avail & CINCH_CG_BIT (c)))
        return cinch_fail_code (err, ENOTSUP,
                                "cgroup %s does not offer the %s controller (cgroup.controllers: "
                                "%s)",
                                path, controller_names[c], buf[0] ? buf : "none");
      snprintf (line, sizeof (line), "+%s", controller_names[c]);
      fd = openat (dirfd, "cgroup.subtree_control", O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0 || cinch_write_all (fd, line, strlen (line)) < 0)
        {
          int e = errno;
          if (fd >= 0)
            close (fd);
          return cinch_fail (err, e, "enable %s in %s/cgroup.subtree_control", controller_names[c],
                             path);
        }
      close (fd);
    }
  return 0;
}

static bool
cgroup_empty (int dirfd)
{
  char buf[64];
  return read_small (dirfd, "cgroup.procs", buf, sizeof (buf)) == 0;
}

int
cinch_cgroup_create (const struct cinch_cgroup_host *h, const char *rel, unsigned controllers,
                     struct cinch_cgroup *cg, cinch_error_t *err)
{
  cleanup_free char *walk = NULL;
  cleanup_close int fd = -1;
  const char *p = rel;
  bool made_leaf = false;

  if (h->mount == NULL)
    return cinch_fail_code (err, ENOTSUP, "this host has no cgroup v2 hierarchy");
  if (rel == NULL || rel[0] != '/' || strstr (rel, "/..") != NULL || rel[strspn (rel, "/")] == '\0')
    return cinch_fail_code (
        err, EINVAL, "cgroup path `%s`: expected an absolute path below the root", rel ? rel : "");
  fd = open (h->mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return cinch_fail (err, errno, "open %s", h->mount);
  walk = cinch_xstrdup (h->mount);
  while (*(p += strspn (p, "/")))
    {
      size_t n = strcspn (p, "/");
      char name[NAME_MAX + 1];
      char *w;
      int next;

      if (n > NAME_MAX)
        {
          cinch_fail_code (err, ENAMETOOLONG, "cgroup path `%s`: a name is too long", rel);
          goto fail;
        }
      memcpy (name, p, n);
      name[n] = '\0';
      p += n;
      /* Controllers must be enabled in every ancestor, never in the leaf
       * (it holds processes: "no internal processes").  */
      if (enable_controllers (fd, walk, controllers, err) < 0)
        goto fail;
      w = cinch_xasprintf ("%s/%s", walk, name);
      free (walk);
      walk = w;
      made_leaf = false;
      if (mkdirat (fd, name, 0755) == 0)
        {
          made_leaf = true;
          if (cg->created_top == NULL)
            cg->created_top = cinch_xstrdup (walk);
        }
      else if (errno != EEXIST)
        {
          cinch_fail (err, errno, "create cgroup %s", walk);
          goto fail;
        }
      next = openat (fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (next < 0)
        {
          cinch_fail (err, errno, "open cgroup %s", walk);
          goto fail;
        }
      close (fd);
      fd = next;
    }
  if (!made_leaf && !cgroup_empty (fd))
    {
      cinch_fail_code (err, EBUSY, "cgroup %s already holds processes", walk);
      goto fail;
    }
  cg->created = made_leaf;
  cg->path = steal_pointer (&walk);
  cg->dirfd = cinch_steal_fd (&fd);
  return 0;
fail:
  if (cg->created_top)
    {
      /* Remove what this call made, deepest first.  */
      size_t top = strlen (cg->created_top);
      while (strlen (walk) >= top)
        {
          char *slash;
          if (rmdir (walk) < 0 && errno != ENOENT)
            break;
          slash = strrchr (walk, '/');
          if (slash == NULL)
            break;
          *slash = '\0';
        }
      free (cg->created_top);
      cg->created_top = NULL;
    }
  return -1;
}

int
cinch_cgroup_open (const char *path, struct cinch_cgroup *cg, cinch_error_t *err)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0)
    return cinch_fail (err, errno, "open cgroup %s", path);
  if (!is_cgroup2 (path))
    {
      close (fd);
      return cinch_fail_code (err, EINVAL, "%s is not a cgroup v2 directory", path);
    }
  cg->path = cinch_xstrdup (path);
  cg->dirfd = fd;
  cg->created = false;
  cg->created_top = NULL;
  return 0;
}

static int
write_file (int dirfd, const char *file, const char *value)
{
  int fd = openat (dirfd, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  ssize_t n;
  int e;

  if (fd < 0)
    return -1;
  n = write (fd, value, strlen (value));
  e = errno;
  close (fd);
  if (n < 0)
    {
      errno = e;
      return -1;
    }
  return 0;
}

int
cinch_cgroup_apply (const struct cinch_cgroup *cg, const struct cinch_cgroup_writes *w,
                    cinch_error_t *err)
{
  for (size_t i = 0; i < w->n; i++)
    {
      const struct cinch_cgroup_write *x = &w->v[i];
      if (write_file (cg->dirfd, x->file, x->value) < 0)
        {
          int e = errno;
          cleanup_free char *shown = cinch_printable (x->value, true);
          /* A per-device io.weight ("MAJ:MIN W") needs io.cost enabled for
           * that device in the root's io.cost.qos, which hosts rarely do:
           * a weight shares, it does not limit, so run without it (runc
           * leaves it out too when BFQ is not there).  */
          /* No swap accounting on this kernel: no swap limit to lift.  */
          if (e == ENOENT && strcmp (x->file, "memory.swap.max") == 0
              && strcmp (x->value, "max") == 0)
            continue;
          if (e == EOPNOTSUPP && strcmp (x->file, "io.weight") == 0
              && strchr (x->value, ':') != NULL)
            {
              cinch_warn ("%s: %s in %s/io.weight ignored: io.cost is not enabled for that "
                          "device",
                          x->json_path, shown, cg->path);
              continue;
            }
          if (e == ENOENT)
            return cinch_fail_code (err, e,
                                    "%s: %s/%s does not exist (is the %s controller enabled on "
                                    "this host?)",
                                    x->json_path, cg->path, x->file,
                                    x->controller < CINCH_CG_COUNT ? controller_names[x->controller]
                                                                   : "cgroup");
          return cinch_fail (err, e, "%s: the kernel refused %s in %s/%s", x->json_path, shown,
                             cg->path, x->file);
        }
    }
  return 0;
}

int
cinch_cgroup_enter (const struct cinch_cgroup *cg, pid_t pid, cinch_error_t *err)
{
  char buf[32];

  snprintf (buf, sizeof (buf), "%d", (int) pid);
  if (write_file (cg->dirfd, "cgroup.procs", buf) < 0)
    return cinch_fail (err, errno, "move process %d into cgroup %s", (int) pid, cg->path);
  return 0;
}

static int
cmp_pid (const void *a, const void *b)
{
  pid_t x = *(const pid_t *) a, y = *(const pid_t *) b;
  return (x > y) - (x < y);
}

/* Append the pids of dirfd's cgroup.procs and of every descendant.  */
static int
collect_pids (int dirfd, pid_t **pids, size_t *n, size_t *cap, int depth, cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len;
  DIR *d;
  struct dirent *de;
  int dfd;

  if (depth > 64)
    return 0;
  if (cinch_read_file_at (dirfd, "cgroup.procs", 16 << 20, &text, &len, err) < 0)
    return -1;
  for (char *s = text; *s;)
    {
      char *end;
      long v = strtol (s, &end, 10);
      if (end == s)
        break;
      if (*n == *cap)
        {
          *cap = *cap ? *cap * 2 : 64;
          *pids = cinch_xrealloc (*pids, *cap * sizeof (**pids));
        }
      (*pids)[(*n)++] = (pid_t) v;
      s = end + strspn (end, "\n");
    }
  dfd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || (d = fdopendir (dfd)) == NULL)
    {
      if (dfd >= 0)
        close (dfd);
      return cinch_fail (err, errno, "list child cgroups");
    }
  while ((de = readdir (d)) != NULL)
    {
      int child;
      if (de->d_type != DT_DIR || de->d_name[0] == '.')
        continue;
      child = openat (dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (child < 0)
        continue; /* removed meanwhile */
      if (collect_pids (child, pids, n, cap, depth + 1, err) < 0)
        {
          close (child);
          closedir (d);
          return -1;
        }
      close (child);
    }
  closedir (d);
  return 0;
}

int
cinch_cgroup_pids (int dirfd, pid_t **pids, size_t *n, cinch_error_t *err)
{
  pid_t *v = NULL;
  size_t count = 0, cap = 0;

  if (collect_pids (dirfd, &v, &count, &cap, 0, err) < 0)
    {
      free (v);
      return -1;
    }
  if (count > 1)
    qsort (v, count, sizeof (*v), cmp_pid);
  *pids = v;
  *n = count;
  return 0;
}

int
cinch_cgroup_signal (const struct cinch_cgroup *cg, int sig, cinch_error_t *err)
{
  cleanup_free pid_t *pids = NULL;
  size_t n = 0;

  if (sig == SIGKILL)
    {
      if (write_file (cg->dirfd, "cgroup.kill", "1") == 0)
        return 0;
      if (errno != ENOENT)
        return cinch_fail (err, errno, "write %s/cgroup.kill", cg->path);
      /* Before Linux 5.14: one by one.  */
    }
  if (cinch_cgroup_pids (cg->dirfd, &pids, &n, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (kill (pids[i], sig) < 0 && errno != ESRCH)
      return cinch_fail (err, errno, "signal process %d of cgroup %s", (int) pids[i], cg->path);
  return 0;
}

/* Value of `key` in cgroup.events (-1 when unreadable).  */
static int
events_value (int dirfd, const char *key)
{
  char buf[256];
  size_t kl = strlen (key);

  if (read_small (dirfd, "cgroup.events", buf, sizeof (buf)) < 0)
    return -1;
  for (char *line = buf; line && *line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
    if (strncmp (line, key, kl) == 0 && line[kl] == ' ')
      return atoi (line + kl + 1);
  return -1;
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until cgroup.events says key == want.  */
static int
wait_events (const struct cinch_cgroup *cg, const char *key, int want, cinch_error_t *err)
{
  long long deadline = now_ms () + CGROUP_WAIT_MS;
  cleanup_close int fd = openat (cg->dirfd, "cgroup.events", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0)
    return cinch_fail (err, errno, "open %s/cgroup.events", cg->path);
  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLPRI };
      long long left;
      int v = events_value (cg->dirfd, key);
      if (v == want)
        return 0;
      if (v < 0)
        return cinch_fail (err, errno, "read %s/cgroup.events", cg->path);
      left = deadline - now_ms ();
      if (left <= 0)
        return cinch_fail_code (err, ETIMEDOUT, "cgroup %s: `%s %d` not reached in %d s", cg->path,
                                key, want, CGROUP_WAIT_MS / 1000);
      /* Wake on the kernel's notification, and at least every 100 ms in
       * case it was missed between the read and the poll.  */
      if (poll (&pfd, 1, left < 100 ? (int) left : 100) < 0 && errno != EINTR)
        return cinch_fail (err, errno, "poll %s/cgroup.events", cg->path);
    }
}

int
cinch_cgroup_freeze (const struct cinch_cgroup *cg, bool frozen, cinch_error_t *err)
{
  if (write_file (cg->dirfd, "cgroup.freeze", frozen ? "1" : "0") < 0)
    return cinch_fail (err, errno, "write %s/cgroup.freeze", cg->path);
  return wait_events (cg, "frozen", frozen ? 1 : 0, err);
}

int
cinch_cgroup_is_frozen (int dirfd)
{
  return events_value (dirfd, "frozen");
}

/* rmdir every descendant cgroup of dirfd, deepest first.  */
static void
remove_children (int dirfd, int depth)
{
  DIR *d;
  struct dirent *de;
  int dfd;

  if (depth > 64)
    return;
  dfd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || (d = fdopendir (dfd)) == NULL)
    {
      if (dfd >= 0)
        close (dfd);
      return;
    }
  while ((de = readdir (d)) != NULL)
    {
      int child;
      if (de->d_type != DT_DIR || de->d_name[0] == '.')
        continue;
      child = openat (dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (child < 0)
        continue;
      remove_children (child, depth + 1);
      close (child);
      unlinkat (dirfd, de->d_name, AT_REMOVEDIR);
    }
  closedir (d);
}

int
cinch_cgroup_destroy (struct cinch_cgroup *cg, cinch_error_t *err)
{
  if (cg->dirfd < 0)
    return 0;
  if (events_value (cg->dirfd, "populated") != 0)
    {
      /* SIGKILL reaches frozen processes too; thawing afterwards lets the
       * kernel finish them sooner on older kernels.  */
      if (cinch_cgroup_signal (cg, SIGKILL, err) < 0)
        return -1;
      if (events_value (cg->dirfd, "frozen") == 1)
        write_file (cg->dirfd, "cgroup.freeze", "0");
      if (wait_events (cg, "populated", 0, err) < 0)
        return -1;
    }
  remove_children (cg->dirfd, 0);
  for (int tries = 0;; tries++)
    {
      if (rmdir (cg->path) == 0 || errno == ENOENT)
        break;
      /* A process that just exited may still be accounted for a moment.  */
      if (errno != EBUSY || tries >= 100)
        return cinch_fail (err, errno, "remove cgroup %s", cg->path);
      usleep (10000);
    }
  if (cg->created_top)
    {
      /* A create that failed: the ancestors it made go too.  */
      size_t top = strlen (cg->created_top);
      char *slash;
      while ((slash = strrchr (cg->path, '/')) != NULL)
        {
          *slash = '\0';
          if (strlen (cg->path) < top || rmdir (cg->path) < 0)
            break;
        }
    }
  cinch_cgroup_close (cg);
  return 0;
}

void
cinch_cgroup_close (struct cinch_cgroup *cg)
{
  cinch_close (&cg->dirfd);
  free (cg->path);
  free (cg->created_top);
  cg->path = NULL;
  cg->created_top = NULL;
  cg->created = false;
}
