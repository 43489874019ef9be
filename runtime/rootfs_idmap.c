/* cinch — the rootfs of a container in a user namespace the hardened policy
 * added (plan->root_idmap): an idmapped mount of root.path, so that files
 * keep their apparent owners inside (a file owned by host uid 0 is owned by
 * root in the container, not by nobody).
 *
 * An overlayfs mount cannot itself be idmapped (EINVAL), and container
 * engines hand cinch an overlay rootfs.  So the overlay is rebuilt: its
 * layers (read from /proc/self/mountinfo) are idmapped one by one and a new
 * overlay is made on top of them.  That overlay must be created with
 * credentials whose fsuid/fsgid are mapped by the layers' idmap (host root
 * is not: creating the workdir then fails with EOVERFLOW and overlayfs goes
 * read-only), yet keep host privilege (overlayfs keeps its trusted.*
 * xattrs, which only init-namespace CAP_SYS_ADMIN may use, and acts on the
 * layers with the creator's credentials).  A short-lived thread of the
 * runtime therefore sets SECBIT_NO_SETUID_FIXUP (keep the capabilities) and
 * fsuid/fsgid to the container's root before creating the overlay;
 * credentials are per thread, so the rest of cinch is untouched.  */
#include "rootfs.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/securebits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef OVERLAYFS_SUPER_MAGIC
#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#endif

#define IDMAP_FIX                                                                                  \
  "use a filesystem that supports idmapped mounts (ext4, xfs, btrfs, tmpfs, overlayfs on "         \
  "those), give the container its own user namespace, or set allow-no-userns = true in the "       \
  "policy file"

