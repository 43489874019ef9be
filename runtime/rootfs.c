/* cinch — root filesystem setup: path resolution inside the root, the
 * mounts of the plan, /dev, masked/readonly paths, pivot_root, idmapped
 * mounts.  */
#include "rootfs.h"
#include "copy.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

/* Attributes fsmount(2) takes directly (FSMOUNT_VALID_FLAGS).  */
#define FSMOUNT_ATTRS                                                                              \
  (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC                    \
   | MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_NOSYMFOLLOW)

/* ---- resolution inside the root ---- */

int
cinch_openat_in_root (int rootfd, const char *path, int flags, mode_t mode,
                      unsigned long long extra_resolve)
{
  struct open_how how = { 0 };
  const char *p = path;
  int fd = -1;

  while (*p == '/')
    p++;
  if (*p == '\0')
    p = ".";
  how.flags = (unsigned long long) (flags | O_CLOEXEC);
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
    how.mode = mode;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | extra_resolve;
  /* RESOLVE_IN_ROOT returns EAGAIN when a concurrent rename could have let
   * ".." escape: retry a bounded number of times.  */
  for (int i = 0; i < 64; i++)
    {
      fd = (int) syscall (SYS_openat2, rootfd, p, &how, sizeof (how));
      if (fd >= 0 || (errno != EAGAIN && errno != EINTR))
        break;
    }
  return fd;
}

enum rootfs_create
{
  NO_CREATE = 0,
  CREATE_DIR,  /* missing components become 0755 directories */
  CREATE_FILE, /* ... and the last one an empty 0644 file */
};

/* Resolve path inside rootfd like cinch_openat_in_root (O_PATH), creating
 * what is missing, component by component with mkdirat/mknodat on the
 * resolved parent.  *out_fd: O_PATH fd owned by the caller.  */
static int
resolve_in_root (int rootfd, const char *path, enum rootfs_create create,
                 unsigned long long extra_resolve, int *out_fd, cinch_error_t *err)
{
  cleanup_free char *buf = NULL;
  cleanup_close int cur = -1;
  size_t len, i = 0;
  int fd;

  fd = cinch_openat_in_root (rootfd, path, O_PATH, 0, extra_resolve);
  if (fd >= 0)
    {
      *out_fd = fd;
      return 0;
    }
  if (errno != ENOENT || create == NO_CREATE)
    return cinch_fail (err, errno, "resolve `%s` inside the rootfs", path);

  /* Walk from the root: every prefix is re-resolved from rootfd (never from
   * the parent fd) so that a symlink met on the way is interpreted inside
   * the root, and only the missing component is created in the directory
   * the previous prefix resolved to.  */
  buf = cinch_xstrdup (path);
  len = strlen (buf);
  cur = fcntl (rootfd, F_DUPFD_CLOEXEC, 0);
  if (cur < 0)
    return cinch_fail (err, errno, "dup rootfs fd");
  while (i < len)
    {
      size_t start, end, j;
      const char *name;
      bool last;
      char saved;

      while (i < len && buf[i] == '/')
        i++;
      if (i >= len)
        break;
      start = i;
      while (i < len && buf[i] != '/')
        i++;
      end = j = i;
      while (j < len && buf[j] == '/')
        j++;
      last = j >= len;
      saved = buf[end];
      buf[end] = '\0';
      name = buf + start;

      fd = cinch_openat_in_root (rootfd, buf, O_PATH, 0, extra_resolve);
      if (fd < 0 && errno == ENOENT && strcmp (name, ".") != 0 && strcmp (name, "..") != 0)
        {
          int r;
          if (last && create == CREATE_FILE)
            r = mknodat (cur, name, S_IFREG | 0644, 0);
          else
            r = mkdirat (cur, name, 0755);
          if (r < 0 && errno != EEXIST)
            return cinch_fail (err, errno, "create `%s` inside the rootfs", buf);
          fd = cinch_openat_in_root (rootfd, buf, O_PATH, 0, extra_resolve);
          if (fd < 0 && errno == ENOENT)
            return cinch_fail (err, ENOENT,
                               "create `%s` inside the rootfs: a dangling symlink is in the way",
                               buf);
        }
      if (fd < 0)
        return cinch_fail (err, errno, "resolve `%s` inside the rootfs", buf);
      cinch_close (&cur);
      cur = fd;
      buf[end] = saved;
    }
  *out_fd = cinch_steal_fd (&cur);
  return 0;
}

/* ---- mount primitives ---- */

static uint64_t
propagation_flag (enum cinch_propagation p)
{
  switch (p)
    {
    case CINCH_PROP_PRIVATE:
      return MS_PRIVATE;
    case CINCH_PROP_SHARED:
      return MS_SHARED;
    case CINCH_PROP_SLAVE:
      return MS_SLAVE;
    case CINCH_PROP_UNBINDABLE:
      return MS_UNBINDABLE;
    case CINCH_PROP_NONE:
    default:
      return 0;
    }
}

/* mount_setattr on fd (a mount root).  The atime setting is a 3-value
 * field: the kernel wants all of MOUNT_ATTR__ATIME in attr_clr whenever it
 * changes.  IDMAP is never set here (see cinch_rootfs_prepare_idmapped). */
static int
setattr_fd (int fd, bool recursive, uint64_t set, uint64_t clr, uint64_t propagation)
{
  struct mount_attr a = { 0 };

  a.attr_set = set & ~(uint64_t) MOUNT_ATTR_IDMAP;
  a.attr_clr = clr & ~(uint64_t) MOUNT_ATTR_IDMAP;
  a.propagation = propagation;
  if (a.attr_set == 0 && a.attr_clr == 0 && a.propagation == 0)
    return 0;
  if ((a.attr_set & MOUNT_ATTR__ATIME) || (a.attr_clr & MOUNT_ATTR__ATIME))
    a.attr_clr |= MOUNT_ATTR__ATIME;
  return mount_setattr (fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &a, sizeof (a));
}

