/* exec_attack DIR [SECONDS] — a hostile process inside a container, for
 * exec.bats: while `cinch exec` runs in the same container, it tries,
 * in a tight loop over /proc, everything CVE-2019-5736 and CVE-2016-9962
 * did to a runtime process that enters a container:
 *
 *   - open /proc/PID/exe with O_PATH and keep the fd, open it O_WRONLY,
 *     and reopen every kept fd through /proc/self/fd/N for writing, at
 *     every round (the runtime binary becomes writable once the runtime
 *     has exited: ETXTBSY no more); it never writes a byte;
 *   - read the targets of /proc/PID/fd/N and open them;
 *   - read /proc/PID/environ;
 *   - PTRACE_SEIZE the process (then lets it go at once).
 *
 * It logs every distinct success (and the first denial per pid and kind)
 * to DIR/attack.log, files by device and inode (the test compares them
 * with the host's cinch binary: the attacker cannot see it):
 *
 *   self DEV:INO, busybox DEV:INO      its own exe, /bin/busybox
 *   exe PID DEV:INO                    O_PATH open of /proc/PID/exe
 *   exe-wronly PID DEV:INO             O_WRONLY open of /proc/PID/exe
 *   exe-reopen PID DEV:INO             a kept O_PATH fd reopened for writing
 *   fd PID N TARGET                    readlink of /proc/PID/fd/N
 *   fd-open PID N DEV:INO              open of /proc/PID/fd/N
 *   env PID TEXT                       /proc/PID/environ (NULs as spaces)
 *   ptrace PID DEV:INO                 PTRACE_SEIZE worked (its exe while stopped,
 *                                      "gone" if it exited first)
 *   denied PID KIND ERRNO              first denial of KIND for PID
 *
 * It stops when DIR/stop appears (or after SECONDS, default 60), makes a
 * last round of reopens, and creates DIR/attack.done.  */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_KEPT 512
#define SEEN_SLOTS 65536

static FILE *logf;
static uint64_t seen[SEEN_SLOTS];
static char self_id[64], busybox_id[64];
static int kept[MAX_KEPT], kept_pid[MAX_KEPT];
static char kept_id[MAX_KEPT][64];
static int n_kept;

static uint64_t
hash (const char *s)
{
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 1099511628211ULL;
  return h ? h : 1;
}

/* Log a line once.  */
static void
logline (const char *fmt, ...)
{
  char buf[4200];
  va_list ap;
  uint64_t h;
  size_t i;

  va_start (ap, fmt);
  vsnprintf (buf, sizeof (buf), fmt, ap);
  va_end (ap);
  h = hash (buf);
  for (i = h % SEEN_SLOTS; seen[i]; i = (i + 1) % SEEN_SLOTS)
    if (seen[i] == h)
      return;
  seen[i] = h;
  fprintf (logf, "%s\n", buf);
  fflush (logf);
}

static void
dev_ino (int fd, char *out, size_t len)
{
  struct stat st;
  if (fstat (fd, &st) < 0)
    snprintf (out, len, "?");
  else
    snprintf (out, len, "%lu:%lu", (unsigned long) st.st_dev, (unsigned long) st.st_ino);
}

static void
reopen_kept (void)
{
  for (int i = 0; i < n_kept; i++)
    {
      char p[64];
      int fd;
      snprintf (p, sizeof (p), "/proc/self/fd/%d", kept[i]);
      fd = open (p, O_WRONLY | O_CLOEXEC);
      if (fd >= 0)
        {
          logline ("exe-reopen %d %s", kept_pid[i], kept_id[i]);
          close (fd);
        }
    }
}

static void
attack_exe (int pid)
{
  char p[64], id[64];
  int fd;

  snprintf (p, sizeof (p), "/proc/%d/exe", pid);
  fd = open (p, O_PATH | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno != ENOENT)
        logline ("denied %d exe %d", pid, errno);
      return;
    }
  dev_ino (fd, id, sizeof (id));
  logline ("exe %d %s", pid, id);
  if (strcmp (id, self_id) != 0 && strcmp (id, busybox_id) != 0 && n_kept < MAX_KEPT)
    {
      kept[n_kept] = fd;
      kept_pid[n_kept] = pid;
      snprintf (kept_id[n_kept], sizeof (kept_id[n_kept]), "%s", id);
      n_kept++;
    }
  else
    close (fd);
  fd = open (p, O_WRONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      dev_ino (fd, id, sizeof (id));
      logline ("exe-wronly %d %s", pid, id);
      close (fd);
    }
}

