/* cinch — option parsing shared by the global flags and every command
 * (pure).  */
#include <string.h>

#include "cli.h"
#include "util.h"

int
cinch_argparse_next (struct cinch_argparse *ap, const struct cinch_opt *opts, const char *cmd,
                     int *id, const char **arg, cinch_error_t *err)
{
  const char *a, *name, *eq;
  size_t name_len;
  const struct cinch_opt *o = NULL;

  if (ap->index >= ap->argc)
    return -2;
  a = ap->argv[ap->index++];
  if (ap->done || a[0] != '-' || a[1] == '\0')
    {
      if (ap->stop_at_positional)
        ap->done = true;
      *arg = a;
      return 0;
    }
  if (strcmp (a, "--") == 0)
    {
      ap->done = true;
      return cinch_argparse_next (ap, opts, cmd, id, arg, err);
    }

  name = a + 1 + (a[1] == '-');
  eq = strchr (name, '=');
  name_len = eq ? (size_t) (eq - name) : strlen (name);

  for (const struct cinch_opt *p = opts; p && p->name; p++)
    if (strlen (p->name) == name_len && strncmp (p->name, name, name_len) == 0)
      {
        o = p;
        break;
      }
  /* A single dash and no long name: a short option, its value possibly
   * glued on (-bDIR).  */
  if (o == NULL && a[1] != '-')
    for (const struct cinch_opt *p = opts; p && p->name; p++)
      if (p->short_name != 0 && p->short_name == name[0])
        {
          if (name[1] == '\0')
            {
              o = p;
              break;
            }
          if (p->has_arg)
            {
              *id = p->id;
              *arg = name + 1;
              return 1;
            }
        }
  if (o == NULL)
    return cinch_fail (err, 0, "%s%sunknown option `%s` (see `cinch %s--help`)", cmd ? cmd : "",
                       cmd ? ": " : "", a, cmd ? "" : "");
  *id = o->id;
  if (!o->has_arg)
    {
      if (eq)
        {
          /* Boolean flags accept --flag=true/false as urfave/cli does.  */
          if (strcmp (eq + 1, "false") == 0)
            {
              *arg = "false";
              return 1;
            }
          if (strcmp (eq + 1, "true") != 0)
            return cinch_fail (err, 0, "%s%soption `--%s` takes no value (got `%s`)",
                               cmd ? cmd : "", cmd ? ": " : "", o->name, eq + 1);
        }
      *arg = NULL;
      return 1;
    }
  if (eq)
    {
      *arg = eq + 1;
      return 1;
    }
  if (ap->index >= ap->argc)
    return cinch_fail (err, 0, "%s%soption `%s` needs a value", cmd ? cmd : "", cmd ? ": " : "", a);
  *arg = ap->argv[ap->index++];
  return 1;
}

int
cinch_opt_parse_int (const char *flag, const char *value, int max, int *out, cinch_error_t *err)
{
  uint64_t v;
  if (cinch_parse_u64 (value, (uint64_t) max, &v) < 0)
    return cinch_fail (err, 0, "%s: invalid value `%s` (expected an integer from 0 to %d)", flag,
                       value, max);
  *out = (int) v;
  return 0;
}
