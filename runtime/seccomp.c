/* cinch — seccomp filter compilation (parent, libseccomp) and loading
 * (container process, raw seccomp(2)).
 *
 * The filter is compiled before clone so that every error reaches the user
 * with the JSON path it comes from, and so that the container process only
 * has to hand a ready BPF program to the kernel: no allocation, no
 * libseccomp, between dropping privileges and execve.  Because we load the
 * exported program ourselves, libseccomp's load-time attributes (NNP, LOG,
 * SSB) do not reach the kernel on their own: the matching
 * SECCOMP_FILTER_FLAG_* are carried in prog->filter_flags.  */
#include "seccomp.h"

#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#define CINCH_WANT_LIBSECCOMP /* libseccomp's <seccomp.h>, not ours: see seccomp.h */
#include <seccomp.h>
#undef CINCH_WANT_LIBSECCOMP
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "util.h"

#define SECCOMP_PATH "linux.seccomp"
#define SECCOMP_MAX_ARGS 6
#define MAX_ERRNO_RET 4095u    /* the kernel clamps larger values to MAX_ERRNO */
#define MAX_TRACE_DATA 0xffffu /* SECCOMP_RET_DATA */

static void
seccomp_releasep (scmp_filter_ctx *ctx)
{
  if (*ctx != NULL)
    seccomp_release (*ctx);
  *ctx = NULL;
}
#define cleanup_seccomp __attribute__ ((cleanup (seccomp_releasep)))

static void
strv_push (char ***v, char *s)
{
  size_t n = cinch_strv_len (*v);
  char **r = cinch_xrealloc (*v, (n + 2) * sizeof (char *));
  r[n] = s;
  r[n + 1] = NULL;
  *v = r;
}

static const char *
action_name (enum cinch_seccomp_action a)
{
  switch (a)
    {
    case CINCH_SECCOMP_KILL:
      return "SCMP_ACT_KILL";
    case CINCH_SECCOMP_KILL_PROCESS:
      return "SCMP_ACT_KILL_PROCESS";
    case CINCH_SECCOMP_KILL_THREAD:
      return "SCMP_ACT_KILL_THREAD";
    case CINCH_SECCOMP_TRAP:
      return "SCMP_ACT_TRAP";
    case CINCH_SECCOMP_ERRNO:
      return "SCMP_ACT_ERRNO";
    case CINCH_SECCOMP_TRACE:
      return "SCMP_ACT_TRACE";
    case CINCH_SECCOMP_ALLOW:
      return "SCMP_ACT_ALLOW";
    case CINCH_SECCOMP_LOG:
      return "SCMP_ACT_LOG";
    case CINCH_SECCOMP_NOTIFY:
      return "SCMP_ACT_NOTIFY";
    }
  return "unknown action";
}

int
cinch_seccomp_action_value (enum cinch_seccomp_action a, bool has_errno, uint32_t errno_ret,
                            uint32_t *out)
{
  /* runtime-spec: errnoRet defaults to EPERM, and a runtime must fail when
   * it is given for an action that takes no errno.  */
  uint32_t data = has_errno ? errno_ret : EPERM;

  if (has_errno && a != CINCH_SECCOMP_ERRNO && a != CINCH_SECCOMP_TRACE)
    return -1;
  switch (a)
    {
    case CINCH_SECCOMP_KILL:
    case CINCH_SECCOMP_KILL_THREAD:
      *out = SCMP_ACT_KILL_THREAD;
      return 0;
    case CINCH_SECCOMP_KILL_PROCESS:
      *out = SCMP_ACT_KILL_PROCESS;
      return 0;
    case CINCH_SECCOMP_TRAP:
      *out = SCMP_ACT_TRAP;
      return 0;
    case CINCH_SECCOMP_ERRNO:
      if (data > MAX_ERRNO_RET)
        return -1;
      *out = SCMP_ACT_ERRNO (data);
      return 0;
    case CINCH_SECCOMP_TRACE:
      if (data > MAX_TRACE_DATA)
        return -1;
      *out = SCMP_ACT_TRACE (data);
      return 0;
    case CINCH_SECCOMP_ALLOW:
      *out = SCMP_ACT_ALLOW;
      return 0;
    case CINCH_SECCOMP_LOG:
      *out = SCMP_ACT_LOG;
      return 0;
    case CINCH_SECCOMP_NOTIFY:
      *out = SCMP_ACT_NOTIFY;
      return 0;
    }
  return -1;
}

