#include "cmd_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum
{
  O_BUNDLE = 1,
  O_PID_FILE,
  O_CONSOLE,
  O_NO_PIVOT,
  O_NO_KEYRING,
  O_PRESERVE,
  O_DETACH,
  O_CONFIG,
  O_NO_SUBREAPER,
  O_KEEP,
  O_HELP
};

/* run accepts every create flag, then its own.  */
#define CREATE_FLAGS                                                                               \
  { "bundle", 'b', true, O_BUNDLE }, { "pid-file", 0, true, O_PID_FILE },                          \
      { "console-socket", 0, true, O_CONSOLE }, { "no-pivot", 0, false, O_NO_PIVOT },              \
      { "no-new-keyring", 0, false, O_NO_KEYRING }, { "preserve-fds", 0, true, O_PRESERVE },       \
  {                                                                                                \
    "help", 'h', false, O_HELP                                                                     \
  }

static const struct cinch_opt create_opts[] = { CREATE_FLAGS, { NULL, 0, false, 0 } };

static const struct cinch_opt run_opts[] = {
  CREATE_FLAGS,
  { "detach", 'd', false, O_DETACH },
  { "config", 'f', true, O_CONFIG },
  { "no-subreaper", 0, false, O_NO_SUBREAPER },
  { "keep", 0, false, O_KEEP },
  { NULL, 0, false, 0 },
};

static void
usage (const char *cmd)
{
  if (strcmp (cmd, "run") == 0)
    printf ("Usage: cinch run [OPTIONS] ID\n\n"
            "Create and start a container; in the foreground, forward signals and exit\n"
            "with its status (128+N when killed by signal N), then delete it.\n\n");
  else
    printf ("Usage: cinch create [OPTIONS] ID\n\n"
            "Create a container whose process waits for `cinch start ID`.\n\n");
  printf ("Options:\n"
          "  -b, --bundle DIR          bundle directory (default: the current directory)\n"
          "  --pid-file FILE           write the container's pid to FILE\n"
          "  --console-socket SOCKET   send the pty master of a terminal to SOCKET\n"
          "  --no-pivot                chroot instead of pivot_root (weaker)\n"
          "  --no-new-keyring          keep cinch's session keyring\n"
          "  --preserve-fds N          pass fds 3 .. 3+N-1 to the container\n");
  if (strcmp (cmd, "run") == 0)
    printf ("  -d, --detach              do not wait for the container\n"
            "  -f, --config FILE         config file instead of BUNDLE/config.json\n"
            "  --no-subreaper            do not reap the container's orphans\n"
            "  --keep                    keep the stopped container after a foreground run\n");
}

int
cinch_parse_create_opts (const char *cmd, int argc, char **argv, struct cinch_create_opts *o,
                         struct cinch_run_extra *extra, cinch_error_t *err)
{
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  int id = 0;
  const char *arg = NULL;
  int r;

  while ((r = cinch_argparse_next (&ap, extra ? run_opts : create_opts, cmd, &id, &arg, err)) != -2)
    {
      bool on;
      if (r < 0)
        return -1;
      on = r == 1 && (arg == NULL || strcmp (arg, "false") != 0);
      if (r == 0)
        {
          if (o->id)
            return cinch_fail (err, 0, "%s: unexpected argument `%s` (the container id is `%s`)",
                               cmd, arg, o->id);
          o->id = arg;
          continue;
        }
      switch (id)
        {
        case O_BUNDLE:
          o->bundle = arg;
          break;
        case O_PID_FILE:
          o->pid_file = arg;
          break;
        case O_CONSOLE:
          o->console_socket = arg;
          break;
        case O_NO_PIVOT:
          o->no_pivot = on;
          break;
        case O_NO_KEYRING:
          o->no_new_keyring = on;
          break;
        case O_PRESERVE:
          if (cinch_opt_parse_int ("--preserve-fds", arg, 1 << 16, &o->preserve_fds, err) < 0)
            return -1;
          break;
        case O_DETACH:
          extra->detach = on;
          break;
        case O_CONFIG:
          o->config_path = arg;
          break;
        case O_NO_SUBREAPER:
          extra->no_subreaper = on;
          break;
        case O_KEEP:
          extra->keep = on;
          break;
        case O_HELP:
          usage (cmd);
          exit (0);
        default:
          break;
        }
    }
  if (o->id == NULL)
    return cinch_fail (err, 0, "%s: missing the container id", cmd);
  return 0;
}

int
cinch_parse_id_cmd (const char *cmd, int argc, char **argv, const struct cinch_opt *opts,
                    bool *flags, const char **id_out, const char **rest, int max_rest, int *n_rest,
                    cinch_error_t *err)
{
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  int id, r, n = 0;
  const char *arg = NULL;

  *id_out = NULL;
  while ((r = cinch_argparse_next (&ap, opts, cmd, &id, &arg, err)) != -2)
    {
      if (r < 0)
        return -1;
      if (r == 0)
        {
          if (*id_out == NULL)
            *id_out = arg;
          else if (n < max_rest)
            rest[n++] = arg;
          else
            return cinch_fail (err, 0, "%s: unexpected argument `%s`", cmd, arg);
          continue;
        }
      flags[id] = arg == NULL || strcmp (arg, "false") != 0;
    }
  if (*id_out == NULL)
    return cinch_fail (err, 0, "%s: missing the container id", cmd);
  if (n_rest)
    *n_rest = n;
  return 0;
}
