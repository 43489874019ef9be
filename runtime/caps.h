/* cinch — process credentials and capabilities in the container process
 * (kernel-facing, runs in the child after clone), plus the pure check the
 * parent runs on the plan beforehand.
 *
 * Order in the container process (see also seccomp.h):
 *   cinch_caps_drop_bounding ()      needs CAP_SETPCAP: before the uid switch
 *   [cinch_seccomp_load () here when !noNewPrivileges: it needs CAP_SYS_ADMIN]
 *   cinch_caps_change_user ()
 *   prctl (PR_SET_NO_NEW_PRIVS) and cinch_seccomp_load () when noNewPrivileges
 *   execve ()
 *
 * Effective, permitted, inheritable and ambient sets are applied with
 * libcap-ng from an empty state (capng_clear, never capng_get_caps_process:
 * /proc may be masked or absent inside the container), after capng_setpid
 * so its cached pid is ours.  The bounding set, KEEPCAPS and the id switch
 * (with an explicit supplementary group list) are plain prctl/set*id calls. */
#ifndef CINCH_CAPS_H
#define CINCH_CAPS_H

#include "plan.h"

/* The highest capability number the running kernel knows (what
 * /proc/sys/kernel/cap_last_cap says), found with PR_CAPBSET_READ so that it
 * works without /proc.  */
int cinch_caps_kernel_last_cap (void);

/* Check p->caps against each other and the kernel (last_cap, from
 * cinch_caps_kernel_last_cap()) before clone, so that the container process
 * cannot fail half-way.  Pure.
 * Errors: an effective capability not in permitted, an inheritable one not
 * in bounding (the kernel refuses both with a bare EPERM).
 * Warnings (appended to *warnings, a NULL-terminated vector the caller owns,
 * untouched on failure): capabilities above last_cap, which are skipped; and,
 * following runc, ambient capabilities not in both permitted and inheritable,
 * which the kernel cannot raise and cinch_caps_change_user() skips.  */
int cinch_caps_check (const struct cinch_process *p, int last_cap, char ***warnings,
                      cinch_error_t *err);

/* Drop every capability not in p->caps[CINCH_CAP_BOUNDING] from the bounding
 * set.  Must run while still holding CAP_SETPCAP.  When p->has_capabilities
 * is false the bounding set is emptied.  Capabilities above the kernel's
 * last one are ignored.  */
int cinch_caps_drop_bounding (const struct cinch_process *p, cinch_error_t *err);

/* Switch to p->uid/p->gid with p->additional_gids (setgroups; when
 * setgroups is denied in a user namespace and no additional gids are asked,
 * that is not an error), keeping capabilities across the switch, then set
 * effective, permitted and inheritable sets exactly to the plan's and raise
 * the ambient ones.  After it returns the process holds exactly the plan's
 * capabilities (none when !p->has_capabilities); inheritable and ambient are
 * empty unless listed (CVE-2022-29162).  Ambient capabilities not in both
 * permitted and inheritable are skipped (runc's behaviour; cinch_caps_check()
 * warns about them in the parent); capabilities above the kernel's last one
 * are ignored.  Needs CAP_SETUID and CAP_SETGID in the process's user
 * namespace.  Does not allocate except to report an error.  */
int cinch_caps_change_user (const struct cinch_process *p, cinch_error_t *err);

#endif