static int
attach_fd (int tree, int target)
{
  return move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

/* The messages the filesystem left in its fs_context log ("e msg" lines),
 * joined by "; ".  NULL when there are none.  */
static char *
fs_log (int fsfd)
{
  char line[1024];
  char *all = NULL;

  for (int n = 0; n < 16; n++)
    {
      ssize_t r = read (fsfd, line, sizeof (line) - 1);
      const char *text = line;
      char *joined;

      if (r <= 0)
        break;
      line[r] = '\0';
      while (r > 0 && line[r - 1] == '\n')
        line[--r] = '\0';
      if (r >= 2 && line[1] == ' ')
        text = line + 2;
      joined = all ? cinch_xasprintf ("%s; %s", all, text) : cinch_xstrdup (text);
      free (all);
      all = joined;
    }
  return all;
}

static int
fs_fail (int fsfd, int errnum, const char *fstype, const char *what, cinch_error_t *err)
{
  cleanup_free char *log = fs_log (fsfd);

  if (log)
    return cinch_fail (err, errnum, "%s %s (%s)", fstype, what, log);
  return cinch_fail (err, errnum, "%s %s", fstype, what);
}

static const struct
{
  unsigned long flag;
  const char *name;
} sb_flag_names[] = {
  { MS_SYNCHRONOUS, "sync" },  { MS_DIRSYNC, "dirsync" }, { MS_MANDLOCK, "mand" },
  { MS_LAZYTIME, "lazytime" }, { MS_SILENT, "silent" },
};

/* Create a new filesystem and a detached mount of it: fsopen, "source",
 * superblock flags, each data option (key=value as a string, bare as a
 * flag), create, fsmount with attr_set.  drop_key: a data option left out
 * (NULL: none).  *out: mount fd owned by the caller.  */
static int
fs_create (const char *fstype, const char *source, const char *data, unsigned long sb_flags,
           uint64_t attr_set, const char *drop_key, int *out, cinch_error_t *err)
{
  cleanup_close int fsfd = fsopen (fstype, FSOPEN_CLOEXEC);
  cleanup_close int mnt = -1;
  cleanup_free char *copy = NULL;
  unsigned long unknown_sb = sb_flags;
  char *save = NULL;

  if (fsfd < 0)
    return cinch_fail (err, errno, "fsopen `%s`", fstype);
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (sb_flag_names); i++)
    unknown_sb &= ~sb_flag_names[i].flag;
  if (unknown_sb)
    return cinch_fail (err, EINVAL, "%s: superblock flags %#lx cannot be set through fsconfig",
                       fstype, unknown_sb);
  if (source && fsconfig (fsfd, FSCONFIG_SET_STRING, "source", source, 0) < 0)
    return fs_fail (fsfd, errno, fstype, "source", err);
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (sb_flag_names); i++)
    if ((sb_flags & sb_flag_names[i].flag)
        && fsconfig (fsfd, FSCONFIG_SET_FLAG, sb_flag_names[i].name, NULL, 0) < 0
        && sb_flag_names[i].flag != MS_SILENT)
      return fs_fail (fsfd, errno, fstype, sb_flag_names[i].name, err);
  if (data)
    {
      copy = cinch_xstrdup (data);
      for (char *opt = strtok_r (copy, ",", &save); opt; opt = strtok_r (NULL, ",", &save))
        {
          char *eq = strchr (opt, '=');
          size_t keylen = eq ? (size_t) (eq - opt) : strlen (opt);
          int r;

          if (drop_key && strlen (drop_key) == keylen && strncmp (opt, drop_key, keylen) == 0)
            continue;
          if (eq)
            {
              *eq = '\0';
              r = fsconfig (fsfd, FSCONFIG_SET_STRING, opt, eq + 1, 0);
              *eq = '=';
            }
          else
            r = fsconfig (fsfd, FSCONFIG_SET_FLAG, opt, NULL, 0);
          if (r < 0)
            {
              cleanup_free char *what = cinch_xasprintf ("option `%s`", opt);
              return fs_fail (fsfd, errno, fstype, what, err);
            }
        }
    }
  if (fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return fs_fail (fsfd, errno, fstype, "create", err);
  mnt = fsmount (fsfd, FSMOUNT_CLOEXEC, (unsigned) (attr_set & FSMOUNT_ATTRS));
  if (mnt < 0)
    return fs_fail (fsfd, errno, fstype, "fsmount", err);
  if (setattr_fd (mnt, false, attr_set & ~(uint64_t) FSMOUNT_ATTRS, 0, 0) < 0)
    return cinch_fail (err, errno, "%s: set mount attributes", fstype);
  *out = cinch_steal_fd (&mnt);
  return 0;
}

static bool
data_has_key (const char *data, const char *key)
{
  size_t klen = strlen (key);

  for (const char *p = data; p && *p;)
    {
      if (strncmp (p, key, klen) == 0 && (p[klen] == '=' || p[klen] == ',' || p[klen] == '\0'))
        return true;
      p = strchr (p, ',');
      if (p)
        p++;
    }
  return false;
}

/* ---- the mounts of the plan ---- */

static bool
mount_is_bind (const struct cinch_mount *m)
{
  return m->bind || m->type == NULL || strcmp (m->type, "bind") == 0;
}

static bool
type_is (const struct cinch_mount *m, const char *t)
{
  return m->type && strcmp (m->type, t) == 0;
}

/* Clone a host tree (bind source) with the mount's attributes applied:
 * recursive ones first, then the top-mount ones.  */
