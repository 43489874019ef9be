/* cinch — the policy's cgroup rules (pure).
 *
 * CINCH-PIDS           hardened adds a pids limit when the config has none
 *                      (skipped, with a warning, where it cannot be
 *                      enforced: a default of ours is never a reason to
 *                      refuse a container).
 * CINCH-CGROUP-LIMIT   a limit the config asks for that this host cannot
 *                      enforce (its controller is missing from the unified
 *                      hierarchy, as on hybrid hosts, or there is no cgroup
 *                      at all) is refused: a container silently running
 *                      without the memory limit it asked for is a security
 *                      bug.  "unenforceable-limits = warn" in the policy
 *                      file, or compat, makes it a warning; the cgroup
 *                      layer then skips those files.  Weights and
 *                      protections (cpu.weight, io.weight, memory.low,
 *                      cpu.idle) are only warned about: they share, they do
 *                      not limit.
 *
 * The unified map is not judged here: a file of an absent controller is an
 * error of the cgroup layer whatever the policy says (it is not a limit
 * engines translate, it is a request for that very file).  */
#include <stdio.h>
#include <string.h>

#include "cgroup.h"
#include "policy_internal.h"
#include "util.h"

static const char fix_limit[] =
    "run on a host whose cgroup v2 hierarchy has this controller (a pure cgroup v2 host), "
    "remove the limit, or set `unenforceable-limits = warn` in the policy file";

/* Why a controller cannot be used here.  */
static char *
why_missing (const struct cinch_host_facts *f, enum cinch_cgroup_controller c)
{
  if (f->cgroup_none)
    return cinch_xstrdup ("the container gets no cgroup here (--cgroup-manager disabled, or no "
                          "cgroup v2 hierarchy)");
  return cinch_xasprintf ("this host's cgroup v2 hierarchy has no %s controller (a hybrid host "
                          "keeps it on cgroup v1)",
                          cinch_cgroup_controller_name (c));
}

static bool
available (const struct cinch_host_facts *f, enum cinch_cgroup_controller c)
{
  if (f->cgroup_none)
    return false;
  return c == CINCH_CG_CORE || (f->cgroup_controllers & CINCH_CG_BIT (c)) != 0;
}

void
cinch_policy_rules_pids_default (struct cinch_policy_run *r)
{
  struct cinch_resources *res = &r->plan->linux_.res;
  const struct cinch_host_facts *f = r->facts;
  int64_t want = r->pol->default_pids_limit;

  if (want <= 0 || (res->has_pids_limit && res->pids_limit > 0))
    return;
  /* strict refuses this itself (CINCH-LIMITS).  */
  if (r->profile == CINCH_PROFILE_STRICT)
    return;
  if (r->profile == CINCH_PROFILE_HARDENED && f->cgroup_known && !available (f, CINCH_CG_PIDS))
    {
      cleanup_free char *why = why_missing (f, CINCH_CG_PIDS);
      cinch_policy_add (
          r, "CINCH-PIDS", CINCH_FINDING_WARNED, cinch_xstrdup ("linux.resources.pids.limit"),
          "run on a host whose cgroup v2 hierarchy has the pids controller, or set "
          "`default-pids-limit = none` in the policy file",
          cinch_xasprintf ("default pids limit %lld skipped: %s", (long long) want, why));
      return;
    }
  {
    char done[64];
    snprintf (done, sizeof (done), "set to %lld", (long long) want);
    cinch_policy_weak (r, "CINCH-PIDS", cinch_xstrdup ("linux.resources.pids.limit"),
                       "set linux.resources.pids.limit to a positive number",
                       res->has_pids_limit
                           ? cinch_xasprintf ("pids limit %lld is unlimited: a fork bomb in the "
                                              "container reaches the host",
                                              (long long) res->pids_limit)
                           : cinch_xstrdup ("no pids limit: a fork bomb in the container "
                                            "reaches the host"),
                       done);
  }
  if (!cinch_policy_editing (r))
    return;
  res->present = true;
  res->has_pids_limit = true;
  res->pids_limit = want;
}

void
cinch_policy_rules_cgroup_limits (struct cinch_policy_run *r)
{
  const struct cinch_resources *res = &r->plan->linux_.res;
  const struct cinch_host_facts *f = r->facts;
  struct cinch_cgroup_writes w = { 0 };
  cleanup_error cinch_error_t err = NULL;
  enum cinch_finding_action act;

  if (!f->cgroup_known || !res->present)
    return;
  act = r->profile == CINCH_PROFILE_COMPAT || r->pol->unenforceable_limits_warn
            ? CINCH_FINDING_WARNED
            : CINCH_FINDING_REFUSED;
  /* A config the converter refuses is an error of its own, reported by
   * create with its JSON path.  */
  if (cinch_cgroup_convert (res, "linux.resources", &w, &err) == 0)
    {
      for (size_t i = 0; i < w.n; i++)
        {
          const struct cinch_cgroup_write *x = &w.v[i];
          bool seen = false;
          /* "max" (a -1 in the config) is no limit: a host without the
           * controller gives exactly that.  */
          if (available (f, x->controller) || strcmp (x->value, "max") == 0
              || strncmp (x->json_path, "linux.resources.unified.", 24) == 0)
            continue;
          /* One finding per JSON path (memory.swap gives two files).  */
          for (size_t k = 0; k < i && !seen; k++)
            seen =
                strcmp (w.v[k].json_path, x->json_path) == 0 && !available (f, w.v[k].controller);
          if (seen)
            continue;
          {
            cleanup_free char *why = why_missing (f, x->controller);
            cinch_policy_add (
                r, "CINCH-CGROUP-LIMIT",
                cinch_cgroup_file_is_preference (x->file) ? CINCH_FINDING_WARNED : act,
                cinch_xstrdup (x->json_path), fix_limit,
                cinch_xasprintf ("%s = %s cannot be enforced: %s", x->file, x->value, why));
          }
        }
    }
  cinch_cgroup_writes_clear (&w);
  /* Device rules need a cgroup (any: the eBPF program works on every
   * cgroup v2 directory, hybrid hosts included).  */
  if (f->cgroup_none && res->n_device_rules > 0)
    {
      cleanup_free char *why = why_missing (f, CINCH_CG_CORE);
      cinch_policy_add (
          r, "CINCH-CGROUP-LIMIT", act, cinch_xstrdup ("linux.resources.devices"), fix_limit,
          cinch_xasprintf ("%zu device rule%s cannot be enforced: %s", res->n_device_rules,
                           res->n_device_rules == 1 ? "" : "s", why));
    }
}
