/* cinch — credentials and capabilities of the container process.
 *
 * The sets go through libcap-ng; the bounding set, KEEPCAPS and the id
 * switch are plain prctl/set*id calls (see caps.h).  */
#include "caps.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cap-ng.h>

#include "util.h"

_Static_assert(sizeof (gid_t) == sizeof (uint32_t), "additional_gids is passed as gid_t[]");

static const char *const set_names[CINCH_CAP_SET_COUNT] = {
  [CINCH_CAP_BOUNDING] = "bounding",       [CINCH_CAP_EFFECTIVE] = "effective",
  [CINCH_CAP_INHERITABLE] = "inheritable", [CINCH_CAP_PERMITTED] = "permitted",
  [CINCH_CAP_AMBIENT] = "ambient",
};

/* "CAP_CHOWN", or "capability 45" for numbers the tables do not know.  */
static const char *
cap_label (int cap, char *buf, size_t len)
{
  const char *name = cinch_cap_name (cap);
  if (name != NULL)
    return name;
  snprintf (buf, len, "capability %d", cap);
  return buf;
}

static uint64_t
caps_mask (int last_cap)
{
  if (last_cap >= 63)
    return UINT64_MAX;
  if (last_cap < 0)
    return 0;
  return (UINT64_C (1) << (last_cap + 1)) - 1;
}

static int
lowest_cap (uint64_t set)
{
  return __builtin_ctzll (set);
}

static void
strv_push (char ***v, char *s)
{
  size_t n = cinch_strv_len (*v);
  char **r = cinch_xrealloc (*v, (n + 2) * sizeof (char *));
  r[n] = s;
  r[n + 1] = NULL;
  *v = r;
}

