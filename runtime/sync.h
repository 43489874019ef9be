/* cinch — the sync socket between cinch and the container process.
 *
 * A SOCK_SEQPACKET socketpair: one message per step, a fixed header then a
 * payload (error text, pid, ...), optionally carrying fds (SCM_RIGHTS) or the
 * sender's credentials (SCM_CREDENTIALS, which the kernel translates into the
 * receiver's pid namespace).  */
#ifndef CINCH_SYNC_H
#define CINCH_SYNC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

enum cinch_sync_type
{
  CINCH_SYNC_USERNS_REQ = 1, /* child: my user namespace exists, map it */
  CINCH_SYNC_USERNS_DONE,    /* parent: maps written (+ idmapped mount fds) */
  CINCH_SYNC_PID,            /* grandchild: this is me (credentials) */
  CINCH_SYNC_PTY,            /* child: pty master for a foreground terminal (fd) */
  CINCH_SYNC_READY,          /* child: set up, waiting for start */
  CINCH_SYNC_READY_ACK,      /* parent: state recorded, go wait for start */
  CINCH_SYNC_ERROR,          /* child: setup failed (errno + message) */
  CINCH_SYNC_HOOKS_REQ,      /* child: before pivot_root, run prestart/createRuntime */
  CINCH_SYNC_HOOKS_DONE      /* parent: done; payload is the state JSON for our hooks */
};

#define CINCH_SYNC_MAX_PAYLOAD 8192
#define CINCH_SYNC_MAX_FDS 250

struct cinch_sync_msg
{
  uint32_t type;
  int32_t errnum;
  size_t len;
  char payload[CINCH_SYNC_MAX_PAYLOAD + 1]; /* NUL-terminated */
  int fds[CINCH_SYNC_MAX_FDS];
  size_t n_fds;
  pid_t cred_pid; /* with credentials, else 0 */
};

/* Send one message; fds may be NULL.  with_creds attaches our pid.  */
int cinch_sync_send (int sock, uint32_t type, int32_t errnum, const void *payload, size_t len,
                     const int *fds, size_t n_fds, int with_creds);

/* Receive one message.  Returns 0, or -1 with errno (ECONNRESET/EPIPE
 * reported as 0-length EOF: returns -1 with errno = EPIPE).  Received fds are
 * O_CLOEXEC and owned by the caller.  */
int cinch_sync_recv (int sock, struct cinch_sync_msg *msg);

/* Child side helpers.  */
int cinch_sync_send_error (int sock, cinch_error_t err);
/* Wait for a message of the given type; anything else or EOF fails.  */
int cinch_sync_expect (int sock, uint32_t type, struct cinch_sync_msg *msg);

#endif