static void
attack_fds (int pid)
{
  char p[64];
  DIR *d;
  struct dirent *e;

  snprintf (p, sizeof (p), "/proc/%d/fd", pid);
  d = opendir (p);
  if (d == NULL)
    {
      if (errno != ENOENT)
        logline ("denied %d fd %d", pid, errno);
      return;
    }
  while ((e = readdir (d)) != NULL)
    {
      char link[400], target[4096], id[64];
      ssize_t n;
      int fd;
      if (e->d_name[0] == '.')
        continue;
      snprintf (link, sizeof (link), "%s/%s", p, e->d_name);
      n = readlink (link, target, sizeof (target) - 1);
      if (n < 0)
        {
          if (errno != ENOENT)
            logline ("denied %d fd-link %d", pid, errno);
          continue;
        }
      target[n] = '\0';
      logline ("fd %d %s %s", pid, e->d_name, target);
      fd = open (link, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      if (fd >= 0)
        {
          dev_ino (fd, id, sizeof (id));
          logline ("fd-open %d %s %s", pid, e->d_name, id);
          close (fd);
        }
    }
  closedir (d);
}

static void
attack_environ (int pid)
{
  char p[64], buf[4000];
  ssize_t n;
  int fd;

  snprintf (p, sizeof (p), "/proc/%d/environ", pid);
  fd = open (p, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno != ENOENT)
        logline ("denied %d environ %d", pid, errno);
      return;
    }
  n = read (fd, buf, sizeof (buf) - 1);
  close (fd);
  if (n < 0)
    {
      if (errno != ESRCH)
        logline ("denied %d environ-read %d", pid, errno);
      return;
    }
  for (ssize_t i = 0; i < n; i++)
    if (buf[i] == '\0' || buf[i] == '\n')
      buf[i] = ' ';
  buf[n] = '\0';
  if (n > 0)
    logline ("env %d %s", pid, buf);
}

static void
attack_ptrace (int pid)
{
  char p[64], id[64] = "gone";
  int fd, st;

  if (ptrace (PTRACE_SEIZE, pid, 0, 0) < 0)
    {
      if (errno != ESRCH)
        logline ("denied %d ptrace %d", pid, errno);
      return;
    }
  /* Stop it (so that what it runs cannot change under us), look at its
   * exe, let it go (a seized tracee would otherwise stop at its next
   * signal, waiting for us).  */
  if (ptrace (PTRACE_INTERRUPT, pid, 0, 0) == 0 && waitpid (pid, &st, __WALL) == pid
      && WIFSTOPPED (st))
    {
      snprintf (p, sizeof (p), "/proc/%d/exe", pid);
      fd = open (p, O_PATH | O_CLOEXEC);
      if (fd >= 0)
        {
          dev_ino (fd, id, sizeof (id));
          close (fd);
        }
      ptrace (PTRACE_DETACH, pid, 0, 0);
    }
  logline ("ptrace %d %s", pid, id);
}

int
main (int argc, char **argv)
{
  char path[4096];
  int self = getpid (), fd;
  time_t end;

  if (argc < 2)
    {
      fprintf (stderr, "usage: exec_attack DIR [SECONDS]\n");
      return 2;
    }
  end = time (NULL) + (argc > 2 ? atoi (argv[2]) : 60);
  snprintf (path, sizeof (path), "%s/attack.log", argv[1]);
  logf = fopen (path, "w");
  if (logf == NULL)
    {
      perror (path);
      return 1;
    }
  signal (SIGCHLD, SIG_DFL);
  fd = open ("/proc/self/exe", O_PATH | O_CLOEXEC);
  dev_ino (fd, self_id, sizeof (self_id));
  close (fd);
  fd = open ("/bin/busybox", O_PATH | O_CLOEXEC);
  dev_ino (fd, busybox_id, sizeof (busybox_id));
  close (fd);
  logline ("self %s", self_id);
  logline ("busybox %s", busybox_id);
  snprintf (path, sizeof (path), "%s/stop", argv[1]);
  while (access (path, F_OK) != 0 && time (NULL) < end)
    {
      DIR *d = opendir ("/proc");
      struct dirent *e;
      if (d == NULL)
        {
          logline ("error opendir /proc %d", errno);
          break;
        }
      while ((e = readdir (d)) != NULL)
        {
          int pid = atoi (e->d_name);
          if (pid <= 0 || pid == self)
            continue;
          attack_exe (pid);
          attack_fds (pid);
          attack_environ (pid);
          attack_ptrace (pid);
        }
      closedir (d);
      reopen_kept ();
    }
  reopen_kept ();
  fclose (logf);
  snprintf (path, sizeof (path), "%s/attack.done", argv[1]);
  fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0)
    close (fd);
  return 0;
}
