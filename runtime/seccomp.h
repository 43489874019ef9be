/* cinch — seccomp: translate the plan's linux.seccomp into a BPF program
 * with libseccomp (before clone, in the parent: pure apart from libseccomp),
 * then load it in the container process right before exec.  */
#ifndef CINCH_SECCOMP_H
#define CINCH_SECCOMP_H

#include <linux/filter.h>
#include <stdbool.h>

#include "plan.h"

struct cinch_seccomp_prog
{
  struct sock_filter *filter; /* owned */
  unsigned short len;          /* number of instructions */
  unsigned int filter_flags;   /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
  bool wants_listener;         /* a rule uses SCMP_ACT_NOTIFY */
};

/* Compile s into prog.  Syscall names libseccomp does not know are skipped;
 * each skip appends a warning naming the JSON path
 * ("linux.seccomp.syscalls[3].names[1]: unknown syscall `foo`, skipped") to
 * *warnings (a NULL-terminated vector the caller owns; may start NULL).
 * Errors name the JSON path of the offending field.  */
int cinch_seccomp_compile (const struct cinch_seccomp *s, struct cinch_seccomp_prog *prog,
                           char ***warnings, cinch_error_t *err);

/* Load prog into the calling thread with seccomp(2).  When the program
 * wants a listener, *listener_fd receives the notify fd (else -1).  */
int cinch_seccomp_load (const struct cinch_seccomp_prog *prog, int *listener_fd,
                        cinch_error_t *err);

void cinch_seccomp_prog_clear (struct cinch_seccomp_prog *prog);

/* Map plan action/op to libseccomp values (exposed for unit tests).  */
int cinch_seccomp_action_value (enum cinch_seccomp_action a, bool has_errno, uint32_t errno_ret,
                                uint32_t *out);

#endif