int
cinch_caps_kernel_last_cap (void)
{
  /* PR_CAPBSET_READ fails with EINVAL above the last capability; cap 0
   * always exists.  Binary search: six syscalls.  */
  int lo = 0, hi = 63;
  while (lo < hi)
    {
      int mid = (lo + hi + 1) / 2;
      if (prctl (PR_CAPBSET_READ, (unsigned long) mid, 0, 0, 0) >= 0)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

int
cinch_caps_check (const struct cinch_process *p, int last_cap, char ***warnings, cinch_error_t *err)
{
  cleanup_strv char **local = NULL;
  uint64_t mask = caps_mask (last_cap);
  uint64_t c[CINCH_CAP_SET_COUNT];
  uint64_t bad;
  char buf[32];

  if (!p->has_capabilities)
    return 0;
  for (int s = 0; s < CINCH_CAP_SET_COUNT; s++)
    {
      for (uint64_t extra = p->caps[s] & ~mask; extra != 0; extra &= extra - 1)
        strv_push (&local,
                   cinch_xasprintf ("process.capabilities.%s: %s is not known to the "
                                    "running kernel (last is %d), ignored",
                                    set_names[s], cap_label (lowest_cap (extra), buf, sizeof (buf)),
                                    last_cap));
      c[s] = p->caps[s] & mask;
    }

  bad = c[CINCH_CAP_EFFECTIVE] & ~c[CINCH_CAP_PERMITTED];
  if (bad != 0)
    return cinch_fail (err, 0,
                       "process.capabilities.effective: %s is not in "
                       "process.capabilities.permitted; the kernel cannot make a capability "
                       "effective that is not permitted: add it to permitted or remove it",
                       cap_label (lowest_cap (bad), buf, sizeof (buf)));
  bad = c[CINCH_CAP_INHERITABLE] & ~c[CINCH_CAP_BOUNDING];
  if (bad != 0)
    return cinch_fail (err, 0,
                       "process.capabilities.inheritable: %s is not in "
                       "process.capabilities.bounding; the kernel refuses inheritable "
                       "capabilities outside the bounding set: add it to bounding or remove it",
                       cap_label (lowest_cap (bad), buf, sizeof (buf)));

  /* PR_CAP_AMBIENT_RAISE needs the capability in permitted and inheritable;
   * runc skips the others silently (its own default spec lists ambient caps
   * without inheritable ones), and so do we: no warning on every run.  */

  for (size_t i = 0; local && local[i]; i++)
    strv_push (warnings, local[i]);
  free (steal_pointer (&local));
  return 0;
}

int
cinch_caps_drop_bounding (const struct cinch_process *p, cinch_error_t *err)
{
  int last = cinch_caps_kernel_last_cap ();
  uint64_t keep = p->has_capabilities ? p->caps[CINCH_CAP_BOUNDING] : 0;
  char buf[32];

  for (int c = 0; c <= last; c++)
    {
      int r;

      if (keep & (UINT64_C (1) << c))
        continue;
      r = prctl (PR_CAPBSET_READ, (unsigned long) c, 0, 0, 0);
      if (r < 0)
        return cinch_fail (err, errno, "read %s in the bounding set",
                           cap_label (c, buf, sizeof (buf)));
      if (r == 0)
        continue;
      if (prctl (PR_CAPBSET_DROP, (unsigned long) c, 0, 0, 0) < 0)
        return cinch_fail (err, errno, "drop %s from the bounding set%s",
                           cap_label (c, buf, sizeof (buf)),
                           errno == EPERM ? " (needs CAP_SETPCAP)" : "");
    }
  return 0;
}

/* The capability sets through libcap-ng, exactly as the plan lists them.
 * libcap-ng keeps its state per process and caches the pid it manages: we
 * are a fresh clone (maybe pid 1 of a new pid namespace), so name ourselves
 * first; and start from an empty state so that nothing is read from /proc,
 * which may be masked or absent in the container.  */
static int
apply_capng (uint64_t eff, uint64_t perm, uint64_t inh, uint64_t amb)
{
  static const struct
  {
    capng_type_t type;
    int set;
  } sets[] = {
    { CAPNG_EFFECTIVE, 0 },
    { CAPNG_PERMITTED, 1 },
    { CAPNG_INHERITABLE, 2 },
    { CAPNG_AMBIENT, 3 },
  };
  uint64_t v[4] = { eff, perm, inh, amb };

  capng_setpid ((int) getpid ());
  capng_clear (CAPNG_SELECT_ALL);
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (sets); i++)
    for (uint64_t bits = v[sets[i].set]; bits != 0; bits &= bits - 1)
      if (capng_update (CAPNG_ADD, sets[i].type, (unsigned) lowest_cap (bits)) < 0)
        return -1;
  return capng_apply (CAPNG_SELECT_CAPS);
}

static int
switch_ids (const struct cinch_process *p, cinch_error_t *err)
{
  /* A user namespace whose setgroups is "deny" refuses even an empty list:
   * that only matters when the user asked for groups.  */
  if (setgroups (p->n_additional_gids, (const gid_t *) p->additional_gids) < 0
      && (errno != EPERM || p->n_additional_gids > 0))
    return cinch_fail (err, errno, "setgroups to process.user.additionalGids (%zu gids)%s",
                       p->n_additional_gids,
                       errno == EPERM ? " (is /proc/<pid>/setgroups \"deny\"?)" : "");
  if (setresgid (p->gid, p->gid, p->gid) < 0)
    return cinch_fail (err, errno, "setresgid to process.user.gid %u%s", p->gid,
                       errno == EINVAL ? " (not mapped in the user namespace?)" : "");
  if (setresuid (p->uid, p->uid, p->uid) < 0)
    return cinch_fail (err, errno, "setresuid to process.user.uid %u%s", p->uid,
                       errno == EINVAL ? " (not mapped in the user namespace?)" : "");
  return 0;
}

static int
set_ambient (uint64_t amb, cinch_error_t *err)
{
  /* Clear first: staying root keeps whatever ambient set we had.  */
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    {
      /* Before Linux 4.3 there is no ambient set to clear.  */
      if (errno == EINVAL && amb == 0)
        return 0;
      return cinch_fail (err, errno, "clear the ambient capabilities");
    }
  if (amb != 0 && capng_apply (CAPNG_SELECT_AMBIENT) < 0)
    return cinch_fail (err, errno, "process.capabilities.ambient: raise %#llx",
                       (unsigned long long) amb);
  return 0;
}

int
cinch_caps_change_user (const struct cinch_process *p, cinch_error_t *err)
{
  uint64_t mask = caps_mask (cinch_caps_kernel_last_cap ());
  uint64_t eff = 0, perm = 0, inh = 0, amb = 0;

  if (p->has_capabilities)
    {
      eff = p->caps[CINCH_CAP_EFFECTIVE] & mask;
      perm = p->caps[CINCH_CAP_PERMITTED] & mask;
      inh = p->caps[CINCH_CAP_INHERITABLE] & mask;
      /* The kernel cannot raise these; cinch_caps_check() warned.  */
      amb = p->caps[CINCH_CAP_AMBIENT] & mask & perm & inh;
    }

  /* Without KEEPCAPS, leaving uid 0 clears the permitted set and we could
   * not hand the plan's capabilities to a non-root user.  */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return cinch_fail (err, errno, "prctl PR_SET_KEEPCAPS");
  if (switch_ids (p, err) < 0)
    return -1;
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return cinch_fail (err, errno, "prctl PR_SET_KEEPCAPS 0");

  /* Exactly the plan's sets, inheritable included: a leftover inheritable
   * set lets file capabilities of the image grow (CVE-2022-29162).  */
  if (apply_capng (eff, perm, inh, amb) < 0)
    return cinch_fail (err, errno,
                       "capset (process.capabilities: effective %#llx, permitted %#llx, "
                       "inheritable %#llx)",
                       (unsigned long long) eff, (unsigned long long) perm,
                       (unsigned long long) inh);
  /* Leaving uid 0 cleared the ambient set, staying root did not: clear it
   * either way, then raise exactly the plan's.  */
  return set_ambient (amb, err);
}
