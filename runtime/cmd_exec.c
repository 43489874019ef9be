/* cinch exec [OPTIONS] ID [COMMAND [ARG...]]
 * runc's flags and go-runc's spellings: --process FILE, -t/--tty, --cwd,
 * -e/--env, -u/--user UID[:GID], --additional-gids, --cap, --no-new-privs,
 * --apparmor, --process-label, --preserve-fds, -d/--detach, --pid-file,
 * --console-socket.  Options come before the id; everything after the id is
 * the command.  */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "cmd_common.h"
#include "log.h"

enum
{
  X_PROCESS = 1,
  X_TTY,
  X_CWD,
  X_ENV,
  X_USER,
  X_GIDS,
  X_CAP,
  X_NNP,
  X_APPARMOR,
  X_LABEL,
  X_PRESERVE,
  X_DETACH,
  X_PID_FILE,
  X_CONSOLE,
  X_HELP
};

static const struct cinch_opt exec_opts[] = {
  { "process", 'p', true, X_PROCESS },
  { "tty", 't', false, X_TTY },
  { "cwd", 0, true, X_CWD },
  { "env", 'e', true, X_ENV },
  { "user", 'u', true, X_USER },
  { "additional-gids", 'g', true, X_GIDS },
  { "cap", 'c', true, X_CAP },
  { "no-new-privs", 0, false, X_NNP },
  { "apparmor", 0, true, X_APPARMOR },
  { "process-label", 0, true, X_LABEL },
  { "preserve-fds", 0, true, X_PRESERVE },
  { "detach", 'd', false, X_DETACH },
  { "pid-file", 0, true, X_PID_FILE },
  { "console-socket", 0, true, X_CONSOLE },
  { "help", 'h', false, X_HELP },
  { NULL, 0, false, 0 },
};

static void
usage (void)
{
  printf ("Usage: cinch exec [OPTIONS] ID COMMAND [ARG...]\n"
          "       cinch exec [OPTIONS] --process FILE ID\n\n"
          "Run a process in a running container, with the container's namespaces, user\n"
          "namespace, seccomp filter, no_new_privs and at most its capabilities.\n\n"
          "Options:\n"
          "  -p, --process FILE        the process as an OCI process object (JSON)\n"
          "  -t, --tty                 allocate a pseudo-terminal\n"
          "  --cwd DIR                 working directory in the container\n"
          "  -e, --env KEY=VALUE       set an environment variable (repeatable)\n"
          "  -u, --user UID[:GID]      numeric user and group\n"
          "  -g, --additional-gids G   an additional numeric group (repeatable)\n"
          "  -c, --cap CAP             add a capability of the container's bounding set\n"
          "  --no-new-privs            set no_new_privs (always set when the container has it)\n"
          "  --apparmor P, --process-label L   accepted empty only (not supported)\n"
          "  --preserve-fds N          pass fds 3 .. 3+N-1 to the process\n"
          "  -d, --detach              do not wait for the process\n"
          "  --pid-file FILE           write the process's pid to FILE\n"
          "  --console-socket SOCKET   send the pty master to SOCKET (with --tty)\n");
}

static void
push (char ***v, const char *s)
{
  size_t n = cinch_strv_len (*v);
  *v = cinch_xrealloc (*v, (n + 2) * sizeof (char *));
  (*v)[n] = (char *) s;
  (*v)[n + 1] = NULL;
}

int
cinch_cmd_exec (struct cinch_ctx *ctx, int argc, char **argv)
{
  struct cinch_exec_opts o = { 0 };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .stop_at_positional = true };
  cleanup_error cinch_error_t err = NULL;
  cleanup_free char **env = NULL, **gids = NULL, **caps = NULL, **args = NULL;
  const char *arg = NULL;
  int id = 0, r, code;

  while ((r = cinch_argparse_next (&ap, exec_opts, "exec", &id, &arg, &err)) != -2)
    {
      bool on = r == 1 && (arg == NULL || strcmp (arg, "false") != 0);
      if (r < 0)
        return cinch_report_error (ctx, &err);
      if (r == 0)
        {
          /* The id; the rest of argv is the command, options included.  */
          o.id = arg;
          for (int i = ap.index; i < argc; i++)
            push (&args, argv[i]);
          break;
        }
      switch (id)
        {
        case X_PROCESS:
          o.process_path = arg;
          break;
        case X_TTY:
          o.tty = on;
          break;
        case X_CWD:
          o.cwd = arg;
          break;
        case X_ENV:
          push (&env, arg);
          break;
        case X_USER:
          o.user = arg;
          break;
        case X_GIDS:
          push (&gids, arg);
          break;
        case X_CAP:
          push (&caps, arg);
          break;
        case X_NNP:
          o.no_new_privs = on;
          break;
        case X_APPARMOR:
          o.apparmor = arg;
          break;
        case X_LABEL:
          if (*arg)
            {
              cinch_fail (&err, ENOTSUP, "--process-label `%s`: cinch does not support SELinux",
                          arg);
              return cinch_report_error (ctx, &err);
            }
          break;
        case X_PRESERVE:
          if (cinch_opt_parse_int ("--preserve-fds", arg, 1 << 16, &o.preserve_fds, &err) < 0)
            return cinch_report_error (ctx, &err);
          break;
        case X_DETACH:
          o.detach = on;
          break;
        case X_PID_FILE:
          o.pid_file = arg;
          break;
        case X_CONSOLE:
          o.console_socket = arg;
          break;
        case X_HELP:
          usage ();
          return 0;
        default:
          break;
        }
    }
  if (o.id == NULL)
    {
      cinch_fail (&err, 0, "exec: a container id is required (see `cinch exec --help`)");
      return cinch_report_error (ctx, &err);
    }
  if (o.process_path == NULL && args == NULL)
    {
      cinch_fail (&err, 0, "exec: a command is required after the id `%s` (or --process FILE)",
                  o.id);
      return cinch_report_error (ctx, &err);
    }
  o.args = args;
  o.env = env;
  o.additional_gids = gids;
  o.caps = caps;
  /* A foreground exec reaps what its process leaves behind.  */
  if (!o.detach)
    prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  code = cinch_container_exec (ctx, &o, &err);
  if (code < 0)
    return cinch_report_error (ctx, &err);
  return code;
}
