/* cinch — the container process between clone and execve (kernel-facing).
 * It runs in the cloned copy of cinch: no re-exec.  Every failure travels to
 * the parent over the sync socket before the process exits.  */
#ifndef CINCH_INIT_H
#define CINCH_INIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "plan.h"
#include "seccomp.h"

struct cinch_init_args
{
  const struct cinch_plan *plan;
  const char *id;
  int sync_fd;
  int ns_fds[CINCH_NS_COUNT]; /* namespaces to join with setns (-1: none) */
  bool two_step;              /* join first, then unshare(unshare_flags) and fork the init */
  int unshare_flags;          /* CLONE_NEW* created after the joins (two_step) */
  bool userns_new;            /* the container creates its own user namespace */
  bool in_userns;             /* the container runs in a user namespace (new or joined) */
  bool new_mnt, new_uts, new_net;
  int fifo_rd, fifo_wr; /* exec.fifo: read end blocks until `start` */
  int console_sock;     /* connected --console-socket, or -1 */
  bool foreground_tty;  /* send the pty master to the parent instead */
  bool no_pivot;
  bool no_new_keyring;
  int preserve_fds;
  const struct cinch_seccomp_prog *seccomp; /* NULL: none */
  /* idmapped mounts prepared before clone (containers without a new user
   * namespace): one fd per mount, -1 where none; NULL when none at all. */
  const int *premade_mount_fds;
  int stub_fd; /* the sealed exec stub (exec_stub.h), or -1 */
  const char *cgroup_path; /* host path of the container's cgroup, or NULL */
};

/* Never returns: execs the user program or exits non-zero after reporting
 * the failure on a->sync_fd.  */
__attribute__ ((noreturn)) void cinch_init_run (struct cinch_init_args *a);

/* Find args[0] in the container: a path with '/' is checked as is, else
 * each directory of PATH from env (the default PATH when unset).  On success
 * *out holds the absolute path.  Runs after pivot_root.  */
int cinch_init_find_executable (const char *file, char *const *env, char **out, cinch_error_t *err);

/* The last steps before execve, shared by the container init and `exec`
 * (exec.c), in this order:  */
/* Default dispositions for every signal, nothing blocked.  */
void cinch_init_reset_signals (void);
/* process.terminal: a pty from the devpts of our mount namespace (its
 * /dev/ptmx), its master sent over *console_sock (then closed) or, when that
 * is -1, to cinch over sync_fd (CINCH_SYNC_PTY); the slave becomes our
 * controlling terminal and fds 0-2, and /dev/console when mount_console.  */
int cinch_init_setup_terminal (const struct cinch_process *p, bool mount_console,
                               int *console_sock, int sync_fd, cinch_error_t *err);
/* process.rlimits (errors name the rlimit and the hard limit we have).  */
int cinch_init_apply_rlimits (const struct cinch_process *p, cinch_error_t *err);
/* process.scheduler and process.ioPriority.  */
int cinch_init_apply_scheduling (const struct cinch_process *p, cinch_error_t *err);
/* --preserve-fds: fds 3..3+n-1 survive execve.  */
int cinch_init_preserve_fds (int n, cinch_error_t *err);
/* Bounding set, user and groups, capability sets, no_new_privs and the
 * seccomp filter (NULL: none), in the order the kernel requires.  */
int cinch_init_apply_security (const struct cinch_process *p,
                               const struct cinch_seccomp_prog *seccomp, int *listener_fd,
                               cinch_error_t *err);

#endif