int
cinch_seccomp_op_value (enum cinch_seccomp_op op, int *out)
{
  switch (op)
    {
    case CINCH_SECCOMP_OP_NE:
      *out = SCMP_CMP_NE;
      return 0;
    case CINCH_SECCOMP_OP_LT:
      *out = SCMP_CMP_LT;
      return 0;
    case CINCH_SECCOMP_OP_LE:
      *out = SCMP_CMP_LE;
      return 0;
    case CINCH_SECCOMP_OP_EQ:
      *out = SCMP_CMP_EQ;
      return 0;
    case CINCH_SECCOMP_OP_GE:
      *out = SCMP_CMP_GE;
      return 0;
    case CINCH_SECCOMP_OP_GT:
      *out = SCMP_CMP_GT;
      return 0;
    case CINCH_SECCOMP_OP_MASKED_EQ:
      *out = SCMP_CMP_MASKED_EQ;
      return 0;
    }
  return -1;
}

/* Like cinch_seccomp_action_value() but with an error naming the fields
 * (action_path: "...defaultAction", errno_path: "...defaultErrnoRet").  */
static int
resolve_action (enum cinch_seccomp_action a, bool has_errno, uint32_t errno_ret,
                const char *action_path, const char *errno_path, uint32_t *out, cinch_error_t *err)
{
  if (has_errno && a != CINCH_SECCOMP_ERRNO && a != CINCH_SECCOMP_TRACE)
    return cinch_fail (err, 0,
                       "%s: errnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, "
                       "not %s; remove it",
                       errno_path, action_name (a));
  if (has_errno && a == CINCH_SECCOMP_ERRNO && errno_ret > MAX_ERRNO_RET)
    return cinch_fail (err, 0, "%s: %u is not an errno value (0..%u)", errno_path, errno_ret,
                       MAX_ERRNO_RET);
  if (has_errno && errno_ret > MAX_TRACE_DATA)
    return cinch_fail (err, 0, "%s: %u does not fit in 16 bits", errno_path, errno_ret);
  if (cinch_seccomp_action_value (a, has_errno, errno_ret, out) < 0)
    return cinch_fail (err, 0, "%s: unknown action %d", action_path, (int) a);
  return 0;
}

/* "SCMP_ARCH_X86_64" -> "x86_64", the name libseccomp resolves, -> its
 * token; 0 when unknown.  */
static uint32_t
arch_token (const char *name)
{
  static const char prefix[] = "SCMP_ARCH_";
  char lower[32];
  size_t n;

  if (strncmp (name, prefix, sizeof (prefix) - 1) != 0
      || (n = strlen (name + sizeof (prefix) - 1)) == 0 || n >= sizeof (lower))
    return 0;
  for (size_t k = 0; k <= n; k++)
    {
      char c = name[sizeof (prefix) - 1 + k];
      lower[k] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
    }
  return seccomp_arch_resolve_name (lower);
}

static int
add_architectures (scmp_filter_ctx ctx, const struct cinch_seccomp *s, cinch_error_t *err)
{
  for (size_t i = 0; s->architectures && s->architectures[i]; i++)
    {
      const char *name = s->architectures[i];
      uint32_t token = arch_token (name);
      int r;

      if (token == 0)
        return cinch_fail (err, 0, SECCOMP_PATH ".architectures[%zu]: unknown architecture \"%s\"",
                           i, name);
      r = seccomp_arch_add (ctx, token);
      /* The native architecture is in every new context; duplicates are harmless.  */
      if (r < 0 && r != -EEXIST)
        return cinch_fail (err, -r, SECCOMP_PATH ".architectures[%zu]: add \"%s\"", i, name);
    }
  return 0;
}

