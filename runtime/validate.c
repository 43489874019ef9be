/* cinch — what cinch can run: checks of a plan before anything exists
 * (pure: no system state is read).  */
#include "validate.h"

#include <sched.h>
#include <string.h>

#include "util.h"

bool
cinch_plan_ns_new (const struct cinch_plan *p, enum cinch_ns_type t)
{
  return p->linux_.ns[t].present && p->linux_.ns[t].path == NULL;
}

bool
cinch_plan_ns_private (const struct cinch_plan *p, enum cinch_ns_type t)
{
  return p->linux_.ns[t].present;
}

/* Sysctls must belong to a namespace the container owns, as runc checks.  */
static int
check_sysctls (const struct cinch_plan *p, cinch_error_t *err)
{
  static const char *const ipc_keys[] = { "kernel.msgmax", "kernel.msgmnb",         "kernel.msgmni",
                                          "kernel.sem",    "kernel.shmall",         "kernel.shmmax",
                                          "kernel.shmmni", "kernel.shm_rmid_forced" };
  for (size_t i = 0; i < p->linux_.n_sysctl; i++)
    {
      const char *k = p->linux_.sysctl[i].key;
      const char *v = p->linux_.sysctl[i].value;
      bool ok = false;

      if (*k == '\0' || strstr (k, "..") || strchr (k, '/') || k[0] == '.')
        return cinch_fail (err, 0, "linux.sysctl[\"%s\"]: invalid sysctl name", k);
      if (strpbrk (v, "\n"))
        return cinch_fail (err, 0, "linux.sysctl[\"%s\"]: value must not contain a newline", k);
      for (size_t j = 0; j < CINCH_ARRAY_SIZE (ipc_keys); j++)
        if (strcmp (k, ipc_keys[j]) == 0)
          ok = true;
      if (ok || strncmp (k, "fs.mqueue.", 10) == 0)
        {
          if (!cinch_plan_ns_private (p, CINCH_NS_IPC))
            return cinch_fail (err, 0,
                               "linux.sysctl[\"%s\"]: needs a private ipc namespace "
                               "(add {\"type\": \"ipc\"} to linux.namespaces)",
                               k);
          continue;
        }
      if (strncmp (k, "net.", 4) == 0)
        {
          if (!cinch_plan_ns_private (p, CINCH_NS_NET))
            return cinch_fail (err, 0,
                               "linux.sysctl[\"%s\"]: needs a private network namespace "
                               "(add {\"type\": \"network\"} to linux.namespaces)",
                               k);
          continue;
        }
      if (strcmp (k, "kernel.hostname") == 0 || strcmp (k, "kernel.domainname") == 0)
        {
          if (!cinch_plan_ns_private (p, CINCH_NS_UTS))
            return cinch_fail (err, 0, "linux.sysctl[\"%s\"]: needs a private uts namespace", k);
          continue;
        }
      return cinch_fail (err, 0,
                         "linux.sysctl[\"%s\"]: not a namespaced sysctl: setting it would "
                         "change the host",
                         k);
    }
  return 0;
}

int
cinch_plan_validate (const struct cinch_plan *p, bool has_console_socket, bool foreground,
                     cinch_error_t *err)
{
  const struct cinch_linux *l = &p->linux_;

  if (!p->has_process)
    return cinch_fail (err, 0, "process: required to create a container");
  if (!l->ns[CINCH_NS_MNT].present)
    return cinch_fail (err, 0,
                       "linux.namespaces: a mount namespace is required "
                       "(add {\"type\": \"mount\"}); cinch never sets up a rootfs in "
                       "the host's mount namespace");
  if ((p->has_hostname && p->hostname[0]) && !cinch_plan_ns_new (p, CINCH_NS_UTS))
    return cinch_fail (err, 0,
                       "hostname: setting the hostname needs a new uts namespace "
                       "(add {\"type\": \"uts\"} to linux.namespaces)");
  if ((p->has_domainname && p->domainname[0]) && !cinch_plan_ns_new (p, CINCH_NS_UTS))
    return cinch_fail (err, 0, "domainname: setting the domainname needs a new uts namespace");
  if ((l->n_uid_mappings || l->n_gid_mappings) && !cinch_plan_ns_new (p, CINCH_NS_USER))
    return cinch_fail (err, 0,
                       "linux.uidMappings: id mappings need a new user namespace "
                       "(add {\"type\": \"user\"} to linux.namespaces)");
  if (cinch_plan_ns_new (p, CINCH_NS_USER) && (l->n_uid_mappings == 0 || l->n_gid_mappings == 0))
    return cinch_fail (err, 0, "linux.%s: a new user namespace needs uid and gid mappings",
                       l->n_uid_mappings == 0 ? "uidMappings" : "gidMappings");
  if ((l->has_time_offset_boottime || l->has_time_offset_monotonic)
      && !cinch_plan_ns_new (p, CINCH_NS_TIME))
    return cinch_fail (err, 0,
                       "linux.timeOffsets: needs a new time namespace "
                       "(add {\"type\": \"time\"} to linux.namespaces)");
  if (p->process.terminal && !has_console_socket && !foreground)
    return cinch_fail (err, 0,
                       "process.terminal is true but no --console-socket was given: "
                       "a detached container needs somewhere to send its terminal");
  if (check_sysctls (p, err) < 0)
    return -1;
  return 0;
}

bool
cinch_plan_needs_two_step (const struct cinch_plan *p)
{
  static const enum cinch_ns_type joined_first[] = { CINCH_NS_IPC, CINCH_NS_UTS, CINCH_NS_NET,
                                                     CINCH_NS_CGROUP, CINCH_NS_MNT };
  const struct cinch_namespace *user = &p->linux_.ns[CINCH_NS_USER];

  if (!user->present)
    return false;
  if (user->path != NULL)
    return true;
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (joined_first); i++)
    if (p->linux_.ns[joined_first[i]].present && p->linux_.ns[joined_first[i]].path)
      return true;
  return false;
}

int
cinch_plan_new_ns_flags (const struct cinch_plan *p)
{
  int flags = 0;
  for (int t = 0; t < CINCH_NS_COUNT; t++)
    if (t != CINCH_NS_TIME && cinch_plan_ns_new (p, (enum cinch_ns_type) t))
      flags |= cinch_ns_clone_flag ((enum cinch_ns_type) t);
  return flags;
}