static int
clone_host_tree (const char *source, bool recursive, uint64_t set, uint64_t clr, uint64_t rset,
                 uint64_t rclr, bool in_userns, int *out, cinch_error_t *err)
{
  cleanup_close int tree = -1;

  tree = open_tree (AT_FDCWD, source,
                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
  if (tree < 0)
    return cinch_fail (err, errno, "open_tree `%s`", source);
  if (setattr_fd (tree, true, rset, rclr, 0) < 0)
    return cinch_fail (err, errno, "set recursive mount attributes on `%s`", source);
  if (setattr_fd (tree, false, set, clr, 0) < 0)
    {
      struct statvfs sv;
      uint64_t locked = 0;

      /* In a user namespace the flags the host put on the source are
       * locked (clearing them is EPERM); keep them, as runc does, rather
       * than failing a "rw"/"suid"/"dev"/"exec" that could never apply.  */
      if (errno != EPERM || !in_userns || fstatvfs (tree, &sv) < 0)
        return cinch_fail (err, errno, "set mount attributes on `%s`", source);
      if (sv.f_flag & ST_RDONLY)
        locked |= MOUNT_ATTR_RDONLY;
      if (sv.f_flag & ST_NOSUID)
        locked |= MOUNT_ATTR_NOSUID;
      if (sv.f_flag & ST_NODEV)
        locked |= MOUNT_ATTR_NODEV;
      if (sv.f_flag & ST_NOEXEC)
        locked |= MOUNT_ATTR_NOEXEC;
      if (setattr_fd (tree, false, set, clr & ~locked, 0) < 0)
        return cinch_fail (err, errno, "set mount attributes on `%s`", source);
    }
  *out = cinch_steal_fd (&tree);
  return 0;
}

/* The host's cgroup2 hierarchy: /sys/fs/cgroup on a pure v2 host,
 * /sys/fs/cgroup/unified on a hybrid one.  */
static const char *
host_cgroup2_path (void)
{
  struct statfs sfs;

  if (statfs ("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
    return "/sys/fs/cgroup";
  if (statfs ("/sys/fs/cgroup/unified", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
    return "/sys/fs/cgroup/unified";
  return NULL;
}

/* A new filesystem for mount m, with the special cases of runc/crun:
 * - "cgroup" and "cgroup2" both get a cgroup2 superblock (v1 controller
 *   names in the data are dropped for "cgroup"): cinch manages cgroup v2
 *   only.  When the kernel refuses it (EPERM/EBUSY: a user namespace
 *   without its own cgroup namespace) the container's cgroup directory
 *   (opts->cgroup_path) or the host hierarchy is bound instead.
 * - sysfs: without a network namespace owned by the container's user
 *   namespace the kernel refuses a new sysfs; bind the host /sys
 *   (recursively, with the mount's attributes applied recursively).
 * - mqueue: likewise without an owned IPC namespace, bind /dev/mqueue.
 * - devpts: "gid=5" fails when gid 5 is not mapped in the user namespace;
 *   retry without it (crun does the same).  */
static int
new_fs_tree (const struct cinch_mount *m, const struct cinch_rootfs_opts *opts, int *out,
             cinch_error_t *err)
{
  /* A fresh filesystem has no submounts: the recursive attributes are
   * its own.  The atime mode is one field: the top-mount choice wins.  */
  uint64_t set = (m->attr_set | m->rattr_set) & ~(uint64_t) MOUNT_ATTR__ATIME;
  const char *fstype = m->type;
  const char *data = m->data;
  const char *fallback = NULL;
  int r;

  if (m->attr_clr & MOUNT_ATTR__ATIME)
    set |= m->attr_set & MOUNT_ATTR__ATIME;
  else if (m->rattr_clr & MOUNT_ATTR__ATIME)
    set |= m->rattr_set & MOUNT_ATTR__ATIME;
  if (type_is (m, "cgroup") || type_is (m, "cgroup2"))
    {
      fstype = "cgroup2";
      if (type_is (m, "cgroup"))
        data = NULL;
    }
  r = fs_create (fstype, m->source ? m->source : fstype, data, m->sb_flags, set, NULL, out, err);
  if (r == 0)
    return 0;

  if (type_is (m, "devpts") && data_has_key (data, "gid"))
    {
      cleanup_error cinch_error_t retry_err = NULL;
      if (fs_create (fstype, m->source ? m->source : fstype, data, m->sb_flags, set, "gid", out,
                     &retry_err)
          == 0)
        {
          cinch_error_free (err);
          return 0;
        }
    }

  if ((*err)->errnum != EPERM && (*err)->errnum != EBUSY)
    return -1;
  if (type_is (m, "sysfs"))
    fallback = "/sys";
  else if (type_is (m, "mqueue"))
    fallback = "/dev/mqueue";
  else if (strcmp (fstype, "cgroup2") == 0)
    fallback = opts->cgroup_path ? opts->cgroup_path : host_cgroup2_path ();
  if (fallback == NULL)
    return -1;
  cinch_error_free (err);
  if (clone_host_tree (fallback, true, 0, 0, set, 0, opts->in_userns, out, err) < 0)
    return cinch_error_wrap (err, "%s could not be created, binding the host's `%s` instead",
                             fstype, fallback);
  return 0;
}

/* runc's checkProcMount (CVE-2019-16884 class): only a procfs may be
 * mounted over the container's /proc, and inside a procfs only the files
 * lxcfs emulates may be covered.  Checked on the resolved target, so a
 * symlink cannot hide either.  source_is_proc: the new mount is a procfs
 * (type proc, or a bind of one).  */
static int
check_proc_target (int rootfd, const struct cinch_mount *m, bool source_is_proc, int target,
                   cinch_error_t *err)
{
  static const char *const lxcfs[] = {
    "/proc/cpuinfo", "/proc/diskstats",
    "/proc/meminfo", "/proc/stat",
    "/proc/swaps",   "/proc/uptime",
    "/proc/loadavg", "/proc/slabinfo",
    "/proc/net/dev", "/proc/sys/kernel/ns_last_pid",
  };
  cleanup_close int procfd = -1;
  struct statfs sfs;
  struct stat st_target, st_proc;

  if (type_is (m, "proc"))
    return 0;
  if (fstatfs (target, &sfs) < 0 || fstat (target, &st_target) < 0)
    return cinch_fail (err, errno, "stat the mount target");
  if (sfs.f_type == PROC_SUPER_MAGIC)
    {
      for (size_t i = 0; i < CINCH_ARRAY_SIZE (lxcfs); i++)
        if (strcmp (m->destination, lxcfs[i]) == 0)
          return 0;
      return cinch_fail (err, 0,
                         "refusing a mount inside /proc: only the files lxcfs emulates "
                         "(/proc/cpuinfo, /proc/meminfo, ...) may be covered, anything else "
                         "could hide or fake kernel interfaces");
    }
  if (source_is_proc)
    return 0;
  procfd = cinch_openat_in_root (rootfd, "/proc", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS);
  if (procfd >= 0 && fstat (procfd, &st_proc) == 0 && st_proc.st_dev == st_target.st_dev
      && st_proc.st_ino == st_target.st_ino)
    return cinch_fail (err, 0,
                       "refusing to mount a %s over /proc (CVE-2019-16884: it would hide "
                       "the real procfs from the LSM checks); use type \"proc\"",
                       m->type ? m->type : "bind");
  return 0;
}

/* tmpcopyup: copy what the target directory holds into the new tmpfs,
 * before it covers them, and give the tmpfs root the directory's owner and
 * mode unless the options set them.  */
static int
tmpcopyup (const struct cinch_mount *m, int target, int tree, cinch_error_t *err)
{
  cleanup_close int src = openat (target, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int dst = openat (tree, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat st;

  if (src < 0 || dst < 0 || fstat (src, &st) < 0)
    return cinch_fail (err, errno, "tmpcopyup: open");
  if (cinch_copy_tree (src, dst, 0, err) < 0)
    return cinch_error_wrap (err, "tmpcopyup");
  if (!data_has_key (m->data, "uid") && !data_has_key (m->data, "gid")
      && fchown (dst, st.st_uid, st.st_gid) < 0)
    return cinch_fail (err, errno, "tmpcopyup: chown the tmpfs root");
  if (!data_has_key (m->data, "mode") && fchmod (dst, st.st_mode & 07777) < 0)
    return cinch_fail (err, errno, "tmpcopyup: chmod the tmpfs root");
  return 0;
}

/* After attaching proc, look at the destination again: it must now be a
 * procfs and the very mount we created.  */
static int
verify_proc (int rootfd, const char *dest, int tree, cinch_error_t *err)
{
  cleanup_close int fd =
      cinch_openat_in_root (rootfd, dest, O_PATH | O_DIRECTORY, 0, RESOLVE_NO_SYMLINKS);
  struct statfs sfs;
  struct stat a, b;

  if (fd < 0 || fstatfs (fd, &sfs) < 0 || fstat (fd, &a) < 0 || fstat (tree, &b) < 0)
    return cinch_fail (err, errno, "verify the proc mount");
  if (sfs.f_type != PROC_SUPER_MAGIC || a.st_dev != b.st_dev)
    return cinch_fail (err, 0, "verify the proc mount: the destination is not the new procfs");
  return 0;
}

/* The source side of mount m: a premade (idmapped) tree, a clone of the
 * host source for binds, or a new filesystem.  *owned is false when the fd
 * belongs to the caller of cinch_rootfs_setup_mounts.  */
static int
mount_source (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts, size_t idx,
              int *tree, bool *owned, cinch_error_t *err)
{
  const struct cinch_mount *m = &plan->mounts[idx];
  int premade = opts->premade_mount_fds ? opts->premade_mount_fds[idx] : -1;

  *owned = true;
  if (premade >= 0)
    {
      *tree = premade;
      *owned = false;
      return 0;
    }
  if (m->idmap || m->ridmap)
    return cinch_fail (err, EINVAL,
                       "mounts[%zu]: idmap requested but no idmapped mount was "
                       "prepared (cinch_rootfs_prepare_idmapped)",
                       idx);
  if (mount_is_bind (m))
    {
      if (m->source == NULL)
        return cinch_fail (err, EINVAL, "mounts[%zu].source: a bind mount needs a source", idx);
      if (clone_host_tree (m->source, m->recursive, m->attr_set, m->attr_clr, m->rattr_set,
                           m->rattr_clr, opts->in_userns, tree, err)
          < 0)
        return cinch_error_wrap (err, "mounts[%zu].source \"%s\"", idx, m->source);
      return 0;
    }
  if (new_fs_tree (m, opts, tree, err) < 0)
    return cinch_error_wrap (err, "mounts[%zu].type \"%s\"", idx, m->type);
  return 0;
}

static int
mount_one (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts, int rootfd,
           size_t idx, cinch_error_t *err)
{
  const struct cinch_mount *m = &plan->mounts[idx];
  bool proc_or_sys = type_is (m, "proc") || type_is (m, "sysfs");
  cleanup_close int owned_tree = -1;
  cleanup_close int target = -1;
  struct statfs src_fs;
  struct stat src_st, dst_st;
  bool owned;
  int tree;

  if (m->destination == NULL || m->destination[strspn (m->destination, "/")] == '\0')
    return cinch_fail (err, EINVAL, "mounts[%zu].destination: must name a path below \"/\"", idx);
  if (mount_source (plan, opts, idx, &tree, &owned, err) < 0)
    return -1;
  if (owned)
    owned_tree = tree;
  if (fstat (tree, &src_st) < 0 || fstatfs (tree, &src_fs) < 0)
    return cinch_fail (err, errno, "mounts[%zu]: stat the new mount", idx);

  /* proc and sysfs only on a real directory reached without any symlink
   * (CVE-2019-19921, CVE-2021-30465).  */
  if (resolve_in_root (rootfd, m->destination, S_ISDIR (src_st.st_mode) ? CREATE_DIR : CREATE_FILE,
                       proc_or_sys ? RESOLVE_NO_SYMLINKS : 0, &target, err)
      < 0)
    {
      if (proc_or_sys && (*err)->errnum == ELOOP)
        cinch_error_wrap (err,
                          "%s must be mounted on a real directory, not through a symlink "
                          "(CVE-2019-19921)",
                          m->type);
      return cinch_error_wrap (err, "mounts[%zu].destination \"%s\"", idx, m->destination);
    }
  if (fstat (target, &dst_st) < 0)
    return cinch_fail (err, errno, "mounts[%zu].destination \"%s\"", idx, m->destination);
  if (proc_or_sys && !S_ISDIR (dst_st.st_mode))
    return cinch_fail (err, ENOTDIR,
                       "mounts[%zu].destination \"%s\": %s must be mounted on a "
                       "directory",
                       idx, m->destination, m->type);
  if (check_proc_target (rootfd, m, src_fs.f_type == PROC_SUPER_MAGIC, target, err) < 0)
    return cinch_error_wrap (err, "mounts[%zu].destination \"%s\"", idx, m->destination);
  if (m->tmpcopyup && type_is (m, "tmpfs") && S_ISDIR (dst_st.st_mode)
      && tmpcopyup (m, target, tree, err) < 0)
    return cinch_error_wrap (err, "mounts[%zu]", idx);

  if (attach_fd (tree, target) < 0)
    return cinch_fail (err, errno, "mounts[%zu].destination \"%s\": move_mount", idx,
                       m->destination);
  /* Propagation once attached: a detached shared mount would start a peer
   * group that move_mount then has to reconcile.  */
  if (setattr_fd (tree, m->propagation_recursive, 0, 0, propagation_flag (m->propagation)) < 0)
    return cinch_fail (err, errno, "mounts[%zu].options: set propagation", idx);
  if (type_is (m, "proc") && verify_proc (rootfd, m->destination, tree, err) < 0)
    return cinch_error_wrap (err, "mounts[%zu].destination \"%s\"", idx, m->destination);
  return 0;
}

/* ---- /dev: default devices, linux.devices, symlinks, console ----
 * Every node is created with *at() calls on a parent directory resolved
 * inside the root.  */

struct dev_spec
{
  const char *path; /* inside the container, and on the host for binds */
  char type;        /* 'c', 'u', 'b' or 'p' */
  unsigned major, minor;
  mode_t mode;
  uid_t uid;
  gid_t gid;
};

/* runc's default devices (libcontainer/specconv AllowedDevices that get a
 * node), all 0666 root:root.  */
static const struct
{
  const char *path;
  unsigned major, minor;
} default_devices[] = {
  { "/dev/null", 1, 3 },   { "/dev/zero", 1, 5 },    { "/dev/full", 1, 7 },
  { "/dev/random", 1, 8 }, { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
};

static mode_t
dev_kind (char type)
{
  switch (type)
    {
    case 'b':
      return S_IFBLK;
    case 'p':
      return S_IFIFO;
    default:
      return S_IFCHR;
    }
}

/* Split path into its parent directory (resolved, created if missing,
 * inside the root) and its last component.  */
static int
open_parent (int rootfd, const char *path, int *dirfd, const char **base, cinch_error_t *err)
{
  cleanup_free char *dir = cinch_xstrdup (path);
  char *slash = strrchr (dir, '/');
  const char *name = slash ? slash + 1 : dir;

  if (*name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return cinch_fail (err, EINVAL, "must name a file");
  if (slash)
    *slash = '\0';
  *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
  return resolve_in_root (rootfd, slash && *dir ? dir : "/", CREATE_DIR, 0, dirfd, err);
}

/* Make dirfd/name usable as the target of a file bind mount: an existing
 * non-directory is kept (a device node of the image is fine), a symlink is
 * replaced (a mount on it would follow it), nothing becomes an empty file.
 * *target: O_PATH fd of it.  */
static int
mount_file_target (int dirfd, const char *name, int *target, cinch_error_t *err)
{
  struct stat st;
  int fd;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    {
      if (S_ISDIR (st.st_mode))
        return cinch_fail (err, EISDIR, "exists and is a directory");
      if (S_ISLNK (st.st_mode) && unlinkat (dirfd, name, 0) < 0)
        return cinch_fail (err, errno, "remove the symlink in the way");
    }
  else if (errno != ENOENT)
    return cinch_fail (err, errno, "stat");
  if (mknodat (dirfd, name, S_IFREG | 0644, 0) < 0 && errno != EEXIST)
    return cinch_fail (err, errno, "create the mount target");
  fd = openat (dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return cinch_fail (err, errno, "open the mount target");
  *target = fd;
  return 0;
}

/* In a user namespace mknod is not permitted: bind the host's node.  */
static int
bind_host_device (int dirfd, const char *name, const struct dev_spec *d, cinch_error_t *err)
{
  cleanup_close int target = -1, tree = -1;
  struct stat st;

  tree = open_tree (AT_FDCWD, d->path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  if (tree < 0)
    return cinch_fail (err, errno, "bind the host's `%s`", d->path);
  if (fstat (tree, &st) < 0)
    return cinch_fail (err, errno, "stat the host's `%s`", d->path);
  if ((st.st_mode & S_IFMT) != dev_kind (d->type) || major (st.st_rdev) != d->major
      || minor (st.st_rdev) != d->minor)
    return cinch_fail (err, 0, "the host's `%s` is not the %c %u:%u device asked for", d->path,
                       d->type, d->major, d->minor);
  if (mount_file_target (dirfd, name, &target, err) < 0)
    return -1;
  if (move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return cinch_fail (err, errno, "move_mount the host's `%s`", d->path);
  return 0;
}

static int
mknod_device (int dirfd, const char *name, const struct dev_spec *d)
{
  mode_t kind = dev_kind (d->type);
  dev_t rdev = kind == S_IFIFO ? 0 : makedev (d->major, d->minor);
  mode_t old = umask (0);
  int r = mknodat (dirfd, name, kind | (d->mode & 07777), rdev);
  int saved = errno;
  struct stat st;

  umask (old);
  errno = saved;
  if (r == 0 || errno != EEXIST)
    return r;
  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return -1;
  if ((st.st_mode & S_IFMT) == kind && (kind == S_IFIFO || st.st_rdev == rdev))
    return fchmodat (dirfd, name, d->mode & 07777, 0);
  if (S_ISDIR (st.st_mode))
    {
      errno = EISDIR;
      return -1;
    }
  /* Something else is in the way (a regular file in an image's /dev/null
   * would swallow writes to disk): replace it.  */
  if (unlinkat (dirfd, name, 0) < 0)
    return -1;
  old = umask (0);
  r = mknodat (dirfd, name, kind | (d->mode & 07777), rdev);
  saved = errno;
  umask (old);
  errno = saved;
  return r;
}

static int
create_device (int rootfd, const struct dev_spec *d, bool in_userns, cinch_error_t *err)
{
  cleanup_close int dirfd = -1;
  const char *name = NULL;

  if (open_parent (rootfd, d->path, &dirfd, &name, err) < 0)
    return -1;
  /* FIFOs need no CAP_MKNOD, so they are always made.  */
  if (in_userns && d->type != 'p')
    return bind_host_device (dirfd, name, d, err);
  if (mknod_device (dirfd, name, d) < 0)
    {
      if (errno == EPERM && d->type != 'p')
        return bind_host_device (dirfd, name, d, err);
      return cinch_fail (err, errno, "mknod");
    }
  if (fchownat (dirfd, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
    return cinch_fail (err, errno, "chown to %u:%u", (unsigned) d->uid, (unsigned) d->gid);
  return 0;
}

static bool
devices_list (const struct cinch_plan *plan, const char *path)
{
  for (size_t i = 0; i < plan->linux_.n_devices; i++)
    if (plan->linux_.devices[i].path && strcmp (plan->linux_.devices[i].path, path) == 0)
      return true;
  return false;
}

static int
create_devices (const struct cinch_plan *plan, bool in_userns, int rootfd, cinch_error_t *err)
{
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (default_devices); i++)
    {
      struct dev_spec d = { .path = default_devices[i].path,
                            .type = 'c',
                            .major = default_devices[i].major,
                            .minor = default_devices[i].minor,
                            .mode = 0666 };
      if (devices_list (plan, d.path))
        continue;
      if (create_device (rootfd, &d, in_userns, err) < 0)
        return cinch_error_wrap (err, "default device \"%s\"", d.path);
    }
  for (size_t i = 0; i < plan->linux_.n_devices; i++)
    {
      const struct cinch_device *cd = &plan->linux_.devices[i];
      struct dev_spec d = { .path = cd->path,
                            .type = cd->type,
                            .major = (unsigned) cd->major,
                            .minor = (unsigned) cd->minor,
                            .mode = cd->has_file_mode ? cd->file_mode : 0666,
                            .uid = cd->has_uid ? cd->uid : 0,
                            .gid = cd->has_gid ? cd->gid : 0 };
      if (cd->path == NULL || cd->path[0] != '/')
        return cinch_fail (err, EINVAL, "linux.devices[%zu].path: must be absolute", i);
      if (create_device (rootfd, &d, in_userns, err) < 0)
        return cinch_error_wrap (err, "linux.devices[%zu].path \"%s\"", i, cd->path);
    }
  return 0;
}

/* /dev/fd, stdin, stdout, stderr, core (when the kernel has /proc/kcore),
 * and /dev/ptmx -> pts/ptmx when /dev/pts is a devpts instance (and the
 * config did not ask for a ptmx node itself).  Existing links are kept, as
 * runc does.  */
static int
dev_symlinks (const struct cinch_plan *plan, int rootfd, int devfd, cinch_error_t *err)
{
  static const char *const links[][2] = {
    { "/proc/self/fd", "fd" },       { "/proc/self/fd/0", "stdin" },
    { "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
    { "/proc/kcore", "core" },
  };
  cleanup_close int pts = -1;
  struct statfs sfs;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (links); i++)
    {
      if (strcmp (links[i][1], "core") == 0 && access ("/proc/kcore", F_OK) < 0)
        continue;
      if (symlinkat (links[i][0], devfd, links[i][1]) < 0 && errno != EEXIST)
        return cinch_fail (err, errno, "symlink /dev/%s -> %s", links[i][1], links[i][0]);
    }
  if (devices_list (plan, "/dev/ptmx"))
    return 0;
  pts = cinch_openat_in_root (rootfd, "/dev/pts", O_PATH | O_DIRECTORY, 0, RESOLVE_NO_SYMLINKS);
  if (pts < 0 || fstatfs (pts, &sfs) < 0 || sfs.f_type != DEVPTS_SUPER_MAGIC)
    return 0;
  if (unlinkat (devfd, "ptmx", 0) < 0 && errno != ENOENT)
    return cinch_fail (err, errno, "remove /dev/ptmx");
  if (symlinkat ("pts/ptmx", devfd, "ptmx") < 0)
    return cinch_fail (err, errno, "symlink /dev/ptmx -> pts/ptmx");
  return 0;
}

static bool
dev_is_bind_mount (const struct cinch_plan *plan)
{
  for (size_t i = 0; i < plan->n_mounts; i++)
    {
      const struct cinch_mount *m = &plan->mounts[i];
      bool bind = m->bind || m->type == NULL || strcmp (m->type, "bind") == 0;
      if (bind && m->destination && strcmp (m->destination, "/dev") == 0)
        return true;
    }
  return false;
}

static int
setup_dev (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts, int rootfd,
           cinch_error_t *err)
{
  cleanup_close int devfd = -1;

  /* A bind-mounted /dev is the host's (or the user's) business, as in runc. */
  if (dev_is_bind_mount (plan))
    return 0;
  if (create_devices (plan, opts->in_userns, rootfd, err) < 0)
    return -1;
  if (resolve_in_root (rootfd, "/dev", CREATE_DIR, 0, &devfd, err) < 0)
    return cinch_error_wrap (err, "/dev");
  if (dev_symlinks (plan, rootfd, devfd, err) < 0)
    return -1;
  /* The console is bound after the pivot, when root.readonly may already
   * forbid creating its mount point: create it now.  */
  if (plan->has_process && plan->process.terminal)
    {
      cleanup_close int target = -1;
      if (mount_file_target (devfd, "console", &target, err) < 0)
        return cinch_error_wrap (err, "/dev/console");
    }
  return 0;
}

int
cinch_rootfs_mount_console (int pty_slave_fd, cinch_error_t *err)
{
  cleanup_close int rootfd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int devfd = -1, target = -1, tree = -1;
  struct stat st;

  if (rootfd < 0)
    return cinch_fail (err, errno, "open \"/\"");
  if (fstat (pty_slave_fd, &st) < 0)
    return cinch_fail (err, errno, "console: stat the pty");
  if (!S_ISCHR (st.st_mode))
    return cinch_fail (err, ENOTTY, "console: the fd is not a pty");
  tree = open_tree (pty_slave_fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0)
    return cinch_fail (err, errno,
                       "console: clone the pty's mount (it must come from the "
                       "container's /dev/ptmx)");
  if (resolve_in_root (rootfd, "/dev", CREATE_DIR, 0, &devfd, err) < 0)
    return cinch_error_wrap (err, "console: /dev");
  if (mount_file_target (devfd, "console", &target, err) < 0)
    return cinch_error_wrap (err, "console: /dev/console");
  if (move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return cinch_fail (err, errno, "console: bind the pty onto /dev/console");
  return 0;
}

/* ---- the root itself ---- */

/* Cut every peer link with the host first: MS_SLAVE on the whole tree of
 * our new mount namespace.  Its mounts keep receiving the host's mount
 * events (runc's default) but no mount or unmount made here, by cinch or
 * by the container, can ever propagate back to the host, whatever
 * rootfsPropagation or a mount's own options ask for (runc applies
 * rootfsPropagation to the host's "/" here, so "rshared" lets a container
 * mount under a bind of a shared host mount show up on the host; cinch
 * refuses to).  This also satisfies pivot_root(2), which refuses a shared
 * parent of the new root.  rootfsPropagation is applied to the container's
 * root after the pivot (cinch_rootfs_finish).  Then bind the rootfs on
 * itself.  *rootfd: the bind mount's root (O_PATH), owned by the caller.  */
static int
prepare_root (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts, int *rootfd,
              cinch_error_t *err)
{
  struct mount_attr a = { .propagation = MS_SLAVE };
  cleanup_close int tree = -1;
  int premade = opts->premade_mount_fds ? opts->premade_mount_fds[plan->n_mounts] : -1;


  if (plan->root_path == NULL)
    return cinch_fail (err, EINVAL, "root.path: missing");
  if (mount_setattr (AT_FDCWD, "/", AT_RECURSIVE, &a, sizeof (a)) < 0)
    return cinch_fail (err, errno, "make the host's mounts rslave in the new mount namespace");
  if (premade >= 0)
    {
      /* The idmapped rootfs the parent made and mounted over root.path:
       * its fd is the root of the tree.  */
      tree = fcntl (premade, F_DUPFD_CLOEXEC, 0);
      if (tree < 0)
        return cinch_fail (err, errno, "root.path \"%s\": dup", plan->root_path);
      *rootfd = cinch_steal_fd (&tree);
      return 0;
    }
  tree = open_tree (AT_FDCWD, plan->root_path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (tree < 0)
    return cinch_fail (err, errno, "root.path \"%s\": open_tree", plan->root_path);
  if (setattr_fd (tree, true, plan->root_attr_set, 0, 0) < 0)
    return cinch_fail (err, errno, "root.path \"%s\": set nosuid,nodev", plan->root_path);
  if (move_mount (tree, "", AT_FDCWD, plan->root_path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return cinch_fail (err, errno, "root.path \"%s\": bind on itself", plan->root_path);
  *rootfd = cinch_steal_fd (&tree);
  return 0;
}

int
cinch_rootfs_setup_mounts (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts,
                           int *rootfd_out, cinch_error_t *err)
{
  cleanup_close int rootfd = -1;

  *rootfd_out = -1;
  if (!opts->new_mount_ns)
    return 0;
  if (prepare_root (plan, opts, &rootfd, err) < 0)
    return -1;
  for (size_t i = 0; i < plan->n_mounts; i++)
    if (mount_one (plan, opts, rootfd, i, err) < 0)
      return -1;
  if (setup_dev (plan, opts, rootfd, err) < 0)
    return -1;
  /* runc creates a missing cwd (0755); do it now, before root.readonly.  */
  if (plan->has_process && plan->process.cwd)
    {
      cleanup_close int cwdfd = -1;
      if (resolve_in_root (rootfd, plan->process.cwd, CREATE_DIR, 0, &cwdfd, err) < 0)
        return cinch_error_wrap (err, "process.cwd \"%s\"", plan->process.cwd);
    }
  *rootfd_out = cinch_steal_fd (&rootfd);
  return 0;
}

/* ---- phase 2 ---- */

static int
mask_path (int rootfd, const char *path, cinch_error_t *err)
{
  cleanup_close int target = cinch_openat_in_root (rootfd, path, O_PATH, 0, 0);
  cleanup_close int tree = -1;
  struct stat st;

  if (target < 0)
    {
      if (errno == ENOENT)
        return 0;
      return cinch_fail (err, errno, "resolve inside the rootfs");
    }
  if (fstat (target, &st) < 0)
    return cinch_fail (err, errno, "stat");
  if (S_ISDIR (st.st_mode))
    {
      if (fs_create ("tmpfs", "tmpfs", "nr_inodes=1,mode=0555", 0,
                     MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
                     NULL, &tree, err)
          < 0)
        return -1;
    }
  else
    {
      struct stat null_st;
      /* The host's /dev/null: the container's may not exist (no /dev setup). */
      tree = open_tree (AT_FDCWD, "/dev/null", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
      if (tree < 0)
        return cinch_fail (err, errno, "open_tree the host's /dev/null");
      if (fstat (tree, &null_st) < 0 || !S_ISCHR (null_st.st_mode)
          || null_st.st_rdev != makedev (1, 3))
        return cinch_fail (err, 0, "the host's /dev/null is not the 1:3 character device");
      if (setattr_fd (tree, false, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, 0, 0) < 0)
        return cinch_fail (err, errno, "set attributes on /dev/null");
    }
  if (attach_fd (tree, target) < 0)
    return cinch_fail (err, errno, "move_mount");
  return 0;
}

static int
readonly_path (int rootfd, const char *path, cinch_error_t *err)
{
  cleanup_close int target = cinch_openat_in_root (rootfd, path, O_PATH, 0, 0);
  cleanup_close int tree = -1;
  struct statx stx;

  if (target < 0)
    {
      if (errno == ENOENT)
        return 0;
      return cinch_fail (err, errno, "resolve inside the rootfs");
    }
  if (statx (target, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) < 0)
    return cinch_fail (err, errno, "statx");
  if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
      && (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
    {
      if (setattr_fd (target, true, MOUNT_ATTR_RDONLY, 0, 0) < 0)
        return cinch_fail (err, errno, "make the mount read-only");
      return 0;
    }
  tree = open_tree (target, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (tree < 0)
    return cinch_fail (err, errno, "open_tree");
  if (setattr_fd (tree, true, MOUNT_ATTR_RDONLY, 0, 0) < 0)
    return cinch_fail (err, errno, "make the bind read-only");
  if (attach_fd (tree, target) < 0)
    return cinch_fail (err, errno, "move_mount");
  return 0;
}

static int
do_pivot (int rootfd, bool no_pivot, cinch_error_t *err)
{
  struct mount_attr slave = { .propagation = MS_SLAVE };
  cleanup_close int oldroot = -1;

  if (fchdir (rootfd) < 0)
    return cinch_fail (err, errno, "chdir to the rootfs");
  if (no_pivot)
    {
      /* --no-pivot (e.g. the rootfs lives on a ramfs): the host's tree
       * stays reachable by whoever can escape a chroot.  */
      if (mount (".", "/", NULL, MS_MOVE, NULL) < 0)
        return cinch_fail (err, errno, "--no-pivot: move the rootfs onto \"/\"");
      if (chroot (".") < 0)
        return cinch_fail (err, errno, "--no-pivot: chroot");
    }
  else
    {
      /* The old root by fd: after pivot_root(".", ".") it is stacked on
       * the new root, and a path "." names the new root (the bottom of
       * the stack) for mount(2) and mount_setattr(2) but the old root (the
       * top) for umount2(2).  A recursive change through "." would reach
       * every container mount and undo their propagation options.  */
      oldroot = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (oldroot < 0)
        return cinch_fail (err, errno, "open the old root");
      if (syscall (SYS_pivot_root, ".", ".") < 0)
        return cinch_fail (err, errno, "pivot_root");
      /* Already rslave since prepare_root; again, on exactly the old
       * root's tree, so that the detach cannot propagate to the host.  */
      if (mount_setattr (oldroot, "", AT_EMPTY_PATH | AT_RECURSIVE, &slave, sizeof (slave)) < 0)
        return cinch_fail (err, errno, "make the old root rslave");
      if (umount2 (".", MNT_DETACH) < 0)
        return cinch_fail (err, errno, "detach the old root");
    }
  if (chdir ("/") < 0)
    return cinch_fail (err, errno, "chdir /");
  return 0;
}

/* The mounts of plan->mounts as they stand in the final tree: for each,
 * an O_PATH fd of its root and its mount id, or -1 when it is hidden.  */
struct visible_mounts
{
  size_t n;
  struct
  {
    int fd;
    uint64_t id;
  } m[];
};

static void
visible_mounts_freep (struct visible_mounts **v)
{
  if (*v == NULL)
    return;
  for (size_t i = 0; i < (*v)->n; i++)
    cinch_close (&(*v)->m[i].fd);
  free (*v);
}

/* *fd: the root of the mount at m->destination, or -1 when the destination
 * is gone or is not a mount root (hidden by a later mount on a parent).  */
static int
open_mount_at (int root, const struct cinch_mount *m, int *fd, uint64_t *id, cinch_error_t *err)
{
  cleanup_close int f = cinch_openat_in_root (root, m->destination, O_PATH | O_NOFOLLOW, 0, 0);
  struct statx stx;

  *fd = -1;
  if (f < 0)
    return errno == ENOENT || errno == ENOTDIR ? 0 : cinch_fail (err, errno, "reopen");
  if (statx (f, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0)
    return cinch_fail (err, errno, "statx");
  if (!(stx.stx_mask & STATX_MNT_ID) || !(stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
    return cinch_fail (err, ENOTSUP, "statx: no mount id");
  if (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT)
    {
      *id = stx.stx_mnt_id;
      *fd = cinch_steal_fd (&f);
    }
  return 0;
}

/* After a recursive rootfsPropagation, which reaches every mount, set each
 * mount's own propagation option again (the more specific one), in the
 * order of plan->mounts as mount_one did, so that an "rprivate" mount does
 * not undo a "shared" one mounted below it later.  Only a mount that is
 * still visible at its destination gets its option: one hidden by a later
 * mount on the same destination or on a parent is skipped (the later mount
 * keeps its own setting).  Resolved inside the new root, by fd.  */
static int
reapply_mount_propagation (const struct cinch_plan *plan, cinch_error_t *err)
{
  __attribute__ ((cleanup (visible_mounts_freep))) struct visible_mounts *v = NULL;
  cleanup_close int root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

  if (root < 0)
    return cinch_fail (err, errno, "open the new root");
  v = cinch_xcalloc (1, sizeof (*v) + plan->n_mounts * sizeof (v->m[0]));
  for (; v->n < plan->n_mounts; v->n++)
    v->m[v->n].fd = -1;

  /* Last to first: the last mount attached at a place is the visible one.  */
  for (size_t i = plan->n_mounts; i-- > 0;)
    {
      if (open_mount_at (root, &plan->mounts[i], &v->m[i].fd, &v->m[i].id, err) < 0)
        return cinch_error_wrap (err, "mounts[%zu].destination \"%s\"", i,
                                 plan->mounts[i].destination);
      for (size_t j = i + 1; j < plan->n_mounts && v->m[i].fd >= 0; j++)
        if (v->m[j].fd >= 0 && v->m[j].id == v->m[i].id)
          cinch_close (&v->m[i].fd);
    }
  for (size_t i = 0; i < plan->n_mounts; i++)
    {
      const struct cinch_mount *m = &plan->mounts[i];

      if (v->m[i].fd >= 0 && propagation_flag (m->propagation) != 0
          && setattr_fd (v->m[i].fd, m->propagation_recursive, 0, 0,
                         propagation_flag (m->propagation))
                 < 0)
        return cinch_fail (err, errno, "mounts[%zu].options: set propagation", i);
    }
  return 0;
}

int
cinch_rootfs_finish (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts,
                     int rootfd, cinch_error_t *err)
{
  const struct cinch_linux *l = &plan->linux_;

  if (!opts->new_mount_ns)
    return 0;

  /* Masked and read-only paths go in by fd before the pivot: the host's
   * /dev/null can still be cloned then (a mount outside our namespace
   * cannot be), and nothing is looked up by a string inside the rootfs. */
  for (size_t i = 0; l->masked_paths && l->masked_paths[i]; i++)
    if (mask_path (rootfd, l->masked_paths[i], err) < 0)
      return cinch_error_wrap (err, "linux.maskedPaths[%zu] \"%s\"", i, l->masked_paths[i]);
  for (size_t i = 0; l->readonly_paths && l->readonly_paths[i]; i++)
    if (readonly_path (rootfd, l->readonly_paths[i], err) < 0)
      return cinch_error_wrap (err, "linux.readonlyPaths[%zu] \"%s\"", i, l->readonly_paths[i]);

  if (do_pivot (rootfd, opts->no_pivot, err) < 0)
    return cinch_error_wrap (err, "root.path \"%s\"", plan->root_path);

  if (plan->root_readonly)
    {
      struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
      if (mount_setattr (AT_FDCWD, "/", 0, &a, sizeof (a)) < 0)
        return cinch_fail (err, errno, "root.readonly: make \"/\" read-only");
    }
  if (l->has_rootfs_propagation && propagation_flag (l->rootfs_propagation) != 0)
    {
      struct mount_attr a = { .propagation = propagation_flag (l->rootfs_propagation) };
      if (mount_setattr (AT_FDCWD, "/", l->rootfs_propagation_recursive ? AT_RECURSIVE : 0, &a,
                         sizeof (a))
          < 0)
        return cinch_fail (err, errno, "linux.rootfsPropagation: apply to \"/\"");
      if (l->rootfs_propagation_recursive)
        return reapply_mount_propagation (plan, err);
    }
  return 0;
}

int
cinch_rootfs_chdir (const char *cwd, cinch_error_t *err)
{
  cleanup_close int rootfd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int fd = -1;
  struct stat st;

  if (rootfd < 0)
    return cinch_fail (err, errno, "open \"/\"");
  if (resolve_in_root (rootfd, cwd, CREATE_DIR, 0, &fd, err) < 0)
    return cinch_error_wrap (err, "process.cwd \"%s\"", cwd);
  if (fstat (fd, &st) < 0)
    return cinch_fail (err, errno, "process.cwd \"%s\"", cwd);
  if (!S_ISDIR (st.st_mode))
    return cinch_fail (err, ENOTDIR, "process.cwd \"%s\"", cwd);
  if (fchdir (fd) < 0)
    return cinch_fail (err, errno, "process.cwd \"%s\": chdir", cwd);
  return 0;
}

/* ---- idmapped mounts (parent side) ---- */

static void
reap_childp (pid_t *pid)
{
  if (*pid > 0)
    {
      kill (*pid, SIGKILL);
      while (waitpid (*pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  *pid = -1;
}

static char *
format_map (const struct cinch_id_mapping *maps, size_t n)
{
  char *s = cinch_xstrdup ("");

  for (size_t i = 0; i < n; i++)
    {
      char *t =
          cinch_xasprintf ("%s%u %u %u\n", s, maps[i].container_id, maps[i].host_id, maps[i].size);
      free (s);
      s = t;
    }
  return s;
}

/* A user namespace carrying m's uidMappings/gidMappings: a child unshares
 * CLONE_NEWUSER and waits; we write its maps (we hold CAP_SETUID/SETGID in
 * the parent namespace, so setgroups need not be denied), keep a reference
 * to the namespace and let the child go.  */
int
cinch_userns_open (const struct cinch_id_mapping *uids, size_t n_uids,
                   const struct cinch_id_mapping *gids, size_t n_gids, int *out,
                   cinch_error_t *err)
{
  __attribute__ ((cleanup (reap_childp))) pid_t pid = -1;
  cleanup_close int ready_r = -1, ready_w = -1, hold_r = -1, hold_w = -1;
  cleanup_free char *uid_map = NULL, *gid_map = NULL;
  cleanup_free char *uid_path = NULL, *gid_path = NULL, *ns_path = NULL;
  int p[2], fd;
  char c;

  if (pipe2 (p, O_CLOEXEC) < 0)
    return cinch_fail (err, errno, "pipe");
  ready_r = p[0], ready_w = p[1];
  if (pipe2 (p, O_CLOEXEC) < 0)
    return cinch_fail (err, errno, "pipe");
  hold_r = p[0], hold_w = p[1];
  pid = fork ();
  if (pid < 0)
    return cinch_fail (err, errno, "fork");
  if (pid == 0)
    {
      if (unshare (CLONE_NEWUSER) < 0)
        _exit (1);
      if (write (ready_w, "1", 1) != 1)
        _exit (1);
      while (read (hold_r, &c, 1) < 0 && errno == EINTR)
        ;
      _exit (0);
    }
  cinch_close (&ready_w);
  cinch_close (&hold_r);
  if (cinch_read_all (ready_r, &c, 1) != 1)
    return cinch_fail (err, 0, "the helper could not create a user namespace");
  uid_map = format_map (uids, n_uids);
  gid_map = format_map (gids, n_gids);
  uid_path = cinch_xasprintf ("/proc/%d/uid_map", (int) pid);
  gid_path = cinch_xasprintf ("/proc/%d/gid_map", (int) pid);
  ns_path = cinch_xasprintf ("/proc/%d/ns/user", (int) pid);
  if (cinch_write_file_at (AT_FDCWD, uid_path, uid_map, err) < 0)
    return cinch_error_wrap (err, "uidMappings");
  if (cinch_write_file_at (AT_FDCWD, gid_path, gid_map, err) < 0)
    return cinch_error_wrap (err, "gidMappings");
  fd = open (ns_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return cinch_fail (err, errno, "open `%s`", ns_path);
  *out = fd;
  return 0;
}

static int
userns_from_mappings (const struct cinch_mount *m, int *out, cinch_error_t *err)
{
  return cinch_userns_open (m->uid_mappings, m->n_uid_mappings, m->gid_mappings,
                            m->n_gid_mappings, out, err);
}

static int
prepare_one_idmapped (const struct cinch_mount *m, size_t idx, int userns_fd, int *out,
                      cinch_error_t *err)
{
  cleanup_close int own_userns = -1;
  cleanup_close int tree = -1;
  struct mount_attr a = { .attr_set = MOUNT_ATTR_IDMAP };

  if (!mount_is_bind (m) || m->source == NULL)
    return cinch_fail (err, EINVAL,
                       "mounts[%zu].options: idmap is only supported on bind "
                       "mounts",
                       idx);
  if (m->n_uid_mappings > 0 || m->n_gid_mappings > 0)
    {
      if (userns_from_mappings (m, &own_userns, err) < 0)
        return cinch_error_wrap (err, "mounts[%zu]", idx);
      userns_fd = own_userns;
    }
  else if (userns_fd < 0)
    return cinch_fail (err, EINVAL,
                       "mounts[%zu].options: idmap needs uidMappings/gidMappings "
                       "or a user namespace for the container",
                       idx);
  tree = open_tree (AT_FDCWD, m->source,
                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (m->recursive ? AT_RECURSIVE : 0));
  if (tree < 0)
    return cinch_fail (err, errno, "mounts[%zu].source \"%s\": open_tree", idx, m->source);
  a.userns_fd = (uint64_t) userns_fd;
  if (mount_setattr (tree, "", AT_EMPTY_PATH | (m->ridmap ? AT_RECURSIVE : 0), &a, sizeof (a)) < 0)
    return cinch_fail (err, errno, "mounts[%zu].source \"%s\": idmap the mount", idx, m->source);
  if (setattr_fd (tree, true, m->rattr_set, m->rattr_clr, 0) < 0
      || setattr_fd (tree, false, m->attr_set, m->attr_clr, 0) < 0)
    return cinch_fail (err, errno, "mounts[%zu].source \"%s\": set mount attributes", idx,
                       m->source);
  *out = cinch_steal_fd (&tree);
  return 0;
}

int
cinch_rootfs_prepare_idmapped (const struct cinch_plan *plan, int userns_fd, int **fds_out,
                               cinch_error_t *err)
{
  int *fds = NULL;

  for (size_t i = 0; i < plan->n_mounts; i++)
    {
      const struct cinch_mount *m = &plan->mounts[i];
      if (!m->idmap && !m->ridmap)
        continue;
      if (fds == NULL)
        {
          fds = cinch_xcalloc (plan->n_mounts + 1, sizeof (int));
          for (size_t j = 0; j <= plan->n_mounts; j++)
            fds[j] = -1;
        }
      if (prepare_one_idmapped (m, i, userns_fd, &fds[i], err) < 0)
        {
          for (size_t j = 0; j < plan->n_mounts; j++)
            cinch_close (&fds[j]);
          free (fds);
          return -1;
        }
    }
  *fds_out = fds;
  return 0;
}
