/* cinch — container lifecycle: create (clone the container process, drive
 * its setup over the sync socket, record state), start, foreground wait.
 * Kernel-facing.  */
#ifndef CINCH_CONTAINER_H
#define CINCH_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "cli.h"
#include "error.h"

struct cinch_create_opts
{
  const char *id;
  const char *bundle;      /* NULL: the current directory */
  const char *config_path; /* NULL: <bundle>/config.json */
  const char *pid_file;    /* NULL: none */
  const char *console_socket;
  bool no_pivot;
  bool no_new_keyring;
  int preserve_fds;
  bool foreground; /* `run` without --detach: a terminal is proxied by us */
};

/* What create hands to `run`.  */
struct cinch_created
{
  pid_t pid;      /* container init, in our pid namespace */
  int pty_master; /* foreground terminal: the pty master, else -1 (owned) */
};

/* Create the container described by the bundle.  On failure nothing is
 * left: no state directory, no process, no mount.  */
int cinch_container_create (const struct cinch_ctx *ctx, const struct cinch_create_opts *o,
                            struct cinch_created *out, cinch_error_t *err);

/* Release the user program of a created container.  */
int cinch_container_start (const struct cinch_ctx *ctx, const char *id, cinch_error_t *err);

/* Foreground `run`: forward signals to pid, proxy the terminal (pty_master
 * >= 0), reap; returns the exit status to report (128+N for signal N).  */
int cinch_container_wait (pid_t pid, int pty_master, cinch_error_t *err);

/* Validate id, open the state root and lock <root>/<id> (LOCK_EX when
 * exclusive, else LOCK_SH), read its state.  A missing root or container
 * is "container `ID` does not exist" (ENOENT).  The fds are the caller's,
 * also on failure (they stay -1 when not opened).  */
struct cinch_state;
int cinch_container_load_state (const struct cinch_ctx *ctx, const char *id, bool exclusive,
                                int *rootfd, int *dirfd, struct cinch_state *st,
                                cinch_error_t *err);

/* Kill a container's processes and remove its state (delete).  */
int cinch_container_delete (const struct cinch_ctx *ctx, const char *id, bool force,
                            cinch_error_t *err);

/* Send sig to the container (all its processes with all).  */
int cinch_container_kill (const struct cinch_ctx *ctx, const char *id, int sig, bool all,
                          cinch_error_t *err);

/* --pid-file: pid written atomically (temporary file renamed).  */
int cinch_write_pid_file (const char *path, pid_t pid, cinch_error_t *err);

/* Connect to an engine's --console-socket (the pty master goes there).
 * Returns the fd (O_CLOEXEC) or -1 with err naming the path.  */
int cinch_console_socket_connect (const char *path, cinch_error_t *err);

/* `exec`: a new process in a running container (exec.c).  */
struct cinch_exec_opts
{
  const char *id;
  const char *process_path; /* --process FILE: the whole process, other flags ignored */
  char **args;              /* the command (NULL-terminated), without --process */
  bool tty;                 /* -t */
  const char *cwd;          /* --cwd */
  char **env;               /* -e K=V..., NULL-terminated or NULL */
  const char *user;         /* -u UID[:GID] */
  char **additional_gids;   /* --additional-gids G..., NULL-terminated or NULL */
  char **caps;              /* --cap CAP..., NULL-terminated or NULL */
  bool no_new_privs;        /* --no-new-privs */
  const char *apparmor;     /* --apparmor (AppArmor is not supported: must be empty) */
  int preserve_fds;
  bool detach;
  const char *pid_file;
  const char *console_socket;
};

/* Run a process in container o->id with the same security as its init
 * (namespaces, user namespace, seccomp filter, no_new_privs, bounding
 * set).  Foreground: returns the process's exit status (128+N for signal
 * N); detached: 0 once it runs.  -1 with err on failure, nothing left.  */
int cinch_container_exec (const struct cinch_ctx *ctx, const struct cinch_exec_opts *o,
                          cinch_error_t *err);

#endif
