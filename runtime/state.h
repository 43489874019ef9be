/* cinch — container state on disk.
 *
 * Each container has a directory <root>/<id> (mode 0700) holding
 * state.json (written atomically) and, while the container is "created",
 * the exec.fifo its process waits on.  Commands that change a container
 * take an exclusive flock on the directory; readers take a shared one, so
 * concurrent commands on one id never see a half-written state.  */
#ifndef CINCH_STATE_H
#define CINCH_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "plan.h"

#define CINCH_ID_MAX 1024
#define CINCH_STATE_FILE "state.json"
#define CINCH_EXEC_FIFO "exec.fifo"

enum cinch_status
{
  CINCH_STATUS_CREATING = 0,
  CINCH_STATUS_CREATED,
  CINCH_STATUS_RUNNING,
  CINCH_STATUS_STOPPED,
  CINCH_STATUS_PAUSED
};

struct cinch_state
{
  char *id;
  pid_t pid;
  unsigned long long start_time; /* field 22 of /proc/<pid>/stat: detects pid reuse */
  char *bundle;
  char *rootfs;
  char *created; /* RFC 3339 */
  unsigned int owner_uid;
  bool own_pid_ns;    /* the container has its own pid namespace */
  char *config_path;  /* the config.json the container was created from */
  bool has_poststart; /* a copy of config.json is kept for these hooks */
  bool has_poststop;
  char *cgroup_path; /* absolute host path of the container's cgroup v2
                        directory; NULL with --cgroup-manager disabled */
  struct cinch_kv *annotations;
  size_t n_annotations;
};

/* Container ids: [A-Za-z0-9][A-Za-z0-9_.+-]*, at most CINCH_ID_MAX bytes. */
int cinch_id_validate (const char *id, cinch_error_t *err);

/* Serialise / parse the state file (pure).  *out owned by the caller.  */
char *cinch_state_to_json (const struct cinch_state *st);
int cinch_state_from_json (const char *text, struct cinch_state *out, cinch_error_t *err);
void cinch_state_clear (struct cinch_state *st);

const char *cinch_status_name (enum cinch_status s);

/* The OCI state document (runtime.md "State") for `cinch state`.  */
char *cinch_state_oci_json (const struct cinch_state *st, enum cinch_status status);

/* Open (creating with 0700 when create is true) the state root.  */
int cinch_state_root_open (const char *root, bool create, int *fd_out, cinch_error_t *err);

/* Create <root>/<id> exclusively and lock it.  Fails when the id exists.  */
int cinch_state_dir_create (int rootfd, const char *id, int *dirfd_out, cinch_error_t *err);

/* Open and lock <root>/<id> (LOCK_EX when exclusive, else LOCK_SH).  */
int cinch_state_dir_open (int rootfd, const char *id, bool exclusive, int *dirfd_out,
                          cinch_error_t *err);

/* Remove <root>/<id> and everything in it.  */
int cinch_state_dir_remove (int rootfd, const char *id, cinch_error_t *err);

int cinch_state_write (int dirfd, const struct cinch_state *st, cinch_error_t *err);
int cinch_state_read (int dirfd, const char *id, struct cinch_state *out, cinch_error_t *err);

/* Start time (field 22 of /proc/<pid>/stat), 0 when the process is gone
 * or a zombie.  */
unsigned long long cinch_proc_start_time (pid_t pid);

/* Compute the live status from the process and the exec fifo.  */
enum cinch_status cinch_state_status (int dirfd, const struct cinch_state *st);

#endif
