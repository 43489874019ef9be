/* cinch — root filesystem setup (kernel-facing; runs in the container
 * process, in its new mount namespace, before exec).
 *
 * Every path inside the rootfs is resolved by fd inside the root
 * (openat2 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, RESOLVE_NO_SYMLINKS where a
 * symlink is never legitimate) and every mount is attached to that fd with the
 * new mount API (open_tree / fsopen / fsmount / move_mount / mount_setattr):
 * never by re-resolving a string (the lesson of CVE-2021-30465 and
 * CVE-2019-19921).
 *
 * Call sequence in the container process (see each function for details):
 *
 *   [parent, host mount ns]  cinch_rootfs_prepare_idmapped ()   (optional)
 *   [child, after unshare/clone of CLONE_NEWNS, and after the user
 *    namespace maps are written when there is one; still with full
 *    capabilities, before setuid/setgid and before dropping caps]
 *     cinch_rootfs_setup_mounts ()
 *     (createContainer hooks may run here: the host "/" is still visible)
 *     cinch_rootfs_finish ()           -> root is the rootfs, cwd "/"
 *     cinch_rootfs_mount_console ()    (terminal only)
 *     cinch_rootfs_chdir ()            (before or after setuid)
 */
#ifndef CINCH_ROOTFS_H
#define CINCH_ROOTFS_H

#include <stdbool.h>
#include <sys/types.h>

#include "plan.h"

struct cinch_rootfs_opts
{
  bool no_pivot;     /* --no-pivot: MS_MOVE + chroot instead of pivot_root */
  bool in_userns;    /* the container has its own user namespace: devices
                        are bind-mounted from the host instead of mknod */
  bool new_mount_ns; /* false when joining an existing mount namespace:
                        then no rootfs setup is done at all */
  /* Mount fds prepared by the parent for mounts with idmap/ridmap (index =
   * mount index, -1 when none), and at index plan->n_mounts the rootfs made
   * by cinch_rootfs_prepare_root (or -1), which the parent has already
   * mounted over root.path in our mount namespace (the path may lie under
   * directories only host root may search: engines keep their layers under
   * 0700 directories).  plan->n_mounts + 1 entries.  May be NULL.  Owned
   * by the caller.  */
  const int *premade_mount_fds;
  /* Host path of the container's cgroup v2 directory (for instance
   * "/sys/fs/cgroup/unified/cinch/ID").  Only used when a "cgroup" or
   * "cgroup2" mount cannot create a new cgroup2 superblock (a user namespace
   * without its own cgroup namespace): that directory is then bind-mounted
   * instead, so the container does not see the whole host hierarchy.  NULL:
   * bind the whole host cgroup2 hierarchy.  Not owned.  */
  const char *cgroup_path;
};

/* Phase 1, before pivot_root.  Preconditions: the calling process is in
 * its own, new mount namespace (opts->new_mount_ns) and has CAP_SYS_ADMIN
 * (and CAP_MKNOD unless opts->in_userns) in the user namespace owning it;
 * the host's "/" is still the process root.
 *
 * Makes every mount of the new namespace a slave (MS_SLAVE|MS_REC on "/",
 * whatever linux.rootfsPropagation says: nothing mounted or unmounted in
 * the container ever propagates to the host, unlike runc with "rshared"),
 * binds root.path on itself (recursive), applies plan->mounts in order
 * (each with its own propagation option), then — unless "/dev"
 * is a bind mount — the default devices (null zero full random urandom
 * tty), linux.devices, the /dev symlinks (fd stdin stdout stderr core ptmx)
 * and an empty /dev/console when process.terminal, and finally creates
 * process.cwd if it is missing (mode 0755, as runc).  *rootfd receives the
 * rootfs mount's root (O_PATH), owned by the caller, for phase 2.  Errors
 * name the JSON path
 * ("mounts[3].destination \"/proc\": ...").  */
int cinch_rootfs_setup_mounts (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts,
                               int *rootfd, cinch_error_t *err);

/* Phase 2.  Preconditions: cinch_rootfs_setup_mounts succeeded in this
 * process and gave rootfd; same privileges.  Applies linux.maskedPaths (read-only empty
 * tmpfs over directories, the host's /dev/null over anything else; missing
 * paths skipped) and linux.readonlyPaths (recursive read-only; missing paths
 * skipped) by fd inside the rootfs, then pivot_root(".", ".") with the old
 * root made rslave and lazily detached (or MS_MOVE + chroot with
 * opts->no_pivot), then root.readonly (the root mount only, as runc) and
 * linux.rootfsPropagation on the container's "/"; when that is recursive,
 * the mounts' own propagation options are set again afterwards (a mount's
 * option wins; mounts hidden by later ones are left alone).  After it
 * returns the process's root is the container's rootfs and cwd is "/".  */
