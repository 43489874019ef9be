/* cinch — entry point: global options, then one verb.  */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "cli.h"
#include "policy.h"
#include "log.h"
#include "spec.h"
#include "util.h"

int
cinch_report_error (const struct cinch_ctx *ctx, cinch_error_t *err)
{
  (void) ctx;
  cinch_log (CINCH_LOG_ERROR, "%s", cinch_error_msg (*err));
  cinch_error_free (err);
  return 1;
}

static const struct
{
  const char *name;
  cinch_cmd_fn fn;
  const char *help;
  const char *synopsis; /* NULL: the command prints its own --help */
} commands[] = {
  { "create", cinch_cmd_create, "create a container from a bundle", NULL },
  { "start", cinch_cmd_start, "start the user program of a created container", "start ID" },
  { "run", cinch_cmd_run, "create and start a container", NULL },
  { "state", cinch_cmd_state, "print the OCI state of a container", "state ID" },
  { "kill", cinch_cmd_kill, "send a signal to a container",
    "kill [-a|--all] ID [SIGNAL]   (SIGNAL: TERM, SIGTERM or 15; default TERM)" },
  { "delete", cinch_cmd_delete, "delete a container", "delete [-f|--force] ID" },
  { "list", cinch_cmd_list, "list containers", "list [-f|--format table|json] [-q|--quiet]" },
  { "spec", cinch_cmd_spec, "write a default config.json",
    "spec [-b|--bundle DIR] [--rootless]" },
  { "features", cinch_cmd_features, "print the features document", "features" },
  { "exec", cinch_cmd_exec, "run a process in a running container", NULL },
  { "update", cinch_cmd_update, "change the cgroup limits of a running container", NULL },
  { "pause", cinch_cmd_pause, "freeze every process of a container", "pause ID" },
  { "resume", cinch_cmd_resume, "thaw a paused container", "resume ID" },
  { "ps", cinch_cmd_ps, "list the processes of a container", NULL },
  { "events", cinch_cmd_events, "print a container's statistics and OOM events", NULL },
  { "check", cinch_cmd_check, "show what the policy decides for a config, without running it",
    NULL },
};

static void
print_usage (FILE *f)
{
  fprintf (f, "Usage: cinch [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n\n"
              "cinch is a small, hardened OCI container runtime.\n\nCommands:\n");
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (commands); i++)
    fprintf (f, "  %-10s %s\n", commands[i].name, commands[i].help);
  fprintf (f, "\nGlobal options:\n"
              "  --root DIR              state directory (default /run/cinch)\n"
              "  --log FILE              also write messages to FILE\n"
              "  --log-format text|json  format of the --log file (default text)\n"
              "  --debug                 print debug messages\n"
              "  --systemd-cgroup        same as --cgroup-manager systemd\n"
              "  --cgroup-manager M      cgroupfs, systemd or disabled\n"
              "  --rootless[=true|false|auto]  accepted for compatibility\n"
              "  --policy NAME           hardened (default), strict or compat\n"
              "  --policy-file PATH      policy file (default " CINCH_POLICY_FILE ")\n"
              "  --version, -v           print the version\n"
              "  --help, -h              print this help\n\n"
              "See cinch(8) for each command's options.\n");
}

enum
{
  G_ROOT = 1,
  G_LOG,
  G_LOG_FORMAT,
  G_DEBUG,
  G_SYSTEMD,
  G_CGMGR,
  G_ROOTLESS,
  G_POLICY,
  G_POLICY_FILE,
  G_VERSION,
  G_HELP
};

static const struct cinch_opt global_opts[] = {
  { "root", 0, true, G_ROOT },
  { "log", 0, true, G_LOG },
  { "log-format", 0, true, G_LOG_FORMAT },
  { "debug", 0, false, G_DEBUG },
  { "systemd-cgroup", 0, false, G_SYSTEMD },
  { "cgroup-manager", 0, true, G_CGMGR },
  { "rootless", 0, false, G_ROOTLESS },
  { "policy", 0, true, G_POLICY },
  { "policy-file", 0, true, G_POLICY_FILE },
  { "version", 'v', false, G_VERSION },
  { "help", 'h', false, G_HELP },
  { NULL, 0, false, 0 },
};

