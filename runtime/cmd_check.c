/* cinch check [--policy NAME] [--format text|json] [--print-effective]
 *             [-b|--bundle DIR | FILE]
 *
 * What create would decide for a config, without creating anything: the
 * same loader, policy file, host facts and cinch_policy_apply as create,
 * then a report instead of a container.  Nothing is written: no state
 * directory, no mount, no namespace (the host facts are stat() and
 * realpath() only).  */
#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "cmd_common.h"
#include "emit.h"
#include "jsonutil.h"
#include "cgroup.h"
#include "policy.h"

enum
{
  C_POLICY = 1,
  C_FORMAT,
  C_PRINT_EFFECTIVE,
  C_BUNDLE,
  C_HELP
};

struct check_opts
{
  const char *policy; /* --policy, or NULL: the global one */
  bool json;          /* --format json */
  bool print_effective;
  const char *bundle; /* -b DIR */
  const char *file;   /* FILE */
};

static void
print_help (void)
{
  printf ("Usage: cinch check [OPTIONS] [-b DIR | FILE]\n\n"
          "Show what `cinch create` would do with a config.json: every rule of the policy\n"
          "it breaks (refused), every weak setting cinch would fix (hardened) or only\n"
          "note (warned), and whether the container would run.  Nothing is created.\n\n"
          "  -b, --bundle DIR      check DIR/config.json (default ./config.json)\n"
          "  FILE                  check this config.json (its directory is the bundle)\n"
          "  --policy NAME         hardened, strict or compat (default: the global\n"
          "                        --policy, else the policy file's profile)\n"
          "  -f, --format text|json  report format (default text)\n"
          "  --print-effective     also print the effective config.json (when it would\n"
          "                        run); in text format the report then goes to stderr\n"
          "  -h, --help            print this help\n\n"
          "Exit status: 0 when the container would run, 1 when it would be refused or\n"
          "the config cannot be read.\n");
}

/* 1 when --help was given, 0 to go on, -1 on error.  */
static int
parse_opts (int argc, char **argv, struct check_opts *o, cinch_error_t *err)
{
  static const struct cinch_opt opts[] = {
    { "policy", 0, true, C_POLICY },
    { "format", 'f', true, C_FORMAT },
    { "print-effective", 0, false, C_PRINT_EFFECTIVE },
    { "bundle", 'b', true, C_BUNDLE },
    { "help", 'h', false, C_HELP },
    { NULL, 0, false, 0 },
  };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  const char *arg = NULL;
  bool help = false;
  int id, r;

  while ((r = cinch_argparse_next (&ap, opts, "check", &id, &arg, err)) != -2)
    {
      if (r < 0)
        return -1;
      if (r == 0)
        {
          if (o->file != NULL)
            return cinch_fail (err, 0, "check: unexpected argument `%s` (one config at a time)",
                               arg);
          o->file = arg;
          continue;
        }
      switch (id)
        {
        case C_POLICY:
          if (cinch_profile_from_name (arg) < 0)
            return cinch_fail (err, 0,
                               "check: --policy: unknown profile `%s` (expected hardened, strict "
                               "or compat)",
                               arg);
          o->policy = arg;
          break;
        case C_FORMAT:
          if (strcmp (arg, "json") != 0 && strcmp (arg, "text") != 0)
            return cinch_fail (err, 0, "check: unknown --format `%s` (expected text or json)", arg);
          o->json = strcmp (arg, "json") == 0;
          break;
        case C_PRINT_EFFECTIVE:
          o->print_effective = arg == NULL;
          break;
        case C_BUNDLE:
          o->bundle = arg;
          break;
        default:
          help = arg == NULL;
          break;
        }
    }
  if (help)
    return 1;
  if (o->bundle != NULL && o->file != NULL)
    return cinch_fail (err, 0, "check: give either --bundle `%s` or the file `%s`, not both",
                       o->bundle, o->file);
  return 0;
}

/* Load the plan as create does; errors name the config file.  */
static int
load_plan (const struct check_opts *o, const char *shown, struct cinch_plan **plan,
           cinch_error_t *err)
{
  int r;

  if (o->file != NULL)
    {
      cleanup_free char *copy = cinch_xstrdup (o->file);
      r = cinch_plan_load (dirname (copy), o->file, plan, err);
    }
  else
    r = cinch_plan_load (o->bundle ? o->bundle : ".", NULL, plan, err);
  if (r < 0)
    {
      /* Parser errors name the JSON path but not the file.  */
      if (strstr (cinch_error_msg (*err), shown) != NULL)
        return cinch_error_wrap (err, "check");
      return cinch_error_wrap (err, "check: %s", shown);
    }
  return 0;
}

