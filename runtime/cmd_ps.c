/* cinch ps [-f|--format table|json] ID [PS OPTIONS...]
 * As runc's ps: json is the array of host pids in the container's cgroup
 * (what containerd's go-runc and `docker top` parse); table runs ps(1) with
 * the options after the id (default -ef) and keeps its header and the
 * lines whose PID column is one of those pids.  */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "cmd_common.h"
#include "container.h"
#include "state.h"

extern char **environ;

/* The container's pids (sorted), from its cgroup and every descendant.  */
static int
container_pids (const struct cinch_ctx *ctx, const char *id, pid_t **pids, size_t *n,
                cinch_error_t *err)
{
  cleanup_close int rootfd = -1, dirfd = -1, cgfd = -1;
  struct cinch_state st = { 0 };
  enum cinch_status status;
  int r;

  if (cinch_container_load_state (ctx, id, false, &rootfd, &dirfd, &st, err) < 0)
    return -1;
  status = cinch_state_status (dirfd, &st);
  if (st.cgroup_path == NULL)
    r = cinch_fail_code (err, ENOTSUP,
                         "cannot list the processes of container `%s`: it has no cgroup (it was "
                         "created with --cgroup-manager disabled)",
                         id);
  else if ((cgfd = open (st.cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0)
    {
      /* A stopped container's cgroup may be gone: it has no process.  */
      if (errno == ENOENT && status == CINCH_STATUS_STOPPED)
        {
          *pids = NULL;
          *n = 0;
          r = 0;
        }
      else
        r = cinch_fail (err, errno, "container `%s`: open its cgroup %s", id, st.cgroup_path);
    }
  else if ((r = cinch_cgroup_pids (cgfd, pids, n, err)) < 0)
    cinch_error_wrap (err, "container `%s`", id);
  cinch_state_clear (&st);
  return r;
}

static bool
has_pid (const pid_t *pids, size_t n, long p)
{
  for (size_t i = 0; i < n; i++)
    if (pids[i] == p)
      return true;
  return false;
}

/* Run ps with args (argv[0] included), its stdout and stderr in *out.  */
static int
run_ps (char **args, char **out, cinch_error_t *err)
{
  posix_spawn_file_actions_t fa;
  cleanup_free char *buf = NULL;
  size_t len = 0, cap = 8192;
  int pfd[2], status;
  pid_t pid;
  int r;

  if (pipe2 (pfd, O_CLOEXEC) < 0)
    return cinch_fail (err, errno, "ps: pipe");
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&fa, pfd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2 (&fa, pfd[1], STDERR_FILENO);
  r = posix_spawnp (&pid, "ps", &fa, NULL, args, environ);
  posix_spawn_file_actions_destroy (&fa);
  close (pfd[1]);
  if (r != 0)
    {
      close (pfd[0]);
      return cinch_fail (err, r, "run ps");
    }
  buf = cinch_xmalloc (cap);
  for (;;)
    {
      ssize_t k;
      if (len + 1 >= cap)
        buf = cinch_xrealloc (buf, cap *= 2);
      k = read (pfd[0], buf + len, cap - len - 1);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        break;
      len += (size_t) k;
    }
  buf[len] = '\0';
  close (pfd[0]);
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return cinch_fail (err, errno, "wait for ps");
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      buf[strcspn (buf, "\n")] = '\0';
      return cinch_fail (err, 0, "ps %s failed (%s %d): %s", args[1] ? args[1] : "",
                         WIFEXITED (status) ? "exit status" : "signal",
                         WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status), buf);
    }
  *out = steal_pointer (&buf);
  return 0;
}

/* The header, then the lines of the container's processes.  */
static int
print_table (char **args, const pid_t *pids, size_t n, cinch_error_t *err)
{
  cleanup_free char *text = NULL;
  char *save = NULL, *line, *header;
  int col = -1, i = 0;

  if (run_ps (args, &text, err) < 0)
    return -1;
  header = strtok_r (text, "\n", &save);
  if (header)
    {
      cleanup_free char *h = cinch_xstrdup (header);
      char *s2 = NULL;
      for (char *w = strtok_r (h, " \t", &s2); w && col < 0; w = strtok_r (NULL, " \t", &s2), i++)
        if (strcmp (w, "PID") == 0)
          col = i;
    }
  if (col < 0)
    return cinch_fail (err, 0, "ps: no PID column in the output of ps (its options must keep it)");
  puts (header);
  while ((line = strtok_r (NULL, "\n", &save)) != NULL)
    {
      cleanup_free char *copy = cinch_xstrdup (line);
      char *s2 = NULL, *w = strtok_r (copy, " \t", &s2), *end;
      long p;
      for (i = 0; w && i < col; i++)
        w = strtok_r (NULL, " \t", &s2);
      if (w == NULL)
        continue;
      errno = 0;
      p = strtol (w, &end, 10);
      if (errno || *end || end == w)
        return cinch_fail (err, 0, "ps: `%s` in the PID column is not a pid", w);
      if (has_pid (pids, n, p))
        puts (line);
    }
  return 0;
}

int
cinch_cmd_ps (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { "format", 'f', true, 1 },
                                           { "help", 'h', false, 2 },
                                           { NULL, 0, false, 0 } };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .stop_at_positional = true };
  cleanup_error cinch_error_t err = NULL;
  cleanup_free pid_t *pids = NULL;
  cleanup_free char **args = NULL;
  const char *arg = NULL, *id = NULL, *format = "table";
  size_t n = 0, n_args = 0;
  int opt = 0, r;

  while ((r = cinch_argparse_next (&ap, opts, "ps", &opt, &arg, &err)) != -2)
    {
      if (r < 0)
        return cinch_report_error (ctx, &err);
      if (r == 0)
        {
          id = arg;
          break; /* the rest is for ps(1) */
        }
      if (opt == 2)
        {
          printf ("Usage: cinch ps [-f|--format table|json] ID [PS OPTIONS...]\n\n"
                  "List the processes of a container: a JSON array of their host pids, or\n"
                  "the lines of ps(1) (run with PS OPTIONS, default -ef) for those pids.\n");
          return 0;
        }
      format = arg;
    }
  if (strcmp (format, "table") != 0 && strcmp (format, "json") != 0)
    {
      cinch_fail (&err, 0, "ps: unknown --format `%s` (expected table or json)", format);
      return cinch_report_error (ctx, &err);
    }
  if (id == NULL)
    {
      cinch_fail (&err, 0, "ps: missing the container id");
      return cinch_report_error (ctx, &err);
    }
  if (strcmp (format, "json") == 0 && ap.index < argc)
    {
      cinch_fail (&err, 0, "ps: `%s`: ps options are only for --format table", argv[ap.index]);
      return cinch_report_error (ctx, &err);
    }
  if (container_pids (ctx, id, &pids, &n, &err) < 0)
    return cinch_report_error (ctx, &err);
  if (strcmp (format, "json") == 0)
    {
      fputc ('[', stdout);
      for (size_t i = 0; i < n; i++)
        printf ("%s%d", i ? "," : "", (int) pids[i]);
      fputs ("]\n", stdout);
      return 0;
    }
  args = cinch_xcalloc ((size_t) (argc - ap.index) + 3, sizeof (char *));
  args[n_args++] = (char *) "ps";
  for (int i = ap.index; i < argc; i++)
    args[n_args++] = argv[i];
  if (n_args == 1)
    args[n_args++] = (char *) "-ef";
  if (print_table (args, pids, n, &err) < 0)
    return cinch_report_error (ctx, &err);
  return 0;
}