int cinch_rootfs_finish (const struct cinch_plan *plan, const struct cinch_rootfs_opts *opts,
                         int rootfd, cinch_error_t *err);

/* Bind the pty slave (an open fd, not taken) onto /dev/console inside the
 * (pivoted) root.  /dev/console is created by cinch_rootfs_setup_mounts when
 * process.terminal is set (root.readonly may forbid creating it here).
 * Precondition: the slave belongs to a devpts mount of the container's
 * mount namespace, i.e. it was opened after cinch_rootfs_finish from the
 * container's /dev/ptmx (TIOCGPTPEER); a pty opened in the host namespace
 * cannot be cloned here (open_tree gives EINVAL).  */
int cinch_rootfs_mount_console (int pty_slave_fd, cinch_error_t *err);

/* In the parent (host mount ns, host privileges): for every mount of the
 * plan asking for idmap/ridmap (bind mounts only), open_tree(OPEN_TREE_CLONE
 * [|AT_RECURSIVE]) its source and set MOUNT_ATTR_IDMAP with the user
 * namespace userns_fd, or with one built from the mount's own
 * uidMappings/gidMappings (a short-lived child that unshares CLONE_NEWUSER).
 * The mount's other attributes (ro, nosuid, rro...) are applied here too:
 * the container process may lack the privilege over this detached mount.
 * The container process only moves it into place (opts->premade_mount_fds).
 * *fds_out gets an array of plan->n_mounts + 1 fds (-1 where nothing was
 * prepared), owned by the caller (close each fd, free the array); NULL when
 * no mount needs one.  userns_fd may be -1 when every idmap mount carries
 * its own mappings.  */
int cinch_rootfs_prepare_idmapped (const struct cinch_plan *plan, int userns_fd, int **fds_out,
                                   cinch_error_t *err);

/* In the parent, once the container's user namespace (userns_fd) has its
 * maps, for plan->root_idmap: an idmapped tree of root.path (not
 * recursive) with plan->root_attr_set applied, which the container process
 * mounts over root.path instead of binding it.  When root.path is the root
 * of an overlayfs mount, the overlay is rebuilt on idmapped clones of its
 * layers (read from /proc/self/mountinfo), created with fsuid/fsgid uid/gid
 * (the host IDs of the container's root).  A filesystem that cannot be
 * idmapped is an error tagged CINCH-IDMAP.  (rootfs_idmap.c)  */
int cinch_rootfs_prepare_root (const struct cinch_plan *plan, int userns_fd, uid_t uid, gid_t gid,
                               int *out, cinch_error_t *err);

/* In the parent: mount tree (from cinch_rootfs_prepare_root) over
 * root.path in the mount namespace of process pid, entering it and coming
 * back (cinch must be single-threaded).  The container process, root of its
 * user namespace only, may not be able to search the directories above
 * root.path.  That namespace's mounts are made slaves first.  */
int cinch_rootfs_attach_root (const struct cinch_plan *plan, pid_t pid, int tree,
                              cinch_error_t *err);

/* allow-no-userns (policy): can the rootfs (or, for an overlay, each of
 * its layers) and every idmap bind mount be idmapped with the plan's
 * mappings?  Builds a throwaway user namespace and tries; -1 with the
 * CINCH-IDMAP error (errnum EINVAL) when a filesystem cannot.
 * (rootfs_idmap.c)  */
int cinch_rootfs_idmap_probe (const struct cinch_plan *plan, cinch_error_t *err);

/* A user namespace with these maps, held by an fd (a short-lived child
 * unshares it; the caller needs CAP_SETUID/CAP_SETGID).  */
int cinch_userns_open (const struct cinch_id_mapping *uids, size_t n_uids,
                       const struct cinch_id_mapping *gids, size_t n_gids, int *out,
                       cinch_error_t *err);

/* openat2 wrapper: resolve path inside rootfd (RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS | extra_resolve), O_CLOEXEC added, retried on
 * EAGAIN.  Returns the fd or -1 with errno. */
int cinch_openat_in_root (int rootfd, const char *path, int flags, mode_t mode,
                          unsigned long long extra_resolve);

/* Resolve the container's cwd inside the (pivoted) root, creating it
 * (0755) if it is missing, check it is a directory and fchdir to it.  The
 * search permission is checked with the caller's credentials: call it after
 * setuid/setgid to get runc's semantics for the user, or before for root. */
int cinch_rootfs_chdir (const char *cwd, cinch_error_t *err);

#endif