static void
print_text (FILE *out, const char *shown, const struct cinch_plan *plan,
            const struct cinch_findings *f)
{
  size_t refused = cinch_findings_refused (f);

  fprintf (out, "cinch check: %s: profile %s\n", shown, cinch_profile_name (f->profile));
  for (size_t i = 0; plan->warnings && plan->warnings[i]; i++)
    fprintf (out, "warning: %s\n", plan->warnings[i]);
  for (size_t i = 0; i < f->n; i++)
    {
      cleanup_free char *line = cinch_finding_format (&f->v[i]);
      fprintf (out, "%s\n", line);
    }
  if (refused == 0)
    fprintf (out, "would run\n");
  else
    fprintf (out, "refused: %zu violation%s\n", refused, refused == 1 ? "" : "s");
}

static json_t *
findings_json (const struct cinch_findings *f)
{
  json_t *a = cinch_json_must (json_array ());

  for (size_t i = 0; i < f->n; i++)
    {
      const struct cinch_finding *x = &f->v[i];
      json_t *o = cinch_json_must (json_object ());
      cinch_json_set (o, "rule", json_string (x->rule));
      cinch_json_set (o, "path", json_string (x->path));
      cinch_json_set (o, "action", json_string (cinch_finding_action_name (x->action)));
      cinch_json_set (o, "message", json_string (x->message));
      cinch_json_set (o, "fix", x->fix ? json_string (x->fix) : json_null ());
      cinch_json_append (a, o);
    }
  return a;
}

static void
print_json (const char *shown, const struct cinch_plan *plan, const struct cinch_findings *f,
            bool effective)
{
  bool run = cinch_findings_refused (f) == 0;
  struct cinch_emit_big big = { 0 };
  json_t *doc = cinch_json_must (json_object ());
  char *text;

  cinch_json_set (doc, "config", json_string (shown));
  cinch_json_set (doc, "profile", json_string (cinch_profile_name (f->profile)));
  cinch_json_set (doc, "verdict", json_string (run ? "run" : "refused"));
  cinch_json_set (doc, "findings", findings_json (f));
  cinch_json_set (doc, "warnings",
                  plan->warnings ? cinch_json_str_array ((const char *const *) plan->warnings)
                                 : json_array ());
  if (effective && run)
    cinch_json_set (doc, "effective", cinch_plan_emit_json (plan, &big));
  text = cinch_emit_dumps (doc, &big);
  fputs (text, stdout);
  free (text);
  json_decref (doc);
  cinch_emit_big_clear (&big);
}

static int
check_plan (struct cinch_ctx *ctx, const struct check_opts *o, const char *shown,
            struct cinch_plan *plan, cinch_error_t *err)
{
  struct cinch_policy pol;
  struct cinch_host_facts facts;
  struct cinch_findings f = { 0 };
  int r;

  if (cinch_policy_load (ctx->policy_file, o->policy ? o->policy : ctx->policy_name, &pol, err) < 0)
    return cinch_error_wrap (err, "check");
  cinch_host_facts_collect (plan, ctx->root, &facts);
  {
    /* The same cgroup facts as create: what this host can enforce.  */
    struct cinch_cgroup_host h;
    cinch_cgroup_host_detect (&h);
    facts.cgroup_known = true;
    facts.cgroup_none = ctx->cgroup_manager == CINCH_CGROUP_DISABLED || h.mount == NULL;
    facts.cgroup_controllers = h.controllers;
    cinch_cgroup_host_clear (&h);
  }
  r = cinch_policy_apply (plan, &pol, &facts, &f) == 0 ? 0 : 1;
  if (o->json)
    print_json (shown, plan, &f, o->print_effective);
  else
    {
      /* With --print-effective stdout is the config alone, ready to be
       * saved and run; the report goes to stderr.  */
      print_text (o->print_effective ? stderr : stdout, shown, plan, &f);
      if (o->print_effective && r == 0)
        {
          cleanup_free char *text = cinch_plan_emit (plan);
          fputs (text, stdout);
        }
    }
  cinch_findings_clear (&f);
  cinch_host_facts_clear (&facts);
  cinch_policy_clear (&pol);
  return r;
}

int
cinch_cmd_check (struct cinch_ctx *ctx, int argc, char **argv)
{
  cleanup_error cinch_error_t err = NULL;
  struct check_opts o = { 0 };
  struct cinch_plan *plan = NULL;
  cleanup_free char *shown = NULL;
  int r;

  r = parse_opts (argc, argv, &o, &err);
  if (r < 0)
    return cinch_report_error (ctx, &err);
  if (r > 0)
    {
      print_help ();
      return 0;
    }
  shown = o.file     ? cinch_xstrdup (o.file)
          : o.bundle ? cinch_xasprintf ("%s/config.json", o.bundle)
                     : cinch_xstrdup ("./config.json");
  if (load_plan (&o, shown, &plan, &err) < 0)
    return cinch_report_error (ctx, &err);
  r = check_plan (ctx, &o, shown, plan, &err);
  cinch_plan_free (plan);
  if (r < 0)
    return cinch_report_error (ctx, &err);
  if (fflush (stdout) != 0)
    {
      cinch_fail (&err, errno, "check: write the report");
      return cinch_report_error (ctx, &err);
    }
  return r;
}