/* seccomp(SECCOMP_SET_MODE_FILTER, flags, NULL) fails with EINVAL on flags
 * the kernel does not know (or invalid combinations) and with EFAULT once the
 * flags passed: a probe that installs nothing.  libseccomp probes the same way.
 * Any other failure (a filter of our own forbidding seccomp(2)) proves
 * nothing, so only EINVAL counts as "unsupported".  */
static bool
kernel_accepts_filter_flags (unsigned int flags)
{
  return !(syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, NULL) < 0 && errno == EINVAL);
}

static const char *
filter_flag_name (unsigned int flag)
{
  switch (flag)
    {
    case SECCOMP_FILTER_FLAG_TSYNC:
      return "SECCOMP_FILTER_FLAG_TSYNC";
    case SECCOMP_FILTER_FLAG_LOG:
      return "SECCOMP_FILTER_FLAG_LOG";
    case SECCOMP_FILTER_FLAG_SPEC_ALLOW:
      return "SECCOMP_FILTER_FLAG_SPEC_ALLOW";
    case SECCOMP_FILTER_FLAG_NEW_LISTENER:
      return "SECCOMP_FILTER_FLAG_NEW_LISTENER (for SCMP_ACT_NOTIFY)";
    case SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV:
      return "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV";
    }
  return "an unknown flag";
}

/* Translate linux.seccomp.flags.  LOG and SPEC_ALLOW are also set as
 * libseccomp attributes so that libseccomp checks kernel support (and
 * seccomp_export_pfc shows them); WAIT_KILLABLE_RECV has no attribute in
 * libseccomp 2.5, so we probe the kernel ourselves.  */
static int
apply_flags (scmp_filter_ctx ctx, const struct cinch_seccomp *s, unsigned int *filter_flags,
             cinch_error_t *err)
{
  const uint32_t known = CINCH_SECCOMP_FLAG_LOG | CINCH_SECCOMP_FLAG_SPEC_ALLOW
                         | CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV;
  unsigned int ff = 0;
  int r;

  if (s->flags & ~known)
    return cinch_fail (err, 0, SECCOMP_PATH ".flags: unknown flag bits %#x", s->flags & ~known);
  if (s->flags & CINCH_SECCOMP_FLAG_LOG)
    {
      r = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_LOG, 1);
      if (r < 0)
        return cinch_fail (err, -r,
                           SECCOMP_PATH ".flags: SECCOMP_FILTER_FLAG_LOG is not supported by "
                                        "this kernel or libseccomp");
      ff |= SECCOMP_FILTER_FLAG_LOG;
    }
  if (s->flags & CINCH_SECCOMP_FLAG_SPEC_ALLOW)
    {
      r = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_SSB, 1);
      if (r < 0)
        return cinch_fail (err, -r,
                           SECCOMP_PATH ".flags: SECCOMP_FILTER_FLAG_SPEC_ALLOW is not supported "
                                        "by this kernel or libseccomp");
      ff |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
    }
  if ((s->flags & CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV)
      && !kernel_accepts_filter_flags (SECCOMP_FILTER_FLAG_NEW_LISTENER
                                       | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV))
    return cinch_fail (err, 0,
                       SECCOMP_PATH ".flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV is not "
                                    "supported by the running kernel (needs Linux 5.19)");
  *filter_flags = ff;
  return 0;
}

/* Convert the conditions of syscalls[i] (n_args entries in out) and tell
 * whether two of them name the same argument index.  */
