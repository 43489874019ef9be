/* cinch — root filesystem setup (kernel-facing; runs in the container
 * process, in its new mount namespace, before exec).
 *
 * Every path inside the rootfs is resolved by fd inside the root
 * (openat2 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, RESOLVE_NO_SYMLINKS where a
 * symlink is never legitimate) and every mount is attached to that fd with the
 * new mount API (open_tree / fsopen / fsmount / move_mount / mount_setattr):
 * never by re-resolving a string (the lesson of CVE-2021-30465 and
 * CVE-2019-19921).  */
#ifndef CINCH_ROOTFS_H
#define CINCH_ROOTFS_H

#include <stdbool.h>
#include <sys/types.h>

#include "plan.h"

struct cinch_rootfs_opts
{
  bool no_pivot;      /* --no-pivot: MS_MOVE + chroot instead of pivot_root */
  bool in_userns;     /* the container has its own user namespace: devices
                         are bind-mounted from the host instead of mknod */
  bool new_mount_ns;  /* false when joining an existing mount namespace:
                         then no rootfs setup is done at all */
  /* Mount fds prepared by the parent for mounts with idmap/ridmap (index =
   * mount index, -1 when none).  May be NULL.  Owned by the caller.  */
  const int *premade_mount_fds;
};

/* Phase 1, before pivot_root: make the host mounts non-propagating
 * (MS_SLAVE|MS_REC on "/" so nothing leaks back to the host), bind the
 * rootfs on itself, apply plan->mounts in order, default devices and /dev
 * symlinks, linux.devices.  Errors name the JSON path
 * ("mounts[3].destination: ...").  */
int cinch_rootfs_setup_mounts (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts,
                               cinch_error_t *err);

/* Phase 2: pivot_root (or MS_MOVE+chroot), detach the old root, then
 * maskedPaths, readonlyPaths, root.readonly, rootfsPropagation.  After it
 * returns the process's root is the container's rootfs and cwd is "/".  */
int cinch_rootfs_finish (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts,
                         cinch_error_t *err);

/* Bind the pty slave (an open fd) onto /dev/console inside the (pivoted)
 * root, creating the file if needed.  */
int cinch_rootfs_mount_console (int pty_slave_fd, cinch_error_t *err);

/* In the parent (host mount ns, host privileges): for every mount of the
 * plan asking for idmap/ridmap, open_tree(OPEN_TREE_CLONE[|AT_RECURSIVE])
 * its source and set MOUNT_ATTR_IDMAP with the user namespace userns_fd (or
 * one built from the mount's own uidMappings/gidMappings).  *fds_out gets an
 * array of plan->n_mounts fds (-1 where nothing was prepared), owned by the
 * caller; NULL when no mount needs one.  */
int cinch_rootfs_prepare_idmapped (const struct cinch_plan *plan, int userns_fd, int **fds_out,
                                   cinch_error_t *err);

/* openat2 wrapper: resolve path inside rootfd (RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS | extra_resolve).  Returns the fd or -1 with errno. */
int cinch_openat_in_root (int rootfd, const char *path, int flags, mode_t mode,
                          unsigned long long extra_resolve);

/* Check that cwd exists inside the (pivoted) root and is a directory, and
 * chdir to it.  */
int cinch_rootfs_chdir (const char *cwd, cinch_error_t *err);

#endif
