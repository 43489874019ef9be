/* cinch — the hardening policy: profiles, findings and the pure decision
 * (cinch_policy_apply).  See policy.h and man/cinch-policy.5.  */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const profile_names[] = {
  [CINCH_PROFILE_COMPAT] = "compat",
  [CINCH_PROFILE_HARDENED] = "hardened",
  [CINCH_PROFILE_STRICT] = "strict",
};

int
cinch_profile_from_name (const char *name)
{
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (profile_names); i++)
    if (strcmp (name, profile_names[i]) == 0)
      return (int) i;
  return -1;
}

const char *
cinch_profile_name (enum cinch_profile p)
{
  return (size_t) p < CINCH_ARRAY_SIZE (profile_names) ? profile_names[p] : "?";
}

const char *
cinch_finding_action_name (enum cinch_finding_action a)
{
  switch (a)
    {
    case CINCH_FINDING_HARDENED:
      return "hardened";
    case CINCH_FINDING_REFUSED:
      return "refused";
    default:
      return "warned";
    }
}

void
cinch_findings_clear (struct cinch_findings *f)
{
  for (size_t i = 0; i < f->n; i++)
    {
      free (f->v[i].path);
      free (f->v[i].message);
    }
  free (f->v);
  f->v = NULL;
  f->n = 0;
}

size_t
cinch_findings_refused (const struct cinch_findings *f)
{
  size_t n = 0;
  for (size_t i = 0; i < f->n; i++)
    n += f->v[i].action == CINCH_FINDING_REFUSED;
  return n;
}

char *
cinch_finding_format (const struct cinch_finding *f)
{
  if (f->fix != NULL)
    return cinch_xasprintf ("%s: %s: %s [%s] (fix: %s)", cinch_finding_action_name (f->action),
                            f->path, f->message, f->rule, f->fix);
  return cinch_xasprintf ("%s: %s: %s [%s]", cinch_finding_action_name (f->action), f->path,
                          f->message, f->rule);
}