static int
convert_args (const struct cinch_seccomp_syscall *sc, size_t i, struct scmp_arg_cmp *out,
              bool *repeated, cinch_error_t *err)
{
  unsigned int seen = 0;

  *repeated = false;
  for (size_t k = 0; k < sc->n_args; k++)
    {
      const struct cinch_seccomp_arg *a = &sc->args[k];
      int op;

      if (a->index >= SECCOMP_MAX_ARGS)
        return cinch_fail (err, 0,
                           SECCOMP_PATH ".syscalls[%zu].args[%zu].index: %u is out of range (0..5)",
                           i, k, a->index);
      if (cinch_seccomp_op_value (a->op, &op) < 0)
        return cinch_fail (err, 0, SECCOMP_PATH ".syscalls[%zu].args[%zu].op: unknown operator %d",
                           i, k, (int) a->op);
      if (seen & (1u << a->index))
        *repeated = true;
      seen |= 1u << a->index;
      out[k] = (struct scmp_arg_cmp){
        .arg = a->index,
        .op = (enum scmp_compare) op,
        .datum_a = a->value,     /* the mask for SCMP_CMP_MASKED_EQ */
        .datum_b = a->value_two, /* the datum for SCMP_CMP_MASKED_EQ */
      };
    }
  return 0;
}

/* Add syscalls[i] for every name it lists.  */
static int
add_syscall (scmp_filter_ctx ctx, const struct cinch_seccomp *s, size_t i, uint32_t def_action,
             char ***warnings, bool *uses_notify, cinch_error_t *err)
{
  const struct cinch_seccomp_syscall *sc = &s->syscalls[i];
  cleanup_free struct scmp_arg_cmp *cmps = NULL;
  cleanup_free char *action_path = cinch_xasprintf (SECCOMP_PATH ".syscalls[%zu].action", i);
  cleanup_free char *errno_path = cinch_xasprintf (SECCOMP_PATH ".syscalls[%zu].errnoRet", i);
  bool repeated;
  uint32_t action;

  if (resolve_action (sc->action, sc->has_errno_ret, sc->errno_ret, action_path, errno_path,
                      &action, err)
      < 0)
    return -1;
  cmps = cinch_xcalloc (sc->n_args, sizeof (*cmps));
  if (convert_args (sc, i, cmps, &repeated, err) < 0)
    return -1;
  /* libseccomp refuses a rule whose action is the default one; runc skips
   * it, and so do we: it would not change the filter's behaviour.  */
  if (action == def_action)
    return 0;

  for (size_t j = 0; sc->names && sc->names[j]; j++)
    {
      const char *name = sc->names[j];
      int nr = seccomp_syscall_resolve_name (name);
      int r;

      if (nr == __NR_SCMP_ERROR)
        {
          strv_push (warnings,
                     cinch_xasprintf (SECCOMP_PATH
                                      ".syscalls[%zu].names[%zu]: unknown syscall `%s`, skipped",
                                      i, j, name));
          continue;
        }
      /* libseccomp cannot AND two conditions on the same argument; like
       * runc, such a rule becomes one rule per condition (OR).  */
      if (!repeated)
        r = seccomp_rule_add_array (ctx, action, nr, (unsigned int) sc->n_args, cmps);
      else
        {
          r = 0;
          for (size_t k = 0; k < sc->n_args && r >= 0; k++)
            r = seccomp_rule_add_array (ctx, action, nr, 1, &cmps[k]);
        }
      if (r < 0)
        return cinch_fail (err, -r, SECCOMP_PATH ".syscalls[%zu].names[%zu]: add rule for `%s`", i,
                           j, name);
      if (sc->action == CINCH_SECCOMP_NOTIFY)
        *uses_notify = true;
    }
  return 0;
}