static int
parse_global (struct cinch_ctx *ctx, struct cinch_argparse *ap, const char **command,
              cinch_error_t *err)
{
  int id;
  const char *arg = NULL;
  const char *log_format = "text";

  for (;;)
    {
      int r;
      const char *next = ap->index < ap->argc ? ap->argv[ap->index] : "";

      /* --rootless takes true, false or auto after "=", or stands alone. */
      if (strncmp (next, "--rootless=", 11) == 0 || strncmp (next, "-rootless=", 10) == 0)
        {
          const char *v = strchr (next, '=') + 1;
          if (strcmp (v, "true") && strcmp (v, "false") && strcmp (v, "auto"))
            return cinch_fail (err, 0, "--rootless: expected true, false or auto, got `%s`", v);
          ctx->rootless = strcmp (v, "true") == 0;
          ap->index++;
          continue;
        }
      r = cinch_argparse_next (ap, global_opts, NULL, &id, &arg, err);
      if (r < 0 && r != -2)
        return -1;
      if (r == -2)
        break;
      if (r == 0)
        {
          *command = arg;
          break;
        }
      switch (id)
        {
        case G_ROOT:
          if (*arg == '\0')
            return cinch_fail (err, 0, "--root: empty path");
          ctx->root = arg;
          break;
        case G_LOG:
          ctx->log_path = arg;
          break;
        case G_LOG_FORMAT:
          log_format = arg;
          break;
        case G_DEBUG:
          ctx->debug = arg == NULL;
          break;
        case G_SYSTEMD:
          if (arg == NULL)
            ctx->cgroup_manager = CINCH_CGROUP_SYSTEMD;
          break;
        case G_CGMGR:
          if (strcmp (arg, "cgroupfs") == 0)
            ctx->cgroup_manager = CINCH_CGROUP_CGROUPFS;
          else if (strcmp (arg, "systemd") == 0)
            ctx->cgroup_manager = CINCH_CGROUP_SYSTEMD;
          else if (strcmp (arg, "disabled") == 0)
            ctx->cgroup_manager = CINCH_CGROUP_DISABLED;
          else
            return cinch_fail (err, 0,
                               "--cgroup-manager: unknown manager `%s` (expected cgroupfs, "
                               "systemd or disabled)",
                               arg);
          break;
        case G_ROOTLESS:
          ctx->rootless = true;
          break;
        case G_POLICY:
          if (cinch_profile_from_name (arg) < 0)
            return cinch_fail (err, 0,
                               "--policy: unknown profile `%s` (expected hardened, strict or "
                               "compat)",
                               arg);
          ctx->policy_name = arg;
          break;
        case G_POLICY_FILE:
          if (*arg == '\0')
            return cinch_fail (err, 0, "--policy-file: empty path");
          ctx->policy_file = arg;
          break;
        case G_VERSION:
          {
            const struct scmp_version *v = seccomp_version ();
            printf ("cinch version %s\nspec: %s\nlibseccomp: %u.%u.%u\n", PACKAGE_VERSION,
                    CINCH_OCI_VERSION, v->major, v->minor, v->micro);
          }
          exit (0);
        case G_HELP:
          print_usage (stdout);
          exit (0);
        default:
          break;
        }
    }
  if (strcmp (log_format, "json") == 0)
    ctx->log_json = true;
  else if (strcmp (log_format, "text") != 0)
    return cinch_fail (err, 0, "--log-format: unknown format `%s` (expected text or json)",
                       log_format);
  return 0;
}

int
main (int argc, char **argv)
{
  struct cinch_ctx ctx = { .root = "/run/cinch" };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 1, .stop_at_positional = true };
  const char *command = NULL;
  cleanup_error cinch_error_t err = NULL;
  int r;

  r = parse_global (&ctx, &ap, &command, &err);
  /* Open the log before reporting anything so engines find errors there. */
  if (cinch_log_init (ctx.log_path, ctx.log_json, ctx.debug) < 0)
    fprintf (stderr, "cinch: open log file `%s`: %s\n", ctx.log_path, strerror (errno));
  if (r < 0)
    return cinch_report_error (&ctx, &err);
  if (command == NULL)
    {
      print_usage (stderr);
      return 1;
    }
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (commands); i++)
    if (strcmp (commands[i].name, command) == 0)
      {
        const char *first = ap.index < argc ? argv[ap.index] : "";
        if (commands[i].synopsis
            && (strcmp (first, "--help") == 0 || strcmp (first, "-h") == 0))
          {
            printf ("Usage: cinch %s\n\n%c%s.\nSee cinch(8).\n", commands[i].synopsis,
                    commands[i].help[0] - 'a' + 'A', commands[i].help + 1);
            return 0;
          }
        return commands[i].fn (&ctx, argc - ap.index, argv + ap.index);
      }
  if (strcmp (command, "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  cinch_fail (&err, 0, "unknown command `%s` (see `cinch --help`)", command);
  return cinch_report_error (&ctx, &err);
}
