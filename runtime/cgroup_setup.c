/* cinch — a container's cgroup at create: decide (cinch_cgroup_plan_make,
 * before anything exists), then act (cinch_cgroup_setup).  */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "util.h"

int
cinch_cgroup_plan_make (const struct cinch_plan *plan, const struct cinch_cgroup_host *h,
                        enum cinch_cgroup_manager mgr, const char *id,
                        struct cinch_cgroup_plan *out, cinch_error_t *err)
{
  const struct cinch_resources *res = &plan->linux_.res;
  struct cinch_cgroup_writes all = { 0 };
  struct cinch_cgroup_plan cp = { 0 };
  bool none = mgr == CINCH_CGROUP_DISABLED || h->mount == NULL;
  size_t k = 0;

  if (cinch_cgroup_convert (res, "linux.resources", &all, err) < 0)
    return -1;
  for (size_t i = 0; i < all.n; i++)
    {
      struct cinch_cgroup_write *x = &all.v[i];
      bool have = !none
                  && (x->controller == CINCH_CG_CORE
                      || (h->controllers & CINCH_CG_BIT (x->controller)) != 0);
      if (!have && strncmp (x->json_path, "linux.resources.unified.", 24) == 0)
        {
          int r = none ? cinch_fail_code (err, ENOTSUP,
                                          "%s: the container gets no cgroup here "
                                          "(--cgroup-manager disabled, or no cgroup v2 "
                                          "hierarchy)",
                                          x->json_path)
                       : cinch_fail_code (err, ENOTSUP,
                                          "%s: the %s controller is not available in %s "
                                          "(cgroup.controllers)",
                                          x->json_path,
                                          cinch_cgroup_controller_name (x->controller), h->mount);
          cinch_cgroup_writes_clear (&all);
          return r;
        }
      if (!have)
        {
          free (x->file);
          free (x->value);
          free (x->json_path);
          continue;
        }
      all.v[k++] = *x;
    }
  all.n = k;
  if (!none
      && cinch_cgroup_resolve_path (plan->linux_.cgroups_path, mgr, id, h->self, &cp.rel, err) < 0)
    {
      cinch_cgroup_writes_clear (&all);
      return -1;
    }
  cp.writes = all;
  cp.controllers = cinch_cgroup_writes_controllers (&all);
  *out = cp;
  return 0;
}

void
cinch_cgroup_plan_clear (struct cinch_cgroup_plan *cp)
{
  free (cp->rel);
  cinch_cgroup_writes_clear (&cp->writes);
  memset (cp, 0, sizeof (*cp));
}

int
cinch_cgroup_setup (const struct cinch_cgroup_host *h, const struct cinch_cgroup_plan *cp,
                    const struct cinch_plan *plan, struct cinch_cgroup *cg, cinch_error_t *err)
{
  const struct cinch_linux *lx = &plan->linux_;

  if (cinch_cgroup_create (h, cp->rel, cp->controllers, cg, err) < 0)
    return -1;
  if (cinch_cgroup_apply (cg, &cp->writes, err) < 0
      || cinch_cgroup_devices_attach (cg->dirfd, lx->devices, lx->n_devices, lx->res.device_rules,
                                      lx->res.n_device_rules, err)
             < 0)
    {
      cleanup_error cinch_error_t e = NULL;
      if (cinch_cgroup_destroy (cg, &e) < 0)
        cinch_cgroup_close (cg);
      return -1;
    }
  return 0;
}