/* libseccomp 2.5 exports only to an fd: go through a memfd.  */
static int
export_bpf (scmp_filter_ctx ctx, struct sock_filter **out, unsigned short *len, cinch_error_t *err)
{
  cleanup_close int fd = memfd_create ("cinch-seccomp", MFD_CLOEXEC);
  cleanup_free struct sock_filter *filter = NULL;
  struct stat st;
  size_t size, n;
  int r;

  if (fd < 0)
    return cinch_fail (err, errno, "seccomp: memfd_create");
  r = seccomp_export_bpf (ctx, fd);
  if (r < 0)
    return cinch_fail (err, -r, "seccomp: export the BPF program");
  if (fstat (fd, &st) < 0)
    return cinch_fail (err, errno, "seccomp: fstat the exported program");
  size = (size_t) st.st_size;
  n = size / sizeof (struct sock_filter);
  if (size == 0 || size % sizeof (struct sock_filter) != 0)
    return cinch_fail (err, 0, "seccomp: libseccomp exported a malformed program (%zu bytes)",
                       size);
  if (n > BPF_MAXINSNS)
    return cinch_fail (err, 0,
                       SECCOMP_PATH ": the filter has %zu instructions, the kernel accepts at most "
                                    "%d; merge rules or drop conditions",
                       n, BPF_MAXINSNS);
  filter = cinch_xmalloc (size);
  if (lseek (fd, 0, SEEK_SET) < 0)
    return cinch_fail (err, errno, "seccomp: rewind the exported program");
  if (cinch_read_all (fd, filter, size) != (ssize_t) size)
    return cinch_fail (err, errno, "seccomp: read back the exported program");
  *out = steal_pointer (&filter);
  *len = (unsigned short) n;
  return 0;
}

static void
append_warnings (char ***dst, char ***src)
{
  for (size_t i = 0; *src && (*src)[i]; i++)
    strv_push (dst, (*src)[i]);
  free (*src);
  *src = NULL;
}

int
cinch_seccomp_compile (const struct cinch_seccomp *s, struct cinch_seccomp_prog *prog,
                       char ***warnings, cinch_error_t *err)
{
  cleanup_seccomp scmp_filter_ctx ctx = NULL;
  cleanup_strv char **local_warnings = NULL;
  cleanup_free struct sock_filter *filter = NULL;
  unsigned short len = 0;
  unsigned int filter_flags = 0;
  bool uses_notify = false;
  uint32_t def_action;
  int r;

  if (s->default_action == CINCH_SECCOMP_NOTIFY)
    return cinch_fail (err, 0,
                       SECCOMP_PATH ".defaultAction: SCMP_ACT_NOTIFY cannot be the default "
                                    "action: the container could not even execve");
  if (resolve_action (s->default_action, s->has_default_errno_ret, s->default_errno_ret,
                      SECCOMP_PATH ".defaultAction", SECCOMP_PATH ".defaultErrnoRet", &def_action,
                      err)
      < 0)
    return -1;
  ctx = seccomp_init (def_action);
  if (ctx == NULL)
    return cinch_fail (err, 0, SECCOMP_PATH ".defaultAction: libseccomp refused %s",
                       action_name (s->default_action));
  /* cinch sets no_new_privs itself when process.noNewPrivileges asks.  */
  r = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0);
  if (r < 0)
    return cinch_fail (err, -r, "seccomp: clear SCMP_FLTATR_CTL_NNP");
  if (add_architectures (ctx, s, err) < 0)
    return -1;
  if (apply_flags (ctx, s, &filter_flags, err) < 0)
    return -1;

  for (size_t i = 0; i < s->n_syscalls; i++)
    if (add_syscall (ctx, s, i, def_action, &local_warnings, &uses_notify, err) < 0)
      return -1;

  if (uses_notify && (s->listener_path == NULL || s->listener_path[0] == '\0'))
    return cinch_fail (err, 0,
                       SECCOMP_PATH ".listenerPath: required when a rule uses SCMP_ACT_NOTIFY "
                                    "(runtime-spec, seccomp); without a listener those syscalls "
                                    "fail with ENOSYS");
  if (uses_notify)
    {
      if (!kernel_accepts_filter_flags (SECCOMP_FILTER_FLAG_NEW_LISTENER))
        return cinch_fail (err, 0,
                           SECCOMP_PATH ".syscalls: SCMP_ACT_NOTIFY needs "
                                        "SECCOMP_FILTER_FLAG_NEW_LISTENER (Linux 5.0)");
      filter_flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
      if (s->flags & CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV)
        filter_flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
    }
  else if (s->flags & CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV)
    /* The kernel refuses this flag without SECCOMP_FILTER_FLAG_NEW_LISTENER
     * (EINVAL), so passing it through would break the load.  */
    strv_push (&local_warnings,
               cinch_xstrdup (SECCOMP_PATH ".flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV has no "
                                           "effect without an SCMP_ACT_NOTIFY rule, ignored"));

  if (export_bpf (ctx, &filter, &len, err) < 0)
    return -1;

  append_warnings (warnings, &local_warnings);
  prog->filter = steal_pointer (&filter);
  prog->len = len;
  prog->filter_flags = filter_flags;
  prog->wants_listener = uses_notify;
  return 0;
}