/* Decode mountinfo's octal escapes (\040 ...) in place.  */
static void
unescape (char *s)
{
  char *w = s;

  for (char *r = s; *r; r++)
    {
      if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0'
          && r[3] <= '7')
        {
          *w++ = (char) (((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
          r += 3;
        }
      else
        *w++ = *r;
    }
  *w = '\0';
}

/* The super options of the topmost overlay mounted at mountpoint, whose
 * root is the filesystem's root.  */
static int
overlay_super_options (const char *mountpoint, char **out, cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  char *save = NULL;
  char *found = NULL;

  if (cinch_read_file ("/proc/self/mountinfo", 16u << 20, &text, &len, err) < 0)
    return -1;
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      /* id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
      char *f[5] = { 0 };
      char *sep = strstr (line, " - ");
      char *p = line, *fstype, *source, *super;
      for (int i = 0; i < 5 && p; i++)
        {
          f[i] = strsep (&p, " ");
        }
      if (sep == NULL || f[4] == NULL)
        continue;
      *sep = '\0';
      fstype = sep + 3;
      source = strchr (fstype, ' ');
      if (source == NULL)
        continue;
      *source++ = '\0';
      super = strchr (source, ' ');
      if (super == NULL)
        continue;
      super++;
      unescape (f[4]);
      if (strcmp (fstype, "overlay") != 0 || strcmp (f[4], mountpoint) != 0)
        continue;
      if (strcmp (f[3], "/") != 0)
        {
          free (found);
          found = NULL;
          continue;
        }
      free (found);
      found = cinch_xstrdup (super);
    }
  if (found == NULL)
    return cinch_fail (err, EINVAL,
                       "root.path \"%s\" is an overlayfs but not the root of an overlay mount: "
                       "cannot rebuild it on idmapped layers",
                       mountpoint);
  *out = found;
  return 0;
}

struct overlay
{
  char **lower; /* NULL-terminated */
  char *upper, *work;
  char **other; /* options passed through as they are ("index=off", "volatile") */
};

static void
overlay_clear (struct overlay *o)
{
  cinch_strv_free (o->lower);
  free (o->upper);
  free (o->work);
  cinch_strv_free (o->other);
}

static int
overlay_parse (const char *root, char *super, struct overlay *o, cinch_error_t *err)
{
  char *save = NULL;
  size_t n_other = 0;

  o->other = cinch_xcalloc (1, sizeof (char *));
  for (char *opt = strtok_r (super, ",", &save); opt; opt = strtok_r (NULL, ",", &save))
    {
      if (strncmp (opt, "lowerdir=", 9) == 0)
        {
          char *s2 = NULL;
          size_t n = 0;
          cinch_strv_free (o->lower);
          o->lower = cinch_xcalloc (1, sizeof (char *));
          for (char *l = strtok_r (opt + 9, ":", &s2); l; l = strtok_r (NULL, ":", &s2))
            {
              unescape (l);
              o->lower = cinch_xrealloc (o->lower, (n + 2) * sizeof (char *));
              o->lower[n++] = cinch_xstrdup (l);
              o->lower[n] = NULL;
            }
        }
      else if (strncmp (opt, "upperdir=", 9) == 0)
        {
          unescape (opt + 9);
          free (o->upper);
          o->upper = cinch_xstrdup (opt + 9);
        }
      else if (strncmp (opt, "workdir=", 8) == 0)
        {
          unescape (opt + 8);
          free (o->work);
          o->work = cinch_xstrdup (opt + 8);
        }
      /* "volatile" (shown as fsync=volatile by newer kernels) marks the
       * workdir so that no later mount may use it: our workdir outlives
       * the container (a restart mounts it again), so never volatile.  */
      else if (strcmp (opt, "rw") != 0 && strcmp (opt, "ro") != 0 && strcmp (opt, "volatile") != 0
               && strcmp (opt, "fsync=volatile") != 0)
        {
          unescape (opt);
          o->other = cinch_xrealloc (o->other, (n_other + 2) * sizeof (char *));
          o->other[n_other++] = cinch_xstrdup (opt);
          o->other[n_other] = NULL;
        }
    }
  if (o->lower == NULL || o->lower[0] == NULL)
    return cinch_fail (err, EINVAL, "root.path \"%s\": overlay without lowerdir", root);
  for (size_t i = 0; o->lower[i]; i++)
    if (o->lower[i][0] != '/')
      return cinch_fail (err, EINVAL,
                         "root.path \"%s\": overlay layer `%s` is a relative path: cannot "
                         "rebuild it on idmapped layers",
                         root, o->lower[i]);
  if ((o->upper == NULL) != (o->work == NULL) || (o->upper && o->upper[0] != '/')
      || (o->work && o->work[0] != '/'))
    return cinch_fail (err, EINVAL, "root.path \"%s\": overlay upperdir/workdir not usable", root);
  return 0;
}

/* open_tree a clone of path and idmap it with userns_fd.  */
static int
idmapped_clone (const char *path, int userns_fd, const char *what, int *out, cinch_error_t *err)
{
  struct mount_attr a = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t) userns_fd };
  cleanup_close int tree = open_tree (AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

  if (tree < 0)
    return cinch_fail (err, errno, "%s \"%s\": open_tree", what, path);
  if (mount_setattr (tree, "", AT_EMPTY_PATH, &a, sizeof (a)) < 0)
    {
      struct statfs sfs;
      int e = errno;
      if (e == EINVAL && fstatfs (tree, &sfs) == 0)
        return cinch_fail_code (err, e,
                                "%s: \"%s\" is on a filesystem (magic %#lx) that cannot be "
                                "idmapped, so the user namespace cinch adds could not keep "
                                "file owners [CINCH-IDMAP] (fix: " IDMAP_FIX ")",
                                what, path, (unsigned long) sfs.f_type);
      return cinch_fail (err, e, "%s \"%s\": idmap the mount", what, path);
    }
  *out = cinch_steal_fd (&tree);
  return 0;
}

/* Longest common ancestor directory of two absolute paths.  */
static char *
common_parent (const char *a, const char *b)
{
  size_t n = 0, last = 0;

  while (a[n] && a[n] == b[n])
    {
      if (a[n] == '/')
        last = n;
      n++;
    }
  if ((a[n] == '\0' && b[n] == '/') || (b[n] == '\0' && a[n] == '/'))
    last = n;
  if (last == 0)
    return cinch_xstrdup ("/");
  {
    char *s = cinch_xmalloc (last + 1);
    memcpy (s, a, last);
    s[last] = '\0';
    return s;
  }
}

struct overlay_job
{
  const struct overlay *o;
  const char *root;
  const int *lower_fds;
  int upper_fd; /* idmapped clone of upper_base, or -1 */
  const char *upper_rel, *work_rel;
  uid_t uid;
  gid_t gid;
  uint64_t attr_set;
  int result; /* mount fd, or -1 with err */
  cinch_error_t err;
};

static int
fsconfig_str (int fsfd, const char *key, const char *value, const char *root, cinch_error_t *err)
{
  if (fsconfig (fsfd, value ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG, key, value, 0) < 0)
    return cinch_fail (err, errno, "root.path \"%s\": overlay option %s%s%s", root, key,
                       value ? "=" : "", value ? value : "");
  return 0;
}

static void *
overlay_thread (void *arg)
{
  struct overlay_job *j = arg;
  cleanup_close int fsfd = -1;
  cleanup_free char *lower = NULL;
  size_t len = 0;

  j->result = -1;
  /* Credentials are per thread: keep the capabilities across the fsuid
   * change, and act as the container's root towards the idmapped layers. */
  if (prctl (PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP, 0, 0, 0) < 0)
    {
      cinch_fail (&j->err, errno, "root.path \"%s\": keep capabilities for the overlay", j->root);
      return NULL;
    }
  setfsgid (j->gid);
  setfsuid (j->uid);
  if ((uid_t) setfsuid ((uid_t) -1) != j->uid || (gid_t) setfsgid ((gid_t) -1) != j->gid)
    {
      cinch_fail (&j->err, EPERM, "root.path \"%s\": set fsuid %u", j->root, (unsigned) j->uid);
      return NULL;
    }
  fsfd = fsopen ("overlay", FSOPEN_CLOEXEC);
  if (fsfd < 0)
    {
      cinch_fail (&j->err, errno, "root.path \"%s\": fsopen overlay", j->root);
      return NULL;
    }
  for (size_t i = 0; j->o->lower[i]; i++)
    {
      char item[48];
      int n = snprintf (item, sizeof (item), "%s/proc/self/fd/%d", i ? ":" : "", j->lower_fds[i]);
      lower = cinch_xrealloc (lower, len + (size_t) n + 1);
      memcpy (lower + len, item, (size_t) n + 1);
      len += (size_t) n;
    }
  if (fsconfig_str (fsfd, "lowerdir", lower, j->root, &j->err) < 0)
    return NULL;
  if (j->upper_fd >= 0)
    {
      cleanup_free char *up = cinch_xasprintf ("/proc/self/fd/%d/%s", j->upper_fd, j->upper_rel);
      cleanup_free char *wk = cinch_xasprintf ("/proc/self/fd/%d/%s", j->upper_fd, j->work_rel);
      if (fsconfig_str (fsfd, "upperdir", up, j->root, &j->err) < 0
          || fsconfig_str (fsfd, "workdir", wk, j->root, &j->err) < 0)
        return NULL;
    }
  for (size_t i = 0; j->o->other[i]; i++)
    {
      cleanup_free char *key = cinch_xstrdup (j->o->other[i]);
      char *eq = strchr (key, '=');
      if (eq)
        *eq++ = '\0';
      if (fsconfig_str (fsfd, key, eq, j->root, &j->err) < 0)
        return NULL;
    }
  if (fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    {
      cinch_fail (&j->err, errno, "root.path \"%s\": create the overlay on idmapped layers",
                  j->root);
      return NULL;
    }
  j->result = fsmount (fsfd, FSMOUNT_CLOEXEC, (unsigned int) j->attr_set);
  if (j->result < 0)
    cinch_fail (&j->err, errno, "root.path \"%s\": fsmount the overlay", j->root);
  return NULL;
}

static int
rebuild_overlay (const struct cinch_plan *plan, int userns_fd, uid_t uid, gid_t gid, int *out,
                 cinch_error_t *err)
{
  const char *root = plan->root_path;
  cleanup_free char *super = NULL;
  cleanup_free char *base = NULL;
  struct overlay o = { 0 };
  int *lower_fds = NULL;
  size_t n = 0;
  int upper_fd = -1, r = -1;
  struct overlay_job job = { 0 };
  pthread_t t;

  if (overlay_super_options (root, &super, err) < 0 || overlay_parse (root, super, &o, err) < 0)
    goto out;
  while (o.lower[n])
    n++;
  lower_fds = cinch_xcalloc (n, sizeof (int));
  for (size_t i = 0; i < n; i++)
    lower_fds[i] = -1;
  for (size_t i = 0; i < n; i++)
    if (idmapped_clone (o.lower[i], userns_fd, "root.path overlay lowerdir", &lower_fds[i], err)
        < 0)
      goto out;
  if (o.upper)
    {
      /* upperdir and workdir must be on one mount: clone their parent.
       * The engine's workdir belongs to its own overlay, still mounted (a
       * "volatile" one marks it so that no second mount may use it): ours
       * is a sibling, which the engine removes with the rest of the
       * container's layer directory.  Made by host root through the host
       * path, so it is owned by the container's root in the idmapped
       * view.  */
      base = common_parent (o.upper, o.work);
      free (o.work);
      o.work = cinch_xasprintf ("%s/cinch-work", base);
      if (mkdir (o.work, 0700) < 0 && errno != EEXIST)
        {
          cinch_fail (err, errno, "root.path \"%s\": create the overlay workdir `%s`", root,
                      o.work);
          goto out;
        }
      if (idmapped_clone (base, userns_fd, "root.path overlay upperdir", &upper_fd, err) < 0)
        goto out;
    }
  job.o = &o;
  job.root = root;
  job.lower_fds = lower_fds;
  job.upper_fd = upper_fd;
  job.upper_rel = o.upper ? o.upper + strlen (base) + (strcmp (base, "/") != 0) : NULL;
  job.work_rel = o.work ? o.work + strlen (base) + (strcmp (base, "/") != 0) : NULL;
  job.uid = uid;
  job.gid = gid;
  job.attr_set = plan->root_attr_set & (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
  if ((errno = pthread_create (&t, NULL, overlay_thread, &job)) != 0)
    {
      cinch_fail (err, errno, "root.path \"%s\": start the overlay thread", root);
      goto out;
    }
  pthread_join (t, NULL);
  if (job.result < 0)
    {
      *err = job.err;
      goto out;
    }
  *out = job.result;
  r = 0;
out:
  for (size_t i = 0; lower_fds && i < n; i++)
    cinch_close (&lower_fds[i]);
  free (lower_fds);
  cinch_close (&upper_fd);
  overlay_clear (&o);
  return r;
}

/* Mount the container's idmapped rootfs over root.path in its mount
 * namespace, from here: the container process, root of its user namespace
 * only, may not be able to search the directories above root.path.  The
 * namespace's mounts are made slaves first (as the container process does
 * first thing), so that nothing reaches the host.  */
int
cinch_rootfs_attach_root (const struct cinch_plan *plan, pid_t pid, int tree, cinch_error_t *err)
{
  struct mount_attr slave = { .propagation = MS_SLAVE };
  cleanup_close int ours = open ("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
  cleanup_close int cwd = open (".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int theirs = -1;
  char path[64];
  int r = 0;

  snprintf (path, sizeof (path), "/proc/%d/ns/mnt", pid);
  theirs = open (path, O_RDONLY | O_CLOEXEC);
  if (ours < 0 || cwd < 0 || theirs < 0)
    return cinch_fail (err, errno, "open the mount namespaces");
  if (setns (theirs, CLONE_NEWNS) < 0)
    return cinch_fail (err, errno, "enter the container's mount namespace");
  if (mount_setattr (AT_FDCWD, "/", AT_RECURSIVE, &slave, sizeof (slave)) < 0)
    r = cinch_fail (err, errno, "make the container's mounts rslave");
  else if (move_mount (tree, "", AT_FDCWD, plan->root_path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    r = cinch_fail (err, errno, "root.path \"%s\": mount the idmapped rootfs",
                    plan->root_path);
  if (setns (ours, CLONE_NEWNS) < 0 || fchdir (cwd) < 0)
    {
      /* cinch cannot go on in the container's namespace.  */
      cinch_fail (err, errno, "return to cinch's mount namespace");
      fprintf (stderr, "cinch: %s\n", cinch_error_msg (*err));
      _exit (1);
    }
  return r;
}

int
cinch_rootfs_prepare_root (const struct cinch_plan *plan, int userns_fd, uid_t uid, gid_t gid,
                           int *out, cinch_error_t *err)
{
  struct statfs sfs;
  cleanup_close int tree = -1;

  if (statfs (plan->root_path, &sfs) < 0)
    return cinch_fail (err, errno, "root.path \"%s\"", plan->root_path);
  if (sfs.f_type == OVERLAYFS_SUPER_MAGIC)
    return rebuild_overlay (plan, userns_fd, uid, gid, out, err);
  if (idmapped_clone (plan->root_path, userns_fd, "root.path", &tree, err) < 0)
    return -1;
  if (plan->root_attr_set)
    {
      struct mount_attr a = { .attr_set = plan->root_attr_set };
      if (mount_setattr (tree, "", AT_EMPTY_PATH, &a, sizeof (a)) < 0)
        return cinch_fail (err, errno, "root.path \"%s\": set nosuid,nodev", plan->root_path);
    }
  *out = cinch_steal_fd (&tree);
  return 0;
}

static int
probe_path (const char *path, int userns_fd, const char *what, cinch_error_t *err)
{
  cleanup_close int fd = -1;
  return idmapped_clone (path, userns_fd, what, &fd, err);
}

int
cinch_rootfs_idmap_probe (const struct cinch_plan *plan, cinch_error_t *err)
{
  const struct cinch_linux *l = &plan->linux_;
  cleanup_close int userns = -1;
  struct statfs sfs;

  if (cinch_userns_open (l->uid_mappings, l->n_uid_mappings, l->gid_mappings, l->n_gid_mappings,
                         &userns, err)
      < 0)
    return -1;
  if (plan->root_idmap)
    {
      if (statfs (plan->root_path, &sfs) < 0)
        return cinch_fail (err, errno, "root.path \"%s\"", plan->root_path);
      if (sfs.f_type == OVERLAYFS_SUPER_MAGIC)
        {
          cleanup_free char *super = NULL;
          cleanup_free char *base = NULL;
          struct overlay o = { 0 };
          int r = 0;
          if (overlay_super_options (plan->root_path, &super, err) < 0
              || overlay_parse (plan->root_path, super, &o, err) < 0)
            r = -1;
          for (size_t i = 0; r == 0 && o.lower[i]; i++)
            r = probe_path (o.lower[i], userns, "root.path overlay lowerdir", err);
          if (r == 0 && o.upper)
            {
              base = common_parent (o.upper, o.work);
              r = probe_path (base, userns, "root.path overlay upperdir", err);
            }
          overlay_clear (&o);
          if (r < 0)
            return -1;
        }
      else if (probe_path (plan->root_path, userns, "root.path", err) < 0)
        return -1;
    }
  for (size_t i = 0; i < plan->n_mounts; i++)
    {
      const struct cinch_mount *m = &plan->mounts[i];
      cleanup_free char *what = NULL;
      if (!m->idmap || m->n_uid_mappings > 0 || m->source == NULL)
        continue;
      what = cinch_xasprintf ("mounts[%zu].source", i);
      if (probe_path (m->source, userns, what, err) < 0)
        return -1;
    }
  return 0;
}
