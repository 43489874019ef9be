/* cinch — seccomp: translate the plan's linux.seccomp into a BPF program
 * with libseccomp (before clone, in the parent: pure apart from libseccomp),
 * then load it in the container process right before exec.  */

/* The build puts runtime/ on the -I path, so <seccomp.h> finds this file
 * before libseccomp's.  seccomp.c defines CINCH_WANT_LIBSECCOMP around its
 * #include <seccomp.h>: found through the -I chain, this file then hands
 * over to the next <seccomp.h> on the path, libseccomp's.  (With runtime/ on
 * -iquote instead of -I this detour is never taken.)  */
#ifdef CINCH_WANT_LIBSECCOMP
#include_next <seccomp.h>
#endif

#ifndef CINCH_SECCOMP_H
#define CINCH_SECCOMP_H

#include <linux/filter.h>
#include <stdbool.h>

#include "plan.h"

struct cinch_seccomp_prog
{
  struct sock_filter *filter; /* owned */
  unsigned short len;         /* number of instructions */
  unsigned int filter_flags;  /* SECCOMP_FILTER_FLAG_* for seccomp(2), exactly what
                                  cinch_seccomp_load() passes (NEW_LISTENER included
                                  when wants_listener) */
  bool wants_listener;        /* a rule uses SCMP_ACT_NOTIFY */
  bool borrowed;              /* filter is static read-only data (cinch_seccomp_default_prog):
                                  cinch_seccomp_prog_clear() does not free it */
};

/* Compile s into prog.  Syscall names libseccomp does not know are skipped;
 * each skip appends a warning naming the JSON path
 * ("linux.seccomp.syscalls[3].names[1]: unknown syscall `foo`, skipped") to
 * *warnings (a NULL-terminated vector the caller owns; may start NULL).
 * Errors name the JSON path of the offending field.  On failure neither
 * *prog nor *warnings is touched.  On success *prog owns a malloc'ed filter:
 * release it with cinch_seccomp_prog_clear().
 *
 * Semantics follow runc: a rule whose action equals the default action is
 * skipped; conditions on distinct argument indexes are ANDed in one rule,
 * but when two conditions of a rule name the same index, every condition of
 * that rule becomes a rule of its own (OR).  SCMP_CMP_MASKED_EQ takes value
 * as the mask and valueTwo as the datum.  errnoRet is accepted only with
 * SCMP_ACT_ERRNO (0..4095) and SCMP_ACT_TRACE (0..65535) and defaults to
 * EPERM.  SCMP_ACT_NOTIFY needs listenerPath and cannot be the default.  */
int cinch_seccomp_compile (const struct cinch_seccomp *s, struct cinch_seccomp_prog *prog,
                           char ***warnings, cinch_error_t *err);

/* Load prog into the calling thread with seccomp(2), without allocating or
 * calling libseccomp (it runs in the container process right before exec).
 * The caller must hold CAP_SYS_ADMIN or have set no_new_privs.  When the
 * program wants a listener, *listener_fd receives the notify fd (O_CLOEXEC,
 * owned by the caller), else -1; listener_fd may be NULL only when
 * !prog->wants_listener.  */
int cinch_seccomp_load (const struct cinch_seccomp_prog *prog, int *listener_fd,
                        cinch_error_t *err);

/* Free the filter (unless borrowed) and zero *prog.  Safe on a zeroed prog.  */
void cinch_seccomp_prog_clear (struct cinch_seccomp_prog *prog);

/* cinch's built-in profile, config/seccomp-default.json (documented in
 * cinch-seccomp(7)), compiled to BPF when cinch is built.  Fills *out with a
 * view of that static, read-only program: no allocation, no libseccomp,
 * no parsing at run time.  *out has no filter flags and no listener, and
 * goes to cinch_seccomp_load() as it is; cinch_seccomp_prog_clear() on it
 * only zeroes it (borrowed is set).  Defined in the generated
 * seccomp_default.c (libcinch_default.a), never in libcinch.a: the
 * generator that writes it links libcinch.a.  */
void cinch_seccomp_default_prog (struct cinch_seccomp_prog *out);

/* Compile a seccomp profile file for cinch's own use (the build-time
 * generator, the tests): text is a linux.seccomp object (config-linux.md,
 * what config.json holds under linux.seccomp), checked by the config parser
 * and compiled by cinch_seccomp_compile(), but strictly: what
 * cinch_seccomp_compile() only warns about (a syscall libseccomp does not
 * know) is an error here, and so is a syscall name that is not a syscall of
 * the build machine's architecture, and an architectures list that lacks
 * that architecture.  src names the text in errors
 * ("config/seccomp-default.json: linux.seccomp.syscalls[3].names[1]: ...").
 * On success *prog owns a malloc'ed filter (cinch_seccomp_prog_clear());
 * on failure it is untouched.  */
int cinch_seccomp_profile_compile (const char *text, size_t len, const char *src,
                                   struct cinch_seccomp_prog *prog, cinch_error_t *err);

/* Map a plan action (with its errnoRet) to the libseccomp/kernel action
 * value (exposed for unit tests).  Returns -1 when errnoRet is given for an
 * action that takes none, or is out of range.  */
int cinch_seccomp_action_value (enum cinch_seccomp_action a, bool has_errno, uint32_t errno_ret,
                                uint32_t *out);

/* Map a plan comparison operator to libseccomp's enum scmp_compare value.
 * Returns -1 for an unknown operator.  */
int cinch_seccomp_op_value (enum cinch_seccomp_op op, int *out);

#endif