/* Explain an EINVAL from seccomp(2): name the first flag the kernel lacks.  */
static int
load_einval (unsigned int flags, cinch_error_t *err)
{
  for (unsigned int bit = 1; bit != 0 && bit <= flags; bit <<= 1)
    {
      unsigned int probe = bit;
      if (!(flags & bit))
        continue;
      /* WAIT_KILLABLE_RECV is only valid together with NEW_LISTENER.  */
      if (bit == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
        probe |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
      if (!kernel_accepts_filter_flags (probe))
        return cinch_fail (
            err, 0,
            "seccomp: the running kernel does not support %s (flag %#x, from " SECCOMP_PATH
            ".flags or SCMP_ACT_NOTIFY rules)",
            filter_flag_name (bit), bit);
    }
  return cinch_fail (err, EINVAL, "seccomp: load the filter (flags %#x)", flags);
}

int
cinch_seccomp_load (const struct cinch_seccomp_prog *prog, int *listener_fd, cinch_error_t *err)
{
  struct sock_fprog fprog = { .len = prog->len, .filter = prog->filter };
  unsigned int flags = prog->filter_flags;
  long r;

  if (prog->filter == NULL || prog->len == 0)
    return cinch_fail (err, EINVAL, "seccomp: empty filter program");
  if (prog->wants_listener)
    flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
  if ((flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && listener_fd == NULL)
    return cinch_fail (err, EINVAL,
                       "seccomp: the filter has a notify listener but the caller "
                       "takes no listener fd");
  r = syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
  if (r < 0)
    {
      if (errno == EINVAL)
        return load_einval (flags, err);
      if (errno == EACCES)
        return cinch_fail (err, EACCES,
                           "seccomp: load the filter (set no_new_privs first, or load it while "
                           "still holding CAP_SYS_ADMIN)");
      return cinch_fail (err, errno, "seccomp: load the filter");
    }
  if (listener_fd != NULL)
    *listener_fd = (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) ? (int) r : -1;
  return 0;
}

void
cinch_seccomp_prog_clear (struct cinch_seccomp_prog *prog)
{
  if (prog == NULL)
    return;
  if (!prog->borrowed)
    free (prog->filter);
  *prog = (struct cinch_seccomp_prog){ 0 };
}

/* ---- profile files (config/seccomp-default.json) ------------------------ */

/* What cinch_seccomp_compile() tolerates but a profile cinch ships must
 * not have: an architectures list without the build machine's own (the
 * filter would then cover it anyway, libseccomp adds the native
 * architecture to every filter), or a name that is not a syscall of that
 * architecture (libseccomp resolves names of other architectures to
 * negative pseudo numbers and quietly adds no rule for them).  */
static int
check_profile_native (const struct cinch_seccomp *s, cinch_error_t *err)
{
  uint32_t native = seccomp_arch_native ();
  bool listed = false;

  for (size_t i = 0; s->architectures && s->architectures[i]; i++)
    listed = listed || arch_token (s->architectures[i]) == native;
  if (!listed)
    {
      struct utsname u = { 0 };
      uname (&u);
      return cinch_fail (err, 0,
                         SECCOMP_PATH ".architectures: does not list this machine's architecture "
                                      "(%s): the profile is not written for it",
                         u.machine);
    }
  for (size_t i = 0; i < s->n_syscalls; i++)
    for (size_t j = 0; s->syscalls[i].names && s->syscalls[i].names[j]; j++)
      {
        const char *name = s->syscalls[i].names[j];
        int nr = seccomp_syscall_resolve_name (name);

        if (nr == __NR_SCMP_ERROR)
          return cinch_fail (err, 0,
                             SECCOMP_PATH ".syscalls[%zu].names[%zu]: `%s` is not a syscall "
                                          "libseccomp knows (too old a libseccomp, or a typo)",
                             i, j, name);
        if (nr < 0)
          return cinch_fail (err, 0,
                             SECCOMP_PATH ".syscalls[%zu].names[%zu]: `%s` is not a syscall of "
                                          "the build machine's architecture",
                             i, j, name);
      }
  return 0;
}

/* The config parser checks a linux.seccomp object only inside a config:
 * the profile is parsed as the linux.seccomp of a minimal one.  So that
 * nothing but one JSON object can sit in that slot (a text such as
 * `{...}}, "process": {...` would otherwise splice keys into the wrapper),
 * jansson first checks that the text is exactly one object; it also gives
 * syntax errors the profile's own line and column.  */
static int
parse_profile (const char *text, size_t len, const char *src, struct cinch_plan **out,
               cinch_error_t *err)
{
  static const char head[] = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"/\"},"
                             "\"linux\":{\"seccomp\":";
  static const char tail[] = "}}";
  cleanup_free char *doc = NULL;
  json_error_t je;
  json_t *root;
  bool is_object;
  size_t n;

  /* Integers as reals: the syntax check must not trip on valueTwo values
   * above INT64_MAX, which the config parser reads exactly.  */
  root = json_loadb (text, len, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &je);
  if (root == NULL)
    return cinch_fail (err, 0, "%s: invalid JSON at line %d column %d: %s", src, je.line, je.column,
                       je.text);
  is_object = json_is_object (root);
  json_decref (root);
  if (!is_object)
    return cinch_fail (err, 0, "%s: expected a JSON object (a linux.seccomp profile)", src);

  n = sizeof (head) - 1 + len + sizeof (tail) - 1;
  doc = cinch_xmalloc (n + 1);
  memcpy (doc, head, sizeof (head) - 1);
  memcpy (doc + sizeof (head) - 1, text, len);
  memcpy (doc + sizeof (head) - 1 + len, tail, sizeof (tail));
  if (cinch_plan_parse (doc, n, "/", out, err) < 0)
    return cinch_error_wrap (err, "%s", src);
  return 0;
}

int
cinch_seccomp_profile_compile (const char *text, size_t len, const char *src,
                               struct cinch_seccomp_prog *prog, cinch_error_t *err)
{
  struct cinch_plan *plan = NULL;
  cleanup_strv char **warnings = NULL;
  struct cinch_seccomp_prog p = { 0 };
  int r;

  if (parse_profile (text, len, src, &plan, err) < 0)
    return -1;
  if (plan->warnings != NULL && plan->warnings[0] != NULL)
    r = cinch_fail (err, 0, "%s: %s", src, plan->warnings[0]);
  else if (check_profile_native (plan->linux_.seccomp, err) < 0)
    r = cinch_error_wrap (err, "%s", src);
  else if (cinch_seccomp_compile (plan->linux_.seccomp, &p, &warnings, err) < 0)
    r = cinch_error_wrap (err, "%s", src);
  else if (warnings != NULL && warnings[0] != NULL)
    {
      r = cinch_fail (err, 0, "%s: %s", src, warnings[0]);
      cinch_seccomp_prog_clear (&p);
    }
  else
    r = 0;
  cinch_plan_free (plan);
  if (r < 0)
    return -1;
  *prog = p;
  return 0;
}
